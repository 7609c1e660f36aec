"""Validation and change-tracking helpers shared by the repositories."""

from __future__ import annotations

import enum
import re
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from caseworker.core import text as text_rules
from caseworker.core.errors import KnownError, ValidationError

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

_LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{4})?$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")


def now() -> datetime:
    return datetime.now(UTC)


def name(field: str, value: object, *, max_len: int = 100, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    try:
        cleaned = text_rules.clean_name(value)
    except ValueError as exc:
        raise ValidationError(field, str(exc)) from None
    if required and not cleaned:
        raise ValidationError(field, "is required")
    if len(cleaned) > max_len:
        raise ValidationError(field, f"is longer than {max_len} characters")
    return cleaned


def line(field: str, value: object, *, max_len: int = 200, required: bool = False) -> str:
    """One line of text (an organisation, an address): NFC, no control characters, spaces folded."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    try:
        cleaned = " ".join(text_rules.clean_text(value, multiline=False).split())
    except ValueError as exc:
        raise ValidationError(field, str(exc)) from None
    if required and not cleaned:
        raise ValidationError(field, "is required")
    if len(cleaned) > max_len:
        raise ValidationError(field, f"is longer than {max_len} characters")
    return cleaned


def free_text(field: str, value: object, *, max_len: int = 100_000, required: bool = False) -> str:
    """Multi-line text (notes, plan texts): NFC, tabs/newlines kept, other controls refused."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    try:
        cleaned = text_rules.clean_text(value, multiline=True)
    except ValueError as exc:
        raise ValidationError(field, str(exc)) from None
    if required and not cleaned:
        raise ValidationError(field, "is required")
    if len(cleaned) > max_len:
        raise ValidationError(field, f"is longer than {max_len} characters")
    return cleaned


def vocab(field: str, cls: type[E], value: object, *, optional: bool = False) -> E | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        raise ValidationError(field, "is not one of the allowed values") from None


def required_vocab(field: str, cls: type[E], value: object) -> E:
    result = vocab(field, cls, value)
    assert result is not None
    return result


def a_date(field: str, value: object, *, optional: bool = True) -> date | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, datetime):
        raise ValidationError(field, "must be a date, not a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(field, "is not a date (YYYY-MM-DD)") from None
    raise ValidationError(field, "is not a date")


def a_datetime(field: str, value: object, *, optional: bool = True) -> datetime | None:
    if value is None:
        if optional:
            return None
        raise ValidationError(field, "is required")
    if not isinstance(value, datetime):
        raise ValidationError(field, "is not a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, "needs a time zone")
    return value.astimezone(UTC)


def language(field: str, value: object, *, optional: bool = False) -> str | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if not isinstance(value, str) or not _LANG_RE.match(value.strip()):
        raise ValidationError(field, "is not a language code (ISO 639, e.g. ar, fa, uk)")
    return value.strip()


def country(field: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _COUNTRY_RE.match(value.strip().upper()):
        raise ValidationError(field, "is not a country code (ISO 3166, e.g. SY, UA)")
    return value.strip().upper()


def email(field: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    v = text_rules.nfc(value.strip())
    if not _EMAIL_RE.match(v):
        raise ValidationError(field, "this does not look like an email address")
    return v


def integer(field: str, value: object, *, minimum: int = 0, maximum: int = 10**9) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "must be a whole number")
    if not minimum <= value <= maximum:
        raise ValidationError(field, f"must be between {minimum} and {maximum}")
    return value


def apply(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set attributes that differ; return the names of those that changed (for the audit trail)."""
    changed: list[str] = []
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed.append(key)
    return changed


def get_or_fail(session: Session, cls: type[T], ident: int, field: str) -> T:
    obj = session.get(cls, ident)
    if obj is None:
        raise ValidationError(field, "does not exist")
    return obj


class NotAllowed(KnownError):
    """The acting user may not do this (e.g. edit someone else's note, approve a plan as a volunteer)."""

    message = "You are not allowed to do this."
    hint = "Ask the author or a supervisor."


def update_audited(
    session: Session,
    actor_id: int,
    obj: Any,
    entity: str,
    client_id: int | None,
    values: dict[str, Any],
) -> list[str]:
    """Apply changed values to ``obj`` and append an UPDATE event naming the changed fields."""
    from caseworker.store import audit
    from caseworker.store.models import AuditAction

    changed = apply(obj, values)
    if changed:
        session.flush()
        audit.record(session, actor_id, entity, obj.id, AuditAction.UPDATE, changed, client_id=client_id)
    return changed


def created(
    session: Session, actor_id: int, obj: Any, entity: str, client_id: int | None, fields: list[str]
) -> int:
    """Flush a new row and append its CREATE event (fields: the names that were filled in)."""
    from caseworker.store import audit
    from caseworker.store.models import AuditAction

    session.add(obj)
    session.flush()
    audit.record(session, actor_id, entity, obj.id, AuditAction.CREATE, fields, client_id=client_id)
    return int(obj.id)


def filled(values: dict[str, Any]) -> list[str]:
    """Names of the values that are not empty (for a CREATE event)."""
    return [k for k, val in values.items() if val not in (None, "", (), [], False)]


def role_of(session: Session, user_id: int) -> Any:
    from caseworker.store.models import User

    user = session.get(User, user_id)
    return None if user is None else user.role
