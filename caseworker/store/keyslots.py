"""Key slots: who can unwrap the caseload's data key (the LUKS / CommCare model).

The database is encrypted with a random 256-bit *data key*. ``keyslots.json`` holds that key wrapped
several times, once per way in:

* a **passphrase** slot per local user (Argon2id, parameters stored in the slot),
* one **recovery** slot, opened by a recovery key shown once at set-up (8 groups of 5 characters,
  each group ending in a check character so a typo is caught, and located, before any decryption),
* optionally a **keyring** slot, opened by a random secret kept in the OS keyring.

Each slot owns an X25519 key pair. The private key is sealed (AES-GCM) under a key derived from the
slot's secret; the data key is sealed to the slot's *public* key (X25519 + HKDF + AES-GCM). So:

* changing a passphrase re-seals one slot and never touches the database;
* rekeying the database re-wraps the new data key for every slot without knowing anyone's passphrase
  (and without the keyring), which is what makes ``rekey`` usable after someone leaves;
* the AES-GCM additional data binds each slot's metadata (caseload id, slot id, type, user name, KDF
  parameters, public key), so a slot edited, swapped between users or copied from another caseload
  does not open.

A rekey first records the new wrapped keys as ``pending`` next to the current ones; the caseload opener
resolves a pending rekey whichever way the database says it went (see caseload.py).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets as _secrets
import time
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseworker.core.errors import KnownError, ValidationError
from caseworker.store.errors import (
    CaseloadDamaged,
    CaseloadLocked,
    KeyringUnavailable,
    WrongPassphrase,
    WrongRecoveryKey,
)
from caseworker.store.secrets import SecretStore

FORMAT = "caseworker-keyslots"
VERSION = 1
KEYSLOTS_NAME = "keyslots.json"
LOCK_NAME = "keyslots.lock"
DATA_KEY_BYTES = 32

SlotType = Literal["passphrase", "recovery", "keyring"]

# Recovery keys: Crockford base32 (no I, L, O, U), 8 groups of 4 random characters + 1 check character.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 8
RECOVERY_GROUP_DATA = 4  # 8 x 4 x 5 bits = 160 random bits


# --------------------------------------------------------------------------------------------- KDF


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost for passphrase slots. The default costs about 0.4 s on a 2-core test machine
    (benchmarks/unlock_bench.py); the parameters are stored in each slot, so raising them later only
    affects slots written afterwards."""

    iterations: int = 3
    memory_kib: int = 131072  # 128 MiB
    lanes: int = 1

    @classmethod
    def insecure_fast(cls) -> KdfParams:
        """Near-zero cost, for tests only: never use for a real caseload."""
        return cls(iterations=1, memory_kib=8, lanes=1)


#: What new passphrase slots use unless a caller passes ``kdf=`` (tests monkeypatch this to be fast).
DEFAULT_KDF = KdfParams()


def default_kdf() -> KdfParams:
    return DEFAULT_KDF


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC so the same passphrase typed on another keyboard layout or OS still matches."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def normalize_username(username: str) -> str:
    name = unicodedata.normalize("NFC", username).strip()
    if not name:
        raise ValidationError("username", "The user name is empty.")
    if len(name) > 64:
        raise ValidationError("username", "The user name is longer than 64 characters.")
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError("username", "The user name may not contain spaces or control characters.")
    return name


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < 8:
        raise ValidationError("passphrase", "The passphrase must have at least 8 characters.")
    if passphrase != passphrase.strip():
        raise ValidationError("passphrase", "The passphrase may not start or end with a space.")


def _derive_argon2(secret: bytes, kdf: dict[str, Any]) -> bytes:
    return Argon2id(
        salt=_unb64(kdf["salt"]),
        length=32,
        iterations=int(kdf["iterations"]),
        lanes=int(kdf["lanes"]),
        memory_cost=int(kdf["memory_kib"]),
    ).derive(secret)


def _derive_hkdf(secret: bytes, kdf: dict[str, Any], info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_unb64(kdf["salt"]), info=info).derive(secret)


def _new_argon2_kdf(params: KdfParams) -> dict[str, Any]:
    return {
        "algorithm": "argon2id",
        "salt": _b64(os.urandom(16)),
        "iterations": params.iterations,
        "memory_kib": params.memory_kib,
        "lanes": params.lanes,
    }


def _new_hkdf_kdf() -> dict[str, Any]:
    return {"algorithm": "hkdf-sha256", "salt": _b64(os.urandom(16))}


