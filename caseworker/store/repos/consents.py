"""Consent records: given (scope, method, language), expired, revoked. Never deleted: a revoked or
expired consent stays on file as evidence of what was agreed and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import AuditAction, Client, Consent, ConsentMethod, ConsentScope
from caseworker.store.repos import _common as v

ConsentState = Literal["active", "expired", "revoked"]


@dataclass(frozen=True)
class ConsentInfo:
    id: int
    client_id: int
    scope: ConsentScope
    recipient: str
    method: ConsentMethod
    language: str
    notice_version: str
    given_at: datetime
    expires_on: date | None
    revoked_at: datetime | None
    recorded_by: int | None

    def state(self, today: date) -> ConsentState:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on is not None and self.expires_on < today:
            return "expired"
        return "active"


def _info(c: Consent) -> ConsentInfo:
    return ConsentInfo(
        id=c.id,
        client_id=c.client_id,
        scope=c.scope,
        recipient=c.recipient,
        method=c.method,
        language=c.language,
        notice_version=c.notice_version,
        given_at=c.given_at,
        expires_on=c.expires_on,
        revoked_at=c.revoked_at,
        recorded_by=c.recorded_by,
    )


def give_consent(
    session: Session,
    actor_id: int,
    client_id: int,
    scope: ConsentScope | str,
    method: ConsentMethod | str,
    language: str,
    *,
    recipient: str = "",
    notice_version: str = "",
    given_at: datetime | None = None,
    expires_on: date | None = None,
) -> int:
    """Record a consent. Sharing needs a named recipient; an expiry must come after the consent."""
    v.get_or_fail(session, Client, client_id, "client_id")
    the_scope = v.required_vocab("scope", ConsentScope, scope)
    the_method = v.required_vocab("method", ConsentMethod, method)
    lang = v.language("language", language)
    who = v.line("recipient", recipient)
    if the_scope == ConsentScope.SHARING and not who:
        raise ValidationError("recipient", "name who the information may be shared with")
    at = v.a_datetime("given_at", given_at) or v.now()
    if at > v.now():
        raise ValidationError("given_at", "cannot be in the future")
    expiry = v.a_date("expires_on", expires_on)
    if expiry is not None and expiry < at.date():
        raise ValidationError("expires_on", "must be after the day the consent was given")
    values = {
        "scope": the_scope,
        "method": the_method,
        "language": lang,
        "recipient": who,
        "notice_version": v.line("notice_version", notice_version, max_len=40),
        "given_at": at,
        "expires_on": expiry,
    }
    row = Consent(client_id=client_id, recorded_by=actor_id, created_at=v.now(), **values)
    session.add(row)
    session.flush()
    audit.record(
        session, actor_id, "consents", row.id, AuditAction.GIVE, v.filled(values), client_id=client_id
    )
    return row.id


def expire_consent(session: Session, actor_id: int, consent_id: int, on: date) -> None:
    """Set (or bring forward) the day a consent ends."""
    row = v.get_or_fail(session, Consent, consent_id, "consent_id")
    day = v.a_date("expires_on", on, optional=False)
    assert day is not None
    if day < row.given_at.date():
        raise ValidationError("expires_on", "must be after the day the consent was given")
    if row.expires_on != day:
        row.expires_on = day
        session.flush()
        audit.record(
            session, actor_id, "consents", row.id, AuditAction.EXPIRE, ["expires_on"], client_id=row.client_id
        )


def revoke_consent(session: Session, actor_id: int, consent_id: int, at: datetime | None = None) -> None:
    row = v.get_or_fail(session, Consent, consent_id, "consent_id")
    if row.revoked_at is not None:
        raise ValidationError("revoked_at", "this consent was already revoked")
    when = v.a_datetime("revoked_at", at) or v.now()
    if when < row.given_at:
        raise ValidationError("revoked_at", "cannot be before the consent was given")
    row.revoked_at = when
    session.flush()
    audit.record(
        session, actor_id, "consents", row.id, AuditAction.REVOKE, ["revoked_at"], client_id=row.client_id
    )


def consents_of(session: Session, client_id: int) -> list[ConsentInfo]:
    """Every consent of a client, newest first."""
    stmt = (
        sa.select(Consent)
        .where(Consent.client_id == client_id)
        .order_by(Consent.given_at.desc(), Consent.id.desc())
    )
    return [_info(c) for c in session.scalars(stmt)]


def get_consent(session: Session, consent_id: int) -> ConsentInfo | None:
    row = session.get(Consent, consent_id)
    return None if row is None else _info(row)


def has_active_consent(
    session: Session,
    client_id: int,
    scope: ConsentScope | str,
    *,
    recipient: str | None = None,
    today: date | None = None,
) -> bool:
    day = today or datetime.now(UTC).date()
    the_scope = ConsentScope(scope)
    for c in consents_of(session, client_id):
        if c.scope != the_scope or c.state(day) != "active":
            continue
        if recipient is not None and c.recipient.casefold() != recipient.strip().casefold():
            continue
        return True
    return False
