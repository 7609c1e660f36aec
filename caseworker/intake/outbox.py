"""Decisions waiting for the intake server, in order, inside the encrypted caseload.

A worker's decision (accept, reject, refer, give back) is written locally first, in the same
transaction as the request's new state, and queued here; :func:`flush` sends the queue in order when
the server answers. A network failure stops the flush (order kept, nothing lost); a refusal (the lease
was lost) is recorded for the worker to see and does not block the decisions behind it.

Storage: rows of the caseload's ``caseload_meta`` key/value table (``intake.outbox.<seq>``, values JSON),
so the outbox is encrypted with everything else and needs no schema change. Refusals the worker has not
seen yet are kept as ``intake.refused.<submission id>``; the agency a referral goes to (its server slug)
as ``intake.refer_to.<submission id>``, so that a referral refused with a lost lease is sent again to
the same agency when the request comes back.
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
from caseworker.intake.client import AckRequest, IntakeClient
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
REFER_TO_PREFIX = "intake.refer_to."
_SEQ_WIDTH = 12
ACK_BATCH = 100  # the server's /acks limit

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
    return enqueue_many(session, [entry])


def enqueue_many(session: Session, entries: list[OutboxEntry]) -> int:
    """Queue ``entries`` in this order, in the caller's transaction; returns the last sequence number."""
    last = session.scalars(
        select(CaseloadMeta.key)
        .where(CaseloadMeta.key.startswith(OUTBOX_PREFIX))
        .order_by(CaseloadMeta.key.desc())
        .limit(1)
    ).first()
    seq = int(last[len(OUTBOX_PREFIX) :]) if last else 0
    for entry in entries:
        seq += 1
        session.add(CaseloadMeta(key=f"{OUTBOX_PREFIX}{seq:0{_SEQ_WIDTH}d}", value=json.dumps(asdict(entry))))
        if entry.action == "refer" and entry.to_agency:
            session.merge(CaseloadMeta(key=REFER_TO_PREFIX + entry.submission_id, value=entry.to_agency))
    session.flush()
    return seq


def referral_target(session: Session, submission_id: str) -> str | None:
    """The server slug of the agency this request was referred to, if it was referred to one."""
    row = session.get(CaseloadMeta, REFER_TO_PREFIX + submission_id)
    return row.value if row is not None and row.value else None


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
    batch_acks: bool = False,
) -> FlushReport:
    """Send queued entries in order. ``session_factory`` is ``caseload.session`` (a context manager).

    Each entry is removed, and its request marked done, in its own transaction right after the server
    confirms; a crash in between sends it again, which the server answers as a replay ("already_acked")
    or, for a referral or release, as a lost lease (recorded as a refusal; nothing is doubled).

    ``batch_acks``: consecutive "ack" entries go in one ``/acks`` request of up to 100 (bulk imports:
    ``caseworker-admin sync --create-clients``). The server closes them in one transaction, so their
    order within a request is not kept in its event log; the order of requests is.
    """
    report = FlushReport()
    with session_factory() as session:
        queue = pending(session)
    index = 0
    while index < len(queue):
        run = _ack_run(queue, index) if batch_acks else []
        if len(run) > 1:
            try:
                _flush_acks(session_factory, api, run, report, on_refused)
            except (ServerUnreachable, ServerFailure, RateLimited):
                report.offline = True
                report.remaining = len(queue) - index
                return report
            except Unauthorized:
                raise
            except IntakeServerError:
                pass  # one entry the server will not take spoils the request: send this run one by one
            else:
                index += len(run)
                continue
        if not _flush_one(session_factory, api, queue[index], report, on_refused):
            report.offline = True
            report.remaining = len(queue) - index
            return report
        index += 1
    return report


def _ack_run(queue: list[tuple[str, OutboxEntry]], start: int) -> list[tuple[str, OutboxEntry]]:
    run: list[tuple[str, OutboxEntry]] = []
    for key, entry in queue[start : start + ACK_BATCH]:
        if entry.action != "ack":
            break
        run.append((key, entry))
    return run


def _flush_acks(
    session_factory: Callable[[], Any],
    api: IntakeClient,
    run: list[tuple[str, OutboxEntry]],
    report: FlushReport,
    on_refused: Callable[[Refusal], None] | None,
) -> None:
    """One ``/acks`` request for ``run``, then one local transaction for all of its results."""
    sids = [entry.submission_id for _, entry in run]
    with session_factory() as session:
        fences = dict(
            session.execute(
                select(IntakeSubmissionRow.submission_id, IntakeSubmissionRow.fencing_token).where(
                    IntakeSubmissionRow.submission_id.in_(sids)
                )
            ).all()
        )
    requests = [
        AckRequest(uuid.UUID(e.submission_id), int(fence), IntakeOutcome(e.outcome or "accepted"), e.reason)
        for _, e in run
        if (fence := fences.get(e.submission_id)) is not None
    ]
    answered = {str(r.item_id): r.result for r in api.ack_many(requests)} if requests else {}
    refused: list[Refusal] = []
    with session_factory() as session:
        rows = {
            r.submission_id: r
            for r in session.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id.in_(sids))
            )
        }
        now = datetime.now(UTC)
        session.execute(delete(CaseloadMeta).where(CaseloadMeta.key.in_([key for key, _ in run])))
        for _, entry in run:
            sid = entry.submission_id
            result = answered.get(sid, "lease_lost")  # no fence held: nothing was sent
            row = rows.get(sid)
            if result in ("acked", "already_acked"):
                if row is not None:
                    row.state = IntakeState.DONE
                    row.lease_expires_at = None
                    row.decision_sent_at = now
                report.sent.append(sid)
                continue
            refusal = Refusal(sid, entry.action, result, _now())
            if row is not None:
                row.fencing_token = None
                row.lease_expires_at = None
            session.merge(CaseloadMeta(key=REFUSED_PREFIX + sid, value=json.dumps(asdict(refusal))))
            refused.append(refusal)
    report.refused += refused
    if on_refused is not None:
        for refusal in refused:
            on_refused(refusal)


def _flush_one(
    session_factory: Callable[[], Any],
    api: IntakeClient,
    queued: tuple[str, OutboxEntry],
    report: FlushReport,
    on_refused: Callable[[Refusal], None] | None,
) -> bool:
    """Send one entry; False when the server could not be reached (the entry stays queued)."""
    key, entry = queued
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
        return False
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
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat()