# ---------------------------------------------------------------------------------- recovery keys


def _check_char(index: int, chars: str) -> str:
    digest = hashlib.sha256(f"caseworker-recovery:{index}:{chars}".encode("ascii")).digest()
    return RECOVERY_ALPHABET[digest[0] % 32]


def new_recovery_key() -> str:
    """A fresh recovery key, e.g. ``7K2QX-M9D4T-...`` (8 groups of 5): 160 random bits."""
    groups = []
    for i in range(RECOVERY_GROUPS):
        data = "".join(_secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_DATA))
        groups.append(data + _check_char(i, data))
    return "-".join(groups)


def parse_recovery_key(text: str) -> bytes:
    """The recovery key's secret bytes; WrongRecoveryKey naming the group with a typo.

    Forgiving about what people do when copying: case, spaces, dashes, O for 0, I and L for 1.
    """
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-_.")
    cleaned = cleaned.translate(str.maketrans("OILU", "011V"))
    size = RECOVERY_GROUP_DATA + 1
    if len(cleaned) != RECOVERY_GROUPS * size or any(ch not in RECOVERY_ALPHABET for ch in cleaned):
        raise WrongRecoveryKey(
            "This is not a complete recovery key.",
            hint="A recovery key has 8 groups of 5 letters and digits, e.g. 7K2QX-M9D4T-…",
        )
    data = []
    for i in range(RECOVERY_GROUPS):
        group = cleaned[i * size : (i + 1) * size]
        if _check_char(i, group[:-1]) != group[-1]:
            raise WrongRecoveryKey(
                f"Group {i + 1} of the recovery key has a typo.",
                hint="Compare that group with the written copy, character by character.",
            )
        data.append(group[:-1])
    return "".join(data).encode("ascii")


# ------------------------------------------------------------------------------------------ slots


@dataclass(frozen=True)
class Slot:
    id: str
    type: SlotType
    username: str | None
    kdf: dict[str, Any]
    public_key: str
    sealed_private: str
    wrapped_key: str
    secret_name: str | None = None
    created: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "username": self.username,
            "kdf": self.kdf,
            "public_key": self.public_key,
            "sealed_private": self.sealed_private,
            "wrapped_key": self.wrapped_key,
            "secret_name": self.secret_name,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, raw: Any) -> Slot:
        if not isinstance(raw, dict):
            raise ValueError("slot is not an object")
        slot_type = raw["type"]
        if slot_type not in ("passphrase", "recovery", "keyring"):
            raise ValueError("unknown slot type")
        kdf = raw["kdf"]
        if not isinstance(kdf, dict):
            raise ValueError("kdf is not an object")
        for key in ("id", "public_key", "sealed_private", "wrapped_key"):
            if not isinstance(raw[key], str):
                raise ValueError(f"{key} is not text")
        return cls(
            id=raw["id"],
            type=slot_type,
            username=raw.get("username"),
            kdf=kdf,
            public_key=raw["public_key"],
            sealed_private=raw["sealed_private"],
            wrapped_key=raw["wrapped_key"],
            secret_name=raw.get("secret_name"),
            created=str(raw.get("created", "")),
        )


def _aad(caseload_id: str, slot: Slot, purpose: str) -> bytes:
    bound = {
        "format": FORMAT,
        "version": VERSION,
        "caseload_id": caseload_id,
        "purpose": purpose,
        "id": slot.id,
        "type": slot.type,
        "username": slot.username,
        "kdf": slot.kdf,
        "public_key": slot.public_key,
        "secret_name": slot.secret_name,
    }
    return json.dumps(bound, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


_HKDF_INFO_DATA_KEY = b"caseworker keyslot data key v1"
_HKDF_INFO_RECOVERY = b"caseworker recovery slot v1"
_HKDF_INFO_KEYRING = b"caseworker keyring slot v1"


def _seal_to_public(caseload_id: str, slot: Slot, data_key: bytes) -> str:
    public = X25519PublicKey.from_public_bytes(_unb64(slot.public_key))
    ephemeral = X25519PrivateKey.generate()
    eph_pub = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    wrap_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=eph_pub + _unb64(slot.public_key), info=_HKDF_INFO_DATA_KEY
    ).derive(ephemeral.exchange(public))
    nonce = os.urandom(12)
    sealed = AESGCM(wrap_key).encrypt(nonce, data_key, _aad(caseload_id, slot, "data-key"))
    return _b64(eph_pub + nonce + sealed)


