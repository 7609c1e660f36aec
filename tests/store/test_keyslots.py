"""Key slots without a database: wrapping, AAD binding, recovery keys, pending rekeys, the file."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from caseworker.core.errors import KnownError, ValidationError
from caseworker.store import keyslots as k
from caseworker.store.errors import CaseloadDamaged, WrongPassphrase, WrongRecoveryKey

FAST = k.KdfParams.insecure_fast()
PW = "correct horse battery staple"


@pytest.fixture
def new() -> tuple[k.KeySlots, bytes, str]:
    key = os.urandom(32)
    ks, recovery = k.KeySlots.new(key, "amina", PW, kdf=FAST)
    return ks, key, recovery


def test_passphrase_and_recovery_unwrap_the_data_key(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, recovery = new
    assert k.unwrap_passphrase(ks, "amina", PW).data_key == key
    assert k.unwrap_passphrase(ks, "AMINA", PW).data_key == key  # user names match case-insensitively
    assert k.unwrap_recovery(ks, recovery).data_key == key


def test_wrong_passphrase_and_unknown_user(new: tuple[k.KeySlots, bytes, str]) -> None:
    """An unknown user is named as such (the names are in keyslots.json in the clear, and no KDF runs
    for them): still a WrongPassphrase for callers that only care that the unlock failed."""
    ks, _key, _ = new
    with pytest.raises(WrongPassphrase, match=r"The passphrase is incorrect\."):
        k.unwrap_passphrase(ks, "amina", PW + "!")
    with pytest.raises(k.UnknownUser, match=r"There is no user with this name in this caseload\."):
        k.unwrap_passphrase(ks, "nobody", PW)
    assert "amina" in json.dumps(ks.to_json())  # user names are not secret: they are in the file
    with pytest.raises(WrongPassphrase):
        k.unwrap_passphrase(ks, "  ", PW)


def test_passphrase_is_nfc_normalised() -> None:
    key = os.urandom(32)
    composed = "Genève café 2026"
    ks, _ = k.KeySlots.new(key, "amina", composed, kdf=FAST)
    decomposed = "Gene\u0300ve cafe\u0301 2026"
    assert k.unwrap_passphrase(ks, "amina", decomposed).data_key == key


def test_default_kdf_is_argon2id_with_production_cost() -> None:
    params = k.KdfParams()
    assert params.memory_kib >= 65536 and params.iterations >= 2
    assert k.KdfParams.insecure_fast().memory_kib < params.memory_kib


def test_slot_stores_its_kdf_parameters(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, _, _ = new
    slot = ks.find_passphrase_slot("amina")
    assert slot is not None
    assert slot.kdf["algorithm"] == "argon2id"
    assert (slot.kdf["iterations"], slot.kdf["memory_kib"], slot.kdf["lanes"]) == (1, 8, 1)
    assert len(k._unb64(slot.kdf["salt"])) == 16


# ----------------------------------------------------------------------- AAD binds the metadata


def _bad_variants(ks: k.KeySlots) -> list[tuple[str, k.KeySlots]]:
    slot = ks.find_passphrase_slot("amina")
    assert slot is not None
    others = tuple(s for s in ks.slots if s.id != slot.id)
    weaker = dict(slot.kdf, iterations=slot.kdf["iterations"] + 1)
    return [
        ("caseload id", replace(ks, caseload_id="0" * 32)),
        ("kdf params", replace(ks, slots=(*others, replace(slot, kdf=weaker)))),
        ("slot id", replace(ks, slots=(*others, replace(slot, id="feedfacefeedface")))),
    ]


@pytest.mark.parametrize("what", ["caseload id", "kdf params", "slot id"])
def test_edited_slot_metadata_does_not_open(new: tuple[k.KeySlots, bytes, str], what: str) -> None:
    ks, _, _ = new
    edited = dict(_bad_variants(ks))[what]
    with pytest.raises(WrongPassphrase):
        k.unwrap_passphrase(edited, "amina", PW)


def test_usernames_swapped_between_slots_do_not_open() -> None:
    key = os.urandom(32)
    ks, _ = k.KeySlots.new(key, "amina", PW, kdf=FAST)
    ks = ks.with_passphrase(key, "bashir", "another passphrase 2", kdf=FAST)
    a, b = ks.find_passphrase_slot("amina"), ks.find_passphrase_slot("bashir")
    assert a is not None and b is not None
    rest = tuple(s for s in ks.slots if s.type != "passphrase")
    swapped = replace(ks, slots=(replace(a, username="bashir"), replace(b, username="amina"), *rest))
    # Bashir's passphrase against the slot now labelled "bashir" (really amina's) fails, and vice versa.
    with pytest.raises(WrongPassphrase):
        k.unwrap_passphrase(swapped, "bashir", "another passphrase 2")
    with pytest.raises(WrongPassphrase):
        k.unwrap_passphrase(swapped, "amina", PW)


def test_slot_copied_from_another_caseload_does_not_open(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, _key, _ = new
    other, _ = k.KeySlots.new(os.urandom(32), "amina", PW, kdf=FAST)
    foreign = other.find_passphrase_slot("amina")
    assert foreign is not None
    mixed = replace(ks, slots=(foreign, *(s for s in ks.slots if s.type != "passphrase")))
    with pytest.raises(WrongPassphrase):
        k.unwrap_passphrase(mixed, "amina", PW)


def test_swapped_wrapped_key_is_damage_not_a_key(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, _key, _ = new
    slot = ks.find_passphrase_slot("amina")
    rec = ks.recovery_slot()
    assert slot is not None and rec is not None
    tampered = replace(ks, slots=(replace(slot, wrapped_key=rec.wrapped_key), rec))
    with pytest.raises(CaseloadDamaged):
        k.unwrap_passphrase(tampered, "amina", PW)


# ----------------------------------------------------------------------------- recovery keys


def test_recovery_key_shape() -> None:
    key = k.new_recovery_key()
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)
    assert all(ch in k.RECOVERY_ALPHABET for g in groups for ch in g)
    assert len(k.parse_recovery_key(key)) == 32  # 32 base32 characters = 160 bits


def test_recovery_key_is_forgiving_about_copying(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, recovery = new
    sloppy = " ".join(recovery.split("-")).lower().replace("0", "o").replace("1", "l")
    assert k.unwrap_recovery(ks, sloppy).data_key == key


@settings(max_examples=60, deadline=None)
@given(
    position=st.integers(0, 39), replacement=st.sampled_from(k.RECOVERY_ALPHABET), seed=st.integers(0, 10**6)
)
def test_recovery_typo_never_opens_and_is_usually_located(position: int, replacement: str, seed: int) -> None:
    ks, _ = k.KeySlots.new(os.urandom(32), "amina", PW, kdf=FAST)
    ks, recovery = ks.with_new_recovery(os.urandom(32), "amina")
    chars = recovery.replace("-", "")
    if chars[position] == replacement:
        return
    typo = chars[:position] + replacement + chars[position + 1 :]
    with pytest.raises(WrongRecoveryKey) as info:
        k.unwrap_recovery(ks, typo)
    # The check character of the group catches a single typo 31 times in 32; then it names the group.
    if "typo" in info.value.message:
        assert f"Group {position // 5 + 1} " in info.value.message


@pytest.mark.parametrize("text", ["", "ABCDE", "ABCDE-" * 7, "ABCDE-" * 9, "ÄÄÄÄÄ-" * 7 + "ÄÄÄÄÄ"])
def test_incomplete_recovery_key_is_refused_before_decrypting(text: str) -> None:
    with pytest.raises(WrongRecoveryKey, match="not a complete recovery key"):
        k.parse_recovery_key(text)


def test_recovery_key_of_another_caseload_is_incorrect(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, _, _ = new
    _, other_recovery = k.KeySlots.new(os.urandom(32), "amina", PW, kdf=FAST)
    with pytest.raises(WrongRecoveryKey, match="incorrect"):
        k.unwrap_recovery(ks, other_recovery)


# ----------------------------------------------------------------------------- operations


def test_passwd_rewraps_only_that_slot(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, recovery = new
    ks = ks.with_passphrase(key, "bashir", "bashir passphrase", kdf=FAST)
    before = {s.id: s for s in ks.slots}
    changed = ks.with_passphrase(key, "amina", "a brand new passphrase", kdf=FAST)
    after = {s.id: s for s in changed.slots}
    assert len(after) == len(before)
    kept = set(before) & set(after)
    assert kept == {s.id for s in ks.slots if s.username != "amina" or s.type != "passphrase"}
    assert all(before[i] == after[i] for i in kept)
    assert k.unwrap_passphrase(changed, "amina", "a brand new passphrase").data_key == key
    with pytest.raises(WrongPassphrase):
        k.unwrap_passphrase(changed, "amina", PW)
    assert k.unwrap_recovery(changed, recovery).data_key == key


def test_passwd_keeps_the_user_name_spelling(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, _ = new
    changed = ks.with_passphrase(key, "AMINA", "a brand new passphrase", kdf=FAST)
    assert changed.usernames() == ["amina"]


def test_last_passphrase_slot_cannot_be_removed(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, _ = new
    with pytest.raises(KnownError, match="last passphrase"):
        ks.without_user("amina")
    two = ks.with_passphrase(key, "bashir", "bashir passphrase", kdf=FAST)
    one = two.without_user("amina")
    assert one.usernames() == ["bashir"]
    with pytest.raises(KnownError, match="no passphrase"):
        one.without_user("amina")


def test_removing_a_user_drops_their_keyring_slot(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, _ = new
    ks = ks.with_passphrase(key, "bashir", "bashir passphrase", kdf=FAST)
    ks = ks.with_keyring(key, "bashir", os.urandom(32))
    assert ks.keyring_slot() is not None
    assert ks.without_user("bashir").keyring_slot() is None
    assert ks.without_user("amina").keyring_slot() is not None


@pytest.mark.parametrize("bad", ["", "   ", "two words", "tab\tname", "x" * 65, "nul\x00"])
def test_bad_usernames_are_validation_errors(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        k.normalize_username(bad)
    assert info.value.field == "username"


@pytest.mark.parametrize("bad", ["short", " leading space here", "trailing space here "])
def test_weak_new_passphrases_are_refused(new: tuple[k.KeySlots, bytes, str], bad: str) -> None:
    ks, key, _ = new
    with pytest.raises(ValidationError) as info:
        ks.with_passphrase(key, "bashir", bad, kdf=FAST)
    assert info.value.field == "passphrase"


def test_pending_rekey_commit_and_abandon(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, old_recovery = new
    new_key = os.urandom(32)
    pending, new_recovery = ks.begin_rekey(new_key, "amina")
    got = k.unwrap_passphrase(pending, "amina", PW)
    assert (got.data_key, got.pending_key) == (key, new_key)
    assert k.unwrap_recovery(pending, old_recovery).pending_key == new_key

    done = pending.commit_pending()
    assert done.pending is None
    assert k.unwrap_passphrase(done, "amina", PW).data_key == new_key
    assert k.unwrap_recovery(done, new_recovery).data_key == new_key
    with pytest.raises(WrongRecoveryKey):
        k.unwrap_recovery(done, old_recovery)

    dropped = pending.abandon_pending()
    assert dropped == ks
    assert k.unwrap_passphrase(dropped, "amina", PW).pending_key is None


def test_rekey_rewraps_every_slot_without_their_secrets(new: tuple[k.KeySlots, bytes, str]) -> None:
    ks, key, _ = new
    ks = ks.with_passphrase(key, "bashir", "bashir passphrase", kdf=FAST)
    secret = os.urandom(32)
    ks = ks.with_keyring(key, "amina", secret)
    new_key = os.urandom(32)
    done = ks.begin_rekey(new_key, "amina")[0].commit_pending()
    assert k.unwrap_passphrase(done, "bashir", "bashir passphrase").data_key == new_key

    class Store:
        def get(self, name: str) -> str | None:
            import base64

            return base64.b64encode(secret).decode()

    assert k.unwrap_keyring(done, Store()).data_key == new_key  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------- file


def test_save_load_round_trip_is_atomic_and_private(
    tmp_path: Path, new: tuple[k.KeySlots, bytes, str]
) -> None:
    ks, _, _ = new
    k.save(tmp_path, ks)
    assert k.load(tmp_path) == ks
    assert (tmp_path / k.KEYSLOTS_NAME).stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [k.KEYSLOTS_NAME]  # no temp file left
    text = (tmp_path / k.KEYSLOTS_NAME).read_text()
    assert PW not in text
    assert json.loads(text)["format"] == k.FORMAT


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"format": "other"}', b"\xff\xfe"])
def test_damaged_slot_file_is_caseload_damaged(tmp_path: Path, content: bytes) -> None:
    (tmp_path / k.KEYSLOTS_NAME).write_bytes(content)
    with pytest.raises(CaseloadDamaged):
        k.load(tmp_path)


def test_failed_write_leaves_the_old_file(
    tmp_path: Path, new: tuple[k.KeySlots, bytes, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ks, key, _ = new
    k.save(tmp_path, ks)
    before = (tmp_path / k.KEYSLOTS_NAME).read_bytes()

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        k.save(tmp_path, ks.with_passphrase(key, "bashir", "bashir passphrase", kdf=FAST))
    assert (tmp_path / k.KEYSLOTS_NAME).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [k.KEYSLOTS_NAME]


# ---------------------------------------------------- Hypothesis: sequences of add/remove/passwd

NAMES = st.sampled_from(["amina", "bashir", "chen", "dilnoza", "emeka"])
PASSPHRASES = st.text(alphabet="abcdefghij klmnoé日", min_size=8, max_size=16).map(lambda s: "x" + s + "x")


class KeySlotMachine(RuleBasedStateMachine):
    """A model (user -> passphrase) against the real slots, saved and reloaded after every step."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.dir = Path(tempfile.mkdtemp(prefix="keyslots-"))
        self.key = os.urandom(32)
        ks, self.recovery = k.KeySlots.new(self.key, "amina", PW, kdf=FAST)
        k.save(self.dir, ks)
        self.model: dict[str, str] = {"amina": PW}
        self.retired: list[tuple[str, str]] = []

    def teardown(self) -> None:
        import shutil

        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def ks(self) -> k.KeySlots:
        return k.load(self.dir)

    @rule(name=NAMES, passphrase=PASSPHRASES)
    def add(self, name: str, passphrase: str) -> None:
        if name in self.model:
            return
        k.save(self.dir, self.ks.with_passphrase(self.key, name, passphrase, kdf=FAST))
        self.model[name] = passphrase

    @rule(name=NAMES)
    def remove(self, name: str) -> None:
        if name not in self.model:
            with pytest.raises(KnownError):
                self.ks.without_user(name)
            return
        if len(self.model) == 1:
            with pytest.raises(KnownError, match="last passphrase"):
                self.ks.without_user(name)
            return
        k.save(self.dir, self.ks.without_user(name))
        self.retired.append((name, self.model.pop(name)))

    @rule(name=NAMES, new=PASSPHRASES)
    def passwd(self, name: str, new: str) -> None:
        if name not in self.model:
            return
        got = k.unwrap_passphrase(self.ks, name, self.model[name])
        assert got.data_key == self.key
        k.save(self.dir, self.ks.with_passphrase(got.data_key, name, new, kdf=FAST))
        if new != self.model[name]:
            self.retired.append((name, self.model[name]))
        self.model[name] = new

    @invariant()
    def everyone_opens_and_no_one_else(self) -> None:
        ks = self.ks
        assert sorted(ks.usernames()) == sorted(self.model)
        for name, passphrase in self.model.items():
            assert k.unwrap_passphrase(ks, name, passphrase).data_key == self.key
        for name, passphrase in self.retired[-3:]:
            if self.model.get(name) == passphrase:
                continue
            with pytest.raises(WrongPassphrase):
                k.unwrap_passphrase(ks, name, passphrase)
        assert k.unwrap_recovery(ks, self.recovery).data_key == self.key


TestKeySlotSequences = KeySlotMachine.TestCase
TestKeySlotSequences.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
