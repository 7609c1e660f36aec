"""Online requests held in the caseload: stored idempotently, acknowledged, decided.

``submission_id`` is UNIQUE: storing the same submission twice (a replayed claim, a sync restarted
after a crash) returns the row already there and changes nothing, so delivery at-least-once from the
server becomes exactly-once here. The sync engine stores a claimed submission in a durable
transaction (``store.engine.durable``) *before* acknowledging it to the server.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from caseworker.core.errors import ValidationError
from caseworker.intake.schema import IntakeSubmission, parse_submission
from caseworker.store import audit
from caseworker.store.models import AuditAction, Client, IntakeDecision, IntakeState, IntakeSubmissionRow
from caseworker.store.repos import _common as v


def get_submission(session: Session, submission_id: str) -> IntakeSubmissionRow | None:
    return session.scalars(
        sa.select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == str(submission_id))
    ).first()


def store_submission(
    session: Session,
    submission: IntakeSubmission,
    *,
    actor_id: int | None = None,
    server_reference: str | None = None,
    fencing_token: int | None = None,
    lease_expires_at: datetime | None = None,
) -> IntakeSubmissionRow:
    """Store a submission once. On replay the existing row is returned unchanged (its lease fields
    are refreshed if a newer fencing token comes with it)."""
    key = str(submission.submission_id)
    existing = get_submission(session, key)
    if existing is not None:
        _refresh_lease(existing, fencing_token, lease_expires_at)
        return existing
    values = {
        "submission_id": key,
        "payload": submission.model_dump_json(),
        "state": IntakeState.STORED,
        "server_reference": server_reference,
        "fencing_token": fencing_token,
        "lease_expires_at": v.a_datetime("lease_expires_at", lease_expires_at),
        "received_at": v.now(),
        "decision_note": "",
    }
    # INSERT ... ON CONFLICT DO NOTHING rather than a SAVEPOINT: the sqlite3 driver starts no
    # transaction before a SAVEPOINT, so its RELEASE would commit the caller's work early.
    stmt = (
        sqlite_insert(IntakeSubmissionRow)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["submission_id"])
    )
    inserted = session.execute(stmt)
    row = get_submission(session, key)
    assert row is not None
    if not getattr(inserted, "rowcount", 1):
        # another writer stored it between our look-up and our insert: theirs wins, ours is a replay
        return row
    audit.record(session, actor_id, "intake_submissions", row.id, AuditAction.IMPORT, ["payload", "state"])
    return row


def _refresh_lease(row: IntakeSubmissionRow, token: int | None, expires: datetime | None) -> None:
    if token is not None and (row.fencing_token is None or token > row.fencing_token):
        row.fencing_token = token
        row.lease_expires_at = v.a_datetime("lease_expires_at", expires)


def update_lease(
    session: Session, submission_id: str, fencing_token: int, lease_expires_at: datetime
) -> None:
    row = _get(session, submission_id)
    _refresh_lease(row, fencing_token, lease_expires_at)
    session.flush()


def _get(session: Session, submission_id: str) -> IntakeSubmissionRow:
    row = get_submission(session, submission_id)
    if row is None:
        raise ValidationError("submission_id", "is not stored in this caseload")
    return row


def mark_acked(session: Session, submission_id: str, at: datetime | None = None) -> None:
    """The server confirmed it knows we hold the submission. Idempotent."""
    row = _get(session, submission_id)
    if row.acked_at is None:
        row.acked_at = v.a_datetime("acked_at", at) or v.now()
        if row.state == IntakeState.STORED:
            row.state = IntakeState.ACKED
        session.flush()


def mark_decided(
    session: Session,
    actor_id: int,
    submission_id: str,
    decision: IntakeDecision | str,
    *,
    client_id: int | None = None,
    note: str = "",
    referred_to: str | None = None,
) -> IntakeSubmissionRow:
    """Record a worker's decision. Repeating the same decision is harmless; a different one is refused.
    A referral names the agency (``referred_to``); a rejection or referral may carry a ``note``."""
    row = _get(session, submission_id)
    the_decision = v.required_vocab("decision", IntakeDecision, decision)
    agency = v.line("referred_to", referred_to or "", max_len=100) or None
    if the_decision == IntakeDecision.REFERRED and agency is None:
        raise ValidationError("referred_to", "choose the agency to refer the request to")
    if the_decision in (IntakeDecision.NEW_CLIENT, IntakeDecision.MERGED):
        if client_id is None:
            raise ValidationError("client_id", "a client file is needed for this decision")
        v.get_or_fail(session, Client, client_id, "client_id")
    if row.decision is not None:
        if row.decision == the_decision and row.client_id == client_id:
            return row
        raise ValidationError("decision", "this request was already decided")
    row.decision = the_decision
    row.client_id = client_id
    row.decision_note = v.free_text("decision_note", note, max_len=4000)
    row.referred_to = agency
    row.decided_by = actor_id
    row.decided_at = v.now()
    row.state = IntakeState.DECIDED
    session.flush()
    fields = (
        ["decision", "state"] + (["client_id"] if client_id else []) + (["decision_note"] if note else [])
    )
    audit.record(
        session, actor_id, "intake_submissions", row.id, AuditAction.DECIDE, fields, client_id=client_id
    )
    return row


def mark_done(session: Session, submission_id: str, at: datetime | None = None) -> None:
    """The decision reached the server (the outbox entry was delivered). Idempotent."""
    row = _get(session, submission_id)
    if row.state != IntakeState.DONE:
        if row.decision is None:
            raise ValidationError("decision", "decide the request before closing it")
        row.state = IntakeState.DONE
        row.decision_sent_at = v.a_datetime("decision_sent_at", at) or v.now()
        session.flush()


def outbox(session: Session, *, limit: int = 500) -> list[IntakeSubmissionRow]:
    """Decisions not yet delivered to the server, in the order they were taken."""
    stmt = (
        sa.select(IntakeSubmissionRow)
        .where(IntakeSubmissionRow.state == IntakeState.DECIDED)
        .order_by(IntakeSubmissionRow.decided_at, IntakeSubmissionRow.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def load(row: IntakeSubmissionRow) -> IntakeSubmission:
    """The stored submission, parsed again with the strict wire rules."""
    return parse_submission(row.payload)


def waiting(session: Session, *, limit: int = 500) -> list[IntakeSubmissionRow]:
    """Stored or acknowledged requests not yet decided, oldest first."""
    stmt = (
        sa.select(IntakeSubmissionRow)
        .where(IntakeSubmissionRow.state.in_([IntakeState.STORED, IntakeState.ACKED]))
        .order_by(IntakeSubmissionRow.received_at, IntakeSubmissionRow.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))