def _open_sealed_key(caseload_id: str, slot: Slot, private: X25519PrivateKey, wrapped: str) -> bytes:
    raw = _unb64(wrapped)
    eph_pub, nonce, sealed = raw[:32], raw[32:44], raw[44:]
    wrap_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=eph_pub + _unb64(slot.public_key), info=_HKDF_INFO_DATA_KEY
    ).derive(private.exchange(X25519PublicKey.from_public_bytes(eph_pub)))
    key = AESGCM(wrap_key).decrypt(nonce, sealed, _aad(caseload_id, slot, "data-key"))
    if len(key) != DATA_KEY_BYTES:
        raise ValueError("data key has the wrong size")
    return key


def _make_slot(
    caseload_id: str,
    slot_type: SlotType,
    username: str | None,
    kdf: dict[str, Any],
    kek: bytes,
    data_key: bytes,
    secret_name: str | None = None,
) -> Slot:
    private = X25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    slot = Slot(
        id=_secrets.token_hex(8),
        type=slot_type,
        username=username,
        kdf=kdf,
        public_key=_b64(public),
        sealed_private="",
        wrapped_key="",
        secret_name=secret_name,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    nonce = os.urandom(12)
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    sealed = AESGCM(kek).encrypt(nonce, private_raw, _aad(caseload_id, slot, "private-key"))
    slot = replace(slot, sealed_private=_b64(nonce + sealed))
    return replace(slot, wrapped_key=_seal_to_public(caseload_id, slot, data_key))


def _open_private(caseload_id: str, slot: Slot, kek: bytes) -> X25519PrivateKey:
    raw = _unb64(slot.sealed_private)
    private_raw = AESGCM(kek).decrypt(raw[:12], raw[12:], _aad(caseload_id, slot, "private-key"))
    private = X25519PrivateKey.from_private_bytes(private_raw)
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if public != _unb64(slot.public_key):
        raise InvalidTag()
    return private


# ------------------------------------------------------------------------------------------- file


_HKDF_INFO_UNCONFIRMED = b"caseworker recovery key unconfirmed v1"


def _unconfirmed_mac(caseload_id: str, slot_id: str, data_key: bytes) -> str:
    """Binds the mark to this caseload, this recovery slot and the data key that opens the file."""
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO_UNCONFIRMED).derive(
        data_key
    )
    message = json.dumps(
        {"format": FORMAT, "caseload_id": caseload_id, "slot": slot_id, "purpose": "recovery-unconfirmed"},
        sort_keys=True,
        separators=(",", ":"),
    ).encode("ascii")
    return _b64(hmac.new(mac_key, message, hashlib.sha256).digest())


def _unconfirmed_mark(caseload_id: str, slot_id: str, data_key: bytes) -> dict[str, str]:
    return {"slot": slot_id, "mac": _unconfirmed_mac(caseload_id, slot_id, data_key)}


def _unconfirmed_from_json(raw: Any) -> dict[str, str] | None:
    if raw is None:
        return None
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("slot"), str)
        or not isinstance(raw.get("mac"), str)
    ):
        raise ValueError("recovery_unconfirmed is not an object")
    return {"slot": raw["slot"], "mac": raw["mac"]}


@dataclass(frozen=True)
class Pending:
    """A rekey in flight: the new data key wrapped for every slot, plus recovery slot changes."""

    wrapped: dict[str, str]
    add: tuple[Slot, ...] = ()
    remove: tuple[str, ...] = ()
    started: str = ""
    #: The unconfirmed-recovery-key mark for the new recovery slot (see KeySlots.recovery_unconfirmed).
    recovery_unconfirmed: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "wrapped": dict(self.wrapped),
            "add": [s.to_json() for s in self.add],
            "remove": list(self.remove),
            "started": self.started,
        }
        if self.recovery_unconfirmed is not None:
            out["recovery_unconfirmed"] = dict(self.recovery_unconfirmed)
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Pending:
        if not isinstance(raw, dict) or not isinstance(raw.get("wrapped"), dict):
            raise ValueError("pending is not an object")
        return cls(
            wrapped={str(k): str(v) for k, v in raw["wrapped"].items()},
            add=tuple(Slot.from_json(s) for s in raw.get("add", [])),
            remove=tuple(str(s) for s in raw.get("remove", [])),
            started=str(raw.get("started", "")),
            recovery_unconfirmed=_unconfirmed_from_json(raw.get("recovery_unconfirmed")),
        )


