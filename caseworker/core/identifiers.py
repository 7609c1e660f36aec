"""Identifiers a client carries: validated once here, for the caseload, the intake form and imports."""

from __future__ import annotations

import re

import phonenumbers

_UCI_RE = re.compile(r"^(\d{4}-\d{4}|\d{2}-\d{4}-\d{4})$")
_POSTAL_RE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")


def normalise_uci(value: str) -> str:
    """A Unique Client Identifier as IRCC prints it: ``0000-0000`` or ``00-0000-0000``.

    Accepts the digits alone (8 or 10) and inserts the dashes. Raises ValueError otherwise.
    """
    raw = value.strip().replace(" ", "")
    digits = raw.replace("-", "")
    if digits.isdigit() and len(digits) == 8 and (raw == digits or _UCI_RE.match(raw)):
        return f"{digits[:4]}-{digits[4:]}"
    if digits.isdigit() and len(digits) == 10 and (raw == digits or _UCI_RE.match(raw)):
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    raise ValueError("a UCI is 8 or 10 digits, written 0000-0000 or 00-0000-0000")


def normalise_phone(value: str, region: str = "CA") -> str:
    """A phone number in E.164 (``+14165550123``), parsed with Google's libphonenumber rules.

    Raises ValueError with a message fit to show beside the field.
    """
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError("this does not look like a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("this phone number is not valid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_postal_code(value: str) -> str:
    """A Canadian postal code, upper case with one space: ``K1A 0B1``."""
    compact = value.strip().upper().replace(" ", "").replace("-", "")
    if not _POSTAL_RE.match(compact):
        raise ValueError("a Canadian postal code looks like A1A 1A1")
    return f"{compact[:3]} {compact[3:]}"


def forward_sortation_area(postal_code: str) -> str:
    """The first three characters of a postal code: the region used for routing and reports."""
    return normalise_postal_code(postal_code)[:3]
