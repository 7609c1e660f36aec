"""Decisions waiting for the intake server, in order, inside the encrypted caseload.

A worker's decision (accept, reject, refer, give back) is written locally first, in the same
transaction as the request's new state, and queued here; :func:`flush` sends the queue in order when
the server answers. A network failure stops the flush (order kept, nothing lost); a refusal (the lease
was lost) is recorded for the worker to see and does not block the decisions behind it.

Storage: rows of the caseload's ``caseload_meta`` key/value table (``intake.outbox.<seq>``, values JSON),
so the outbox is encrypted with everything else and needs no schema change. Refusals the worker has not
seen yet are kept as ``intake.refused.<submission id>``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from caseworker.core.domain import IntakeOutcome
from caseworker.intake.client import IntakeClient
from caseworker.intake.errors import (
    IntakeServerError,
    ItemNotFound,
    LeaseLost,
    RateLimited,
    ServerFailure,
    ServerUnreachable,
    Unauthorized,
)
from caseworker.store.models import CaseloadMeta, IntakeState, IntakeSubmissionRow

OUTBOX_PREFIX = "intake.outbox."
REFUSED_PREFIX = "intake.refused."
_SEQ_WIDTH = 12

Action = Literal["ack", "refer", "release"]


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    submission_id: str
    action: Action
    outcome: str | None = None  # IntakeOutcome value for "ack"
    reason: str = ""
    to_agency: str | None = None  # for "refer"
    queued_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())


@dataclass(frozen=True, slots=True)
class Refusal:
    submission_id: str
    action: str
    why: str  # "lease_lost", "not_found", or the server's error code (e.g. "unknown_agency")
    at: str


@dataclass
class FlushReport:
    sent: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    offline: bool = False
    remaining: int = 0


def enqueue(session: Session, entry: OutboxEntry) -> int:
    """Queue ``entry`` in the caller's transaction; returns its sequence number."""
    last = session.scalars(
        select(CaseloadMeta.key)
        .where(CaseloadMeta.key.startswith(OUTBOX_PREFIX))
        .order_by(CaseloadMeta.key.desc())
        .limit(1)
    ).first()
    seq = int(last[len(OUTBOX_PREFIX) :]) + 1 if last else 1
    session.add(CaseloadMeta(key=f"{OUTBOX_PREFIX}{seq:0{_SEQ_WIDTH}d}", value=json.dumps(asdict(entry))))
    session.flush()
    return seq


def pending(session: Session) -> list[tuple[str, OutboxEntry]]:
    """Queued entries, oldest first, with their keys."""
    rows = session.execute(
        select(CaseloadMeta.key, CaseloadMeta.value)
        .where(CaseloadMeta.key.startswith(OUTBOX_PREFIX))
        .order_by(CaseloadMeta.key)
    ).all()
    return [(key, OutboxEntry(**json.loads(value))) for key, value in rows]


def refusals(session: Session) -> list[Refusal]:
    """Decisions the server refused that the worker has not dismissed yet."""
    rows = session.scalars(
        select(CaseloadMeta.value)
        .where(CaseloadMeta.key.startswith(REFUSED_PREFIX))
        .order_by(CaseloadMeta.key)
    ).all()
    return [Refusal(**json.loads(v)) for v in rows]


def dismiss_refusal(session: Session, submission_id: str) -> None:
    session.execute(delete(CaseloadMeta).where(CaseloadMeta.key == REFUSED_PREFIX + submission_id))


def _row(session: Session, submission_id: str) -> IntakeSubmissionRow | None:
    return session.scalars(
        select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
    ).first()


def _send(api: IntakeClient, entry: OutboxEntry, fence: int) -> None:
    item_id = uuid.UUID(entry.submission_id)
    if entry.action == "ack":
        api.ack(item_id, fence, IntakeOutcome(entry.outcome or "accepted"), entry.reason)
    elif entry.action == "refer":
        api.refer(item_id, fence, entry.to_agency or "", entry.reason)
    else:
        api.release(item_id, fence)


def flush(
    session_factory: Callable[[], Any],
    api: IntakeClient,
    *,
    on_refused: Callable[[Refusal], None] | None = None,
) -> FlushReport:
    """Send queued entries in order. ``session_factory`` is ``caseload.session`` (a context manager).

    Each entry is removed, and its request marked done, in its own transaction right after the server
    confirms; a crash in between sends it again, which the server answers as a replay ("already_acked")
    or, for a referral or release, as a lost lease (recorded as a refusal; nothing is doubled).
    """
    report = FlushReport()
    with session_factory() as session:
        queue = pending(session)
    for index, (key, entry) in enumerate(queue):
        with session_factory() as session:
            row = _row(session, entry.submission_id)
            fence = row.fencing_token if row is not None else None
        refusal: Refusal | None = None
        try:
            if fence is None:
                refusal = Refusal(entry.submission_id, entry.action, "lease_lost", _now())
            else:
                _send(api, entry, fence)
        except (ServerUnreachable, ServerFailure, RateLimited):  # offline or failing: keep the order
            report.offline = True
            report.remaining = len(queue) - index
            return report
        except LeaseLost:
            refusal = Refusal(entry.submission_id, entry.action, "lease_lost", _now())
        except ItemNotFound:
            refusal = Refusal(entry.submission_id, entry.action, "not_found", _now())
        except Unauthorized:
            raise  # the device must enrol again; everything stays queued, in order
        except IntakeServerError as exc:
            # refused for good (an unknown agency, a note the server will not take): tell the worker
            # rather than block every decision behind this one
            refusal = Refusal(entry.submission_id, entry.action, exc.code or type(exc).__name__, _now())
        with session_factory() as session:
            session.execute(delete(CaseloadMeta).where(CaseloadMeta.key == key))
            row = _row(session, entry.submission_id)
            if refusal is None:
                if row is not None:
                    if entry.action == "release" and row.decision is None:
                        session.delete(row)  # given back undecided: we keep no copy of someone else's request
                    else:
                        row.state = IntakeState.DONE
                        row.lease_expires_at = None
                        row.decision_sent_at = datetime.now(UTC)
                report.sent.append(entry.submission_id)
            else:
                if row is not None:
                    row.fencing_token = None
                    row.lease_expires_at = None
                session.merge(
                    CaseloadMeta(key=REFUSED_PREFIX + entry.submission_id, value=json.dumps(asdict(refusal)))
                )
                report.refused.append(refusal)
        if refusal is not None and on_refused is not None:
            on_refused(refusal)
    return report


def _now() -> str:
    return datetime.now(UTC).isoformat()