@dataclass(frozen=True)
class KeySlots:
    """The content of keyslots.json. Operations return a new value; :func:`save` writes it."""

    caseload_id: str
    slots: tuple[Slot, ...]
    pending: Pending | None = None
    #: Set while the current recovery key has not been shown to anyone yet: written in the same atomic
    #: save as the recovery slot it names (at create, rekey, new recovery key), cleared once it was
    #: printed. ``{"slot": recovery slot id, "mac": HMAC under a key derived from the data key}``.
    recovery_unconfirmed: dict[str, str] | None = None

    # -- queries

    def recovery_key_unconfirmed(self, data_key: bytes) -> bool:
        """True while the current recovery key was never shown (e.g. a rekey killed before printing it).

        The mark counts only when it names the current recovery slot and its MAC holds under the
        current data key: a mark copied from another caseload, left from an older key or edited in is
        ignored. (Deleting it is not detected, like deleting a slot: keyslots.json is protected against
        reading and forging, not against deletion.)"""
        mark = self.recovery_unconfirmed
        slot = self.recovery_slot()
        if mark is None or slot is None or mark.get("slot") != slot.id:
            return False
        expected = _unconfirmed_mac(self.caseload_id, slot.id, data_key)
        return hmac.compare_digest(expected.encode("ascii"), str(mark.get("mac", "")).encode("ascii"))

    def with_recovery_confirmed(self) -> KeySlots:
        """The recovery key was shown: drop the mark."""
        return replace(self, recovery_unconfirmed=None)

    def passphrase_slots(self) -> list[Slot]:
        return [s for s in self.slots if s.type == "passphrase"]

    def usernames(self) -> list[str]:
        return [s.username for s in self.passphrase_slots() if s.username is not None]

    def find_passphrase_slot(self, username: str) -> Slot | None:
        wanted = normalize_username(username).casefold()
        for slot in self.passphrase_slots():
            if slot.username is not None and slot.username.casefold() == wanted:
                return slot
        return None

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.type == "recovery"), None)

    def keyring_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.type == "keyring"), None)

    # -- serialization

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "caseload_id": self.caseload_id,
            "slots": [s.to_json() for s in self.slots],
            "pending": self.pending.to_json() if self.pending else None,
            **({"recovery_unconfirmed": self.recovery_unconfirmed} if self.recovery_unconfirmed else {}),
        }

    @classmethod
    def from_json(cls, raw: Any) -> KeySlots:
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("not a key slot file")
        if raw.get("version") != VERSION:
            raise ValueError("unsupported key slot file version")
        pending = raw.get("pending")
        return cls(
            caseload_id=str(raw["caseload_id"]),
            slots=tuple(Slot.from_json(s) for s in raw["slots"]),
            pending=Pending.from_json(pending) if pending is not None else None,
            recovery_unconfirmed=_unconfirmed_from_json(raw.get("recovery_unconfirmed")),
        )

    # -- building

    @classmethod
    def new(
        cls, data_key: bytes, username: str, passphrase: str, *, kdf: KdfParams | None = None
    ) -> tuple[KeySlots, str]:
        """Slots for a new caseload: the first user's passphrase and a recovery slot.

        Returns the slots and the recovery key (to show once)."""
        ks = cls(caseload_id=uuid.uuid4().hex, slots=())
        ks = ks.with_passphrase(data_key, username, passphrase, kdf=kdf)
        return ks.with_new_recovery(data_key, username)

    def with_passphrase(
        self, data_key: bytes, username: str, passphrase: str, *, kdf: KdfParams | None = None
    ) -> KeySlots:
        """Add (or replace) ``username``'s passphrase slot."""
        name = normalize_username(username)
        check_new_passphrase(passphrase)
        old = self.find_passphrase_slot(name)
        if old is not None and old.username is not None:
            name = old.username  # keep the spelling the user was created with
        kdf_json = _new_argon2_kdf(kdf or default_kdf())
        kek = _derive_argon2(normalize_passphrase(passphrase), kdf_json)
        slot = _make_slot(self.caseload_id, "passphrase", name, kdf_json, kek, data_key)
        kept = tuple(s for s in self.slots if old is None or s.id != old.id)
        return replace(self, slots=(*kept, slot))

    def with_new_recovery(self, data_key: bytes, username: str | None) -> tuple[KeySlots, str]:
        """A new recovery slot replacing the current one, marked unconfirmed in the same value: save
        it, show the key, then save :meth:`with_recovery_confirmed`."""
        recovery_key = new_recovery_key()
        slot = self._recovery_slot_for(data_key, recovery_key, username)
        kept = tuple(s for s in self.slots if s.type != "recovery")
        mark = _unconfirmed_mark(self.caseload_id, slot.id, data_key)
        return replace(self, slots=(*kept, slot), recovery_unconfirmed=mark), recovery_key

    def _recovery_slot_for(self, data_key: bytes, recovery_key: str, username: str | None) -> Slot:
        kdf_json = _new_hkdf_kdf()
        kek = _derive_hkdf(parse_recovery_key(recovery_key), kdf_json, _HKDF_INFO_RECOVERY)
        return _make_slot(self.caseload_id, "recovery", username, kdf_json, kek, data_key)

    def with_keyring(self, data_key: bytes, username: str, secret: bytes) -> KeySlots:
        kdf_json = _new_hkdf_kdf()
        kek = _derive_hkdf(secret, kdf_json, _HKDF_INFO_KEYRING)
        name = f"caseload-{self.caseload_id}"
        slot = _make_slot(
            self.caseload_id, "keyring", normalize_username(username), kdf_json, kek, data_key, name
        )
        kept = tuple(s for s in self.slots if s.type != "keyring")
        return replace(self, slots=(*kept, slot))

    def without_keyring(self) -> KeySlots:
        return replace(self, slots=tuple(s for s in self.slots if s.type != "keyring"))

    def without_user(self, username: str) -> KeySlots:
        """Drop a user's passphrase slot (and a keyring slot in their name); never the last passphrase."""
        slot = self.find_passphrase_slot(username)
        if slot is None:
            raise KnownError("This user has no passphrase on this caseload.", hint="Check the user name.")
        if len(self.passphrase_slots()) == 1:
            raise KnownError(
                "This is the last passphrase of the caseload and cannot be removed.",
                hint="Add another user first (caseworker-admin add-user).",
            )
        kr = self.keyring_slot()
        drop = {slot.id} | ({kr.id} if kr is not None and kr.username == slot.username else set())
        return replace(self, slots=tuple(s for s in self.slots if s.id not in drop))

    def begin_rekey(self, new_key: bytes, username: str | None) -> tuple[KeySlots, str]:
        """The same slots with ``pending`` holding ``new_key`` wrapped for each of them, and a new
        recovery slot that replaces the current one when the rekey completes.

        Returns the new slots and the new recovery key."""
        wrapped = {s.id: _seal_to_public(self.caseload_id, s, new_key) for s in self.slots}
        recovery_key = new_recovery_key()
        new_recovery = self._recovery_slot_for(new_key, recovery_key, username)
        old_recovery = self.recovery_slot()
        pending = Pending(
            wrapped=wrapped,
            add=(new_recovery,),
            remove=(old_recovery.id,) if old_recovery else (),
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            recovery_unconfirmed=_unconfirmed_mark(self.caseload_id, new_recovery.id, new_key),
        )
        return replace(self, pending=pending), recovery_key

    def commit_pending(self) -> KeySlots:
        """The rekey reached the database: the pending wrapped keys become the current ones."""
        if self.pending is None:
            return self
        pending = self.pending
        slots = [
            replace(s, wrapped_key=pending.wrapped[s.id])
            for s in self.slots
            if s.id not in pending.remove and s.id in pending.wrapped
        ]
        # The new recovery key becomes current unshown: the mark comes with it (cleared once printed).
        mark = pending.recovery_unconfirmed if pending.add else self.recovery_unconfirmed
        return replace(self, slots=(*slots, *pending.add), pending=None, recovery_unconfirmed=mark)

    def abandon_pending(self) -> KeySlots:
        """The rekey never reached the database: forget it."""
        return replace(self, pending=None)


