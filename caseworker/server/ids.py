"""Human-friendly identifiers: references, status secrets, enrolment codes (Crockford base32).

Crockford's alphabet has no I, L, O or U, so nothing reads as another letter or a rude word; what a
person types back is forgiven: lower case, spaces and dashes ignored, O read as 0, I and L as 1.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FORGIVE = str.maketrans({"O": "0", "I": "1", "L": "1"})
REFERENCE_PREFIX = "NWD"


def random_chars(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def _chars_from_bytes(data: bytes, n: int) -> str:
    value = int.from_bytes(data, "big")
    out = []
    for _ in range(n):
        value, idx = divmod(value, 32)
        out.append(ALPHABET[idx])
    return "".join(out)


def normalise(typed: str) -> str:
    """What a person typed, as the canonical characters (no separators)."""
    return "".join(typed.upper().split()).replace("-", "").translate(_FORGIVE)


def new_reference() -> str:
    """``NWD-7K4M-2QX9``: 40 random bits, grouped for reading aloud on the phone."""
    body = random_chars(8)
    return f"{REFERENCE_PREFIX}-{body[:4]}-{body[4:]}"


def normalise_reference(typed: str) -> str | None:
    """The canonical ``NWD-XXXX-XXXX`` form of what a person typed, or None if it cannot be one."""
    compact = normalise(typed)
    if compact.startswith(REFERENCE_PREFIX):
        compact = compact[len(REFERENCE_PREFIX) :]
    if len(compact) != 8 or any(c not in ALPHABET for c in compact):
        return None
    return f"{REFERENCE_PREFIX}-{compact[:4]}-{compact[4:]}"


SECRET_LENGTH = 6


def derive_secret(secret_key: bytes, submission_id: str) -> str:
    """The status secret of a submission, derived so a replayed submit returns the same one.

    It is also stored only as a hash: knowing the database alone does not give it.
    """
    mac = hmac.new(secret_key, b"status-secret:" + submission_id.encode(), hashlib.sha256).digest()
    return _chars_from_bytes(mac[:8], SECRET_LENGTH)


def secret_hash(reference: str, secret: str) -> str:
    return hashlib.sha256(f"{reference}:{normalise(secret)}".encode()).hexdigest()


def new_enrolment_code() -> str:
    """``ABCD-EFGH-JKMN-PQRS``: 80 random bits, typed once by agency IT into a desktop."""
    body = random_chars(16)
    return "-".join(body[i : i + 4] for i in range(0, 16, 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(b"enrol:" + normalise(code).encode()).hexdigest()


def new_device_token() -> str:
    return "cwd_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