# ---------------------------------------------------------------------------------------- unwrap


class UnknownUser(WrongPassphrase):
    """No passphrase slot has this user name. Saying so reveals nothing a wrong-passphrase attempt
    would not: the user names are in keyslots.json in the clear (slot metadata is authenticated, not
    secret), and no KDF runs for an unknown name, so the answer time already told."""

    message = "There is no user with this name in this caseload."
    hint = "Check the user name (capital letters do not count). The recovery key also opens it."


@dataclass(frozen=True)
class Unwrapped:
    """What a slot gave: the data key, and the pending data key if a rekey is in flight."""

    slot: Slot
    data_key: bytes = field(repr=False)
    pending_key: bytes | None = field(default=None, repr=False)


def _unwrap_with_private(ks: KeySlots, slot: Slot, private: X25519PrivateKey) -> Unwrapped:
    try:
        key = _open_sealed_key(ks.caseload_id, slot, private, slot.wrapped_key)
    except (InvalidTag, ValueError) as exc:
        raise CaseloadDamaged("The caseload's key slot file is damaged.") from exc
    pending_key = None
    if ks.pending is not None and slot.id in ks.pending.wrapped:
        try:
            pending_key = _open_sealed_key(ks.caseload_id, slot, private, ks.pending.wrapped[slot.id])
        except (InvalidTag, ValueError):
            pending_key = None
    return Unwrapped(slot=slot, data_key=key, pending_key=pending_key)


def unwrap_passphrase(ks: KeySlots, username: str, passphrase: str) -> Unwrapped:
    """The data key through ``username``'s passphrase slot; WrongPassphrase otherwise."""
    try:
        slot = ks.find_passphrase_slot(username)
    except ValidationError as exc:
        raise WrongPassphrase() from exc
    if slot is None:
        raise UnknownUser()
    if slot.kdf.get("algorithm") != "argon2id":
        raise CaseloadDamaged("The caseload's key slot file is damaged.")
    try:
        kek = _derive_argon2(normalize_passphrase(passphrase), slot.kdf)
        private = _open_private(ks.caseload_id, slot, kek)
    except (InvalidTag, ValueError, KeyError) as exc:
        raise WrongPassphrase() from exc
    return _unwrap_with_private(ks, slot, private)


def unwrap_recovery(ks: KeySlots, recovery_key: str) -> Unwrapped:
    secret = parse_recovery_key(recovery_key)  # a typo is caught here, before any decryption
    # Only the committed recovery slot: a new recovery key is shown only after its rekey completed.
    for slot in (s for s in ks.slots if s.type == "recovery"):
        try:
            kek = _derive_hkdf(secret, slot.kdf, _HKDF_INFO_RECOVERY)
            private = _open_private(ks.caseload_id, slot, kek)
        except (InvalidTag, ValueError, KeyError):
            continue
        return _unwrap_with_private(ks, slot, private)
    raise WrongRecoveryKey()


def keyring_secret_name(ks: KeySlots) -> str | None:
    slot = ks.keyring_slot()
    return slot.secret_name if slot else None


def unwrap_keyring(ks: KeySlots, store: SecretStore) -> Unwrapped:
    slot = ks.keyring_slot()
    if slot is None or slot.secret_name is None:
        raise KeyringUnavailable(
            "This caseload is not remembered on this device.",
            hint="Open it with your passphrase; you can then choose to remember it on this device.",
        )
    value = store.get(slot.secret_name)  # KeyringUnavailable when the backend cannot answer
    if value is None:
        raise KeyringUnavailable()
    try:
        kek = _derive_hkdf(_unb64(value), slot.kdf, _HKDF_INFO_KEYRING)
        private = _open_private(ks.caseload_id, slot, kek)
    except (InvalidTag, ValueError, KeyError) as exc:
        raise KeyringUnavailable() from exc
    return _unwrap_with_private(ks, slot, private)


def verify_passphrase(ks: KeySlots, username: str, passphrase: str, data_key: bytes) -> Slot:
    """The user's slot if ``passphrase`` opens it and it holds ``data_key``; WrongPassphrase otherwise."""
    got = unwrap_passphrase(ks, username, passphrase)
    if got.data_key != data_key and got.pending_key != data_key:
        raise WrongPassphrase()
    return got.slot


# ------------------------------------------------------------------------------------------- I/O


def path_in(directory: Path) -> Path:
    return directory / KEYSLOTS_NAME


def load(directory: Path) -> KeySlots:
    path = path_in(directory)
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
        return KeySlots.from_json(raw)
    except FileNotFoundError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise CaseloadDamaged("The caseload's key slot file is damaged.") from exc


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over, fsync the folder: all or nothing."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{_secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def save(directory: Path, ks: KeySlots) -> None:
    text = json.dumps(ks.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path_in(directory), text.encode("utf-8"))


@contextlib.contextmanager
def locked(directory: Path, *, timeout: float = 10.0) -> Iterator[None]:
    """Exclusive, process-wide lock for changing key slots (and for a rekey); released if we die."""
    path = directory / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _lock_fd(fd)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise CaseloadLocked(
                        "The caseload's keys are being changed by another program.",
                        hint="Wait until it finishes (a rekey can take a while), then try again.",
                    ) from exc
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock_fd(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError as exc:
            raise BlockingIOError() from exc
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
