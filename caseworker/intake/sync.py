"""The desktop side of the intake queue: enrol, pull, store durably, ack; decide offline, send later.

Promise: no request is lost and none becomes two, whatever crashes when. How:

1. **Store before ack.** Claimed requests are written to the caseload in one transaction committed
   with ``synchronous=FULL`` (:func:`caseworker.store.engine.durable`) before anything is acknowledged.
   A crash before that commit loses nothing: the server still has the item, its lease expires, it
   comes back.
2. **The submission id is unique locally.** A request claimed again (our ack never arrived, the lease
   expired) finds its row and only refreshes the fence: a replay is harmless.
3. **Ack with the fence.** The server closes an item only for the holder of the current fence; a
   late ack is refused (409) and changes nothing. Leftover stored-but-unacked rows are acked again at
   the next start: the server answers "already_acked" for what it had.
4. **Decisions go through an outbox** (:mod:`caseworker.intake.outbox`) written in the same local
   transaction as the decision, and are sent in order when the server answers.

Two ways to use it:

- **accept on receipt** (:meth:`SyncEngine.pull_and_accept`, ``caseworker-admin sync``): every claimed
  request is stored and acked "accepted" at once; triage then happens locally.
- **hold while deciding** (the triage screen): :meth:`SyncEngine.claim_for_triage` stores the request
  and keeps the lease (renewed by :class:`caseworker.intake.lease.LeaseKeeper`) while the worker
  decides; :meth:`SyncEngine.decide` records the decision and queues the ack / referral.

No Qt: the GUI calls these on its database worker thread.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from caseworker.core.domain import IntakeOutcome
from caseworker.core.errors import KnownError, ValidationError
from caseworker.intake import outbox
from caseworker.intake.client import AckRequest, Claim, Enrolment, IntakeClient, QueueEntry
from caseworker.intake.schema import IntakeSubmission, parse_submission
from caseworker.store import audit
from caseworker.store.caseload import Caseload
from caseworker.store.engine import durable
from caseworker.store.models import (
    AuditAction,
    CaseloadMeta,
    IntakeDecision,
    IntakeState,
    IntakeSubmissionRow,
)
from caseworker.store.repos import intake_triage

META_SERVER_URL = "intake.server_url"
META_DEVICE_TOKEN = "intake.device_token"  # noqa: S105 - a key name, not a secret
META_DEVICE = "intake.device"  # JSON: device id and name, agency slug and name
META_LAST_STORED = "intake.last_stored_at"
ACK_BATCH = 100  # the server's /acks limit


class NotEnrolled(KnownError):
    message = "This caseload is not enrolled with an intake server yet."
    hint = (
        "Ask agency IT for an enrolment code, then run: caseworker-admin enrol DIR --server URL --code CODE"
    )


@dataclass(frozen=True, slots=True)
class Device:
    server_url: str
    token: str
    device_id: int
    device_name: str
    agency_slug: str
    agency_name: str

    def __repr__(self) -> str:  # never print the token
        return (
            f"Device(server_url={self.server_url!r}, device_id={self.device_id}, agency={self.agency_slug!r})"
        )


@dataclass
class PullReport:
    claimed: int = 0
    stored_new: int = 0
    replays: int = 0
    acked: int = 0
    refused: list[str] = field(default_factory=list)  # submission ids whose ack the server refused
    outbox_sent: int = 0
    outbox_remaining: int = 0
    offline: bool = False
    clients_created: int = 0  # create_clients: new client files
    left_for_triage: int = 0  # create_clients: stored and acked, but the form made no valid file

    def as_dict(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed,
            "stored_new": self.stored_new,
            "replays": self.replays,
            "acked": self.acked,
            "refused": len(self.refused),
            "clients_created": self.clients_created,
            "left_for_triage": self.left_for_triage,
            "outbox_sent": self.outbox_sent,
            "outbox_remaining": self.outbox_remaining,
            "offline": self.offline,
        }


# --- enrolment --------------------------------------------------------------------------------------


def enrol(
    caseload: Caseload,
    server_url: str,
    code: str,
    device_name: str,
    *,
    client_factory: Callable[[str], IntakeClient] = IntakeClient,
) -> Device:
    """Trade a one-time enrolment code for a device token, kept inside the encrypted caseload."""
    with client_factory(server_url) as client:
        got: Enrolment = client.enrol(code.strip(), device_name)
    device = Device(
        server_url=server_url.rstrip("/"),
        token=got.token,
        device_id=got.device_id,
        device_name=got.device_name,
        agency_slug=got.agency.slug,
        agency_name=got.agency.name,
    )
    info = {
        "device_id": device.device_id,
        "device_name": device.device_name,
        "agency_slug": device.agency_slug,
        "agency_name": device.agency_name,
    }
    with caseload.session() as session, durable(session):
        session.merge(CaseloadMeta(key=META_SERVER_URL, value=device.server_url))
        session.merge(CaseloadMeta(key=META_DEVICE_TOKEN, value=device.token))
        session.merge(CaseloadMeta(key=META_DEVICE, value=json.dumps(info)))
        audit.record(session, caseload.user.id or None, "intake_device", device.device_id, AuditAction.CREATE)
    return device


def load_device(caseload: Caseload) -> Device:
    with caseload.session() as session:
        values = dict(
            session.execute(
                select(CaseloadMeta.key, CaseloadMeta.value).where(
                    CaseloadMeta.key.in_((META_SERVER_URL, META_DEVICE_TOKEN, META_DEVICE))
                )
            ).all()
        )
    if META_DEVICE_TOKEN not in values or META_SERVER_URL not in values:
        raise NotEnrolled()
    info = json.loads(values.get(META_DEVICE, "{}"))
    return Device(
        server_url=values[META_SERVER_URL],
        token=values[META_DEVICE_TOKEN],
        device_id=int(info.get("device_id", 0)),
        device_name=str(info.get("device_name", "")),
        agency_slug=str(info.get("agency_slug", "")),
        agency_name=str(info.get("agency_name", "")),
    )


def forget_device(caseload: Caseload) -> None:
    """Drop the token (after a revocation); pending decisions stay in the outbox."""
    with caseload.session() as session:
        for key in (META_DEVICE_TOKEN, META_DEVICE):
            row = session.get(CaseloadMeta, key)
            if row is not None:
                session.delete(row)


# --- storing ----------------------------------------------------------------------------------------


@dataclass
class Stored:
    """What :func:`store_batch` did with one claimed batch (submission ids)."""

    new: list[str] = field(default_factory=list)
    replays: list[str] = field(default_factory=list)
    clients_created: list[str] = field(default_factory=list)  # given a client file (create_clients)
    left_for_triage: list[str] = field(default_factory=list)  # create_clients, but the form would not do


def store_claimed(caseload: Caseload, items: Sequence[Claim]) -> tuple[list[str], list[str]]:
    """Write claimed requests in ONE durable transaction; returns (new ids, replayed ids)."""
    stored = store_batch(caseload, items)
    return stored.new, stored.replays


def store_batch(
    caseload: Caseload,
    items: Sequence[Claim],
    *,
    create_clients: bool = False,
    actor_id: int | None = None,
) -> Stored:
    """Write claimed requests in ONE durable transaction.

    A request already held (same submission id) is not stored again: its fence and lease are
    refreshed. If a worker had already decided it (the ack was refused because the lease ran out, and
    the request came back), the decision is queued again with the new fence: still one client file.
    A referral that was delivered and comes back (the other agency sent it back) is open again.

    ``create_clients`` (agency IT's bulk mode): in the same transaction, every undecided request
    becomes a client file (:func:`caseworker.store.repos.intake_triage.create_client_from_request`),
    is decided "new client" and its "accepted" ack is queued in the outbox. The decision is taken only
    on a row that has none, inside a transaction that holds the write lock before it reads: a replay,
    a restart or a second process never makes a second file for the same submission id. A request
    whose form does not make a valid client file is stored undecided (``left_for_triage``).
    """
    stored = Stored()
    if not items:
        return stored
    if actor_id is None:
        actor_id = caseload.user.id or None
    sids = [str(i.item_id) for i in items]
    now = datetime.now(UTC)
    with caseload.session() as session, durable(session):
        _take_write_lock(session, now)
        existing = {
            row.submission_id: row
            for row in session.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id.in_(sids))
            )
        }
        added: list[IntakeSubmissionRow] = []
        undecided: list[tuple[IntakeSubmissionRow, IntakeSubmission | None]] = []
        for item in items:
            sid = str(item.item_id)
            row = existing.get(sid)
            if row is None:
                row = IntakeSubmissionRow(
                    submission_id=sid,
                    # exactly what the server holds, even if this version cannot validate it
                    payload=canonical_json(item.raw_submission),
                    state=IntakeState.STORED,
                    server_reference=item.reference,
                    fencing_token=item.fence,
                    lease_expires_at=item.lease_expires_at,
                    received_at=now,
                    decision_note="",
                )
                session.add(row)
                existing[sid] = row
                added.append(row)
                stored.new.append(sid)
                undecided.append((row, item.submission))
                continue
            stored.replays.append(sid)
            row.fencing_token = item.fence
            row.lease_expires_at = item.lease_expires_at
            if row.decision is IntakeDecision.REFERRED and row.state is IntakeState.DONE:
                # delivered to another agency, and it came back: a new request for this desk
                _reopen(session, row, actor_id)
            if row.decision is not None and row.state in (IntakeState.DECIDED, IntakeState.DONE):
                row.state = IntakeState.DECIDED
                outbox.dismiss_refusal(session, sid)
                to_agency = (
                    outbox.referral_target(session, sid) if row.decision is IntakeDecision.REFERRED else None
                )
                outbox.enqueue(session, entry_for(sid, row.decision, row.decision_note, to_agency))
            elif row.decision is None:
                row.state = IntakeState.STORED  # the server reopened it: ack again
                undecided.append((row, item.submission))
        session.flush()
        if added:
            audit.record_many(
                session, actor_id, "intake_submissions", [r.id for r in added], AuditAction.IMPORT
            )
        if create_clients:
            _create_clients(session, undecided, actor_id, now, stored)
    return stored


def _take_write_lock(session: Session, now: datetime) -> None:
    """Start the transaction with a write, so that SQLite holds the write lock before anything is read.

    (The driver begins a transaction only at the first write; reads before it would see a state that
    another process may change before this one writes.) Also records when requests were last stored.
    """
    stmt = sqlite_insert(CaseloadMeta).values(key=META_LAST_STORED, value=now.isoformat())
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))


def _reopen(session: Session, row: IntakeSubmissionRow, actor_id: int | None) -> None:
    audit.record(session, actor_id, "intake_submissions", row.id, AuditAction.UPDATE, ["decision", "state"])
    row.decision = None
    row.decision_note = ""
    row.decided_at = None
    row.decided_by = None
    row.decision_sent_at = None
    row.state = IntakeState.STORED


def _create_clients(
    session: Session,
    undecided: list[tuple[IntakeSubmissionRow, IntakeSubmission | None]],
    actor_id: int | None,
    now: datetime,
    stored: Stored,
) -> None:
    actor = actor_id or 0
    entries: list[outbox.OutboxEntry] = []
    for row, submission in undecided:
        if submission is None:
            stored.left_for_triage.append(row.submission_id)
            continue
        try:
            with session.begin_nested():  # one form that will not do spoils only itself
                made = intake_triage.create_client_from_request(session, actor, submission, today=now.date())
        except ValidationError:
            stored.left_for_triage.append(row.submission_id)
            continue
        row.decision = IntakeDecision.NEW_CLIENT
        row.client_id = made.client_id
        row.decided_by = actor_id
        row.decided_at = now
        row.state = IntakeState.DECIDED
        entries.append(entry_for(row.submission_id, IntakeDecision.NEW_CLIENT, "", None))
        stored.clients_created.append(row.submission_id)
    if not entries:
        return
    outbox.enqueue_many(session, entries)
    session.flush()
    by_sid = {row.submission_id: row for row, _ in undecided}
    rows = [by_sid[sid] for sid in stored.clients_created]
    audit.record_many(
        session,
        actor_id,
        "intake_submissions",
        [r.id for r in rows],
        AuditAction.DECIDE,
        ["decision", "client_id"],
        client_ids=[r.client_id for r in rows],
    )


def _parse_or_none(payload: str) -> IntakeSubmission | None:
    try:
        return parse_submission(payload)
    except (ValueError, ValidationError):
        return None


def canonical_json(data: Any) -> str:
    """The server's canonical form: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_for(
    submission_id: str, decision: IntakeDecision, note: str, to_agency: str | None
) -> outbox.OutboxEntry:
    if decision is IntakeDecision.REFERRED:
        if to_agency:
            return outbox.OutboxEntry(submission_id, "refer", reason=note, to_agency=to_agency)
        # referred outside the server's agencies: the item is closed as "referred"
        return outbox.OutboxEntry(submission_id, "ack", outcome=IntakeOutcome.REFERRED.value, reason=note)
    if decision is IntakeDecision.REJECTED:
        return outbox.OutboxEntry(submission_id, "ack", outcome=IntakeOutcome.REJECTED.value, reason=note)
    return outbox.OutboxEntry(submission_id, "ack", outcome=IntakeOutcome.ACCEPTED.value)


def _mark_acked(caseload: Caseload, results: Iterable[tuple[str, str]]) -> tuple[int, list[str]]:
    """Apply /acks results: acked or already_acked -> ACKED; refused -> fence dropped (it may come back)."""
    acked = 0
    refused: list[str] = []
    now = datetime.now(UTC)
    by_sid = dict(results)
    with caseload.session() as session:
        rows = session.scalars(
            select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id.in_(list(by_sid)))
        )
        for row in rows:
            result = by_sid[row.submission_id]
            if result in ("acked", "already_acked"):
                if row.state is IntakeState.STORED:
                    row.state = IntakeState.ACKED
                    row.acked_at = now
                row.lease_expires_at = None
                acked += 1
            else:
                row.fencing_token = None
                row.lease_expires_at = None
                refused.append(row.submission_id)
    return acked, refused


# --- the engine -------------------------------------------------------------------------------------


class SyncEngine:
    """One caseload, one server. Not thread-safe: drive it from one worker thread."""

    def __init__(
        self,
        caseload: Caseload,
        api: IntakeClient,
        *,
        lease_seconds: int | None = None,
    ) -> None:
        self.caseload = caseload
        self.api = api
        self.lease_seconds = lease_seconds

    @classmethod
    def for_caseload(
        cls, caseload: Caseload, *, lease_seconds: int | None = None, timeout: float = 15.0
    ) -> SyncEngine:
        device = load_device(caseload)
        client = IntakeClient(device.server_url, device.token, timeout=timeout)
        return cls(caseload, client, lease_seconds=lease_seconds)

    def close(self) -> None:
        self.api.close()

    # ---- accept on receipt (headless) ----

    def ack_leftovers(
        self, *, create_clients: bool = False, actor_id: int | None = None
    ) -> tuple[int, list[str]]:
        """Ack "accepted" every stored, undecided request not yet acked (left by a crash).

        With ``create_clients``, those requests are first made client files (as :func:`store_batch`
        does); their acks then go through the outbox.
        """
        if create_clients:
            self._create_clients_for_leftovers(actor_id)
        with self.caseload.session() as session:
            rows = session.execute(
                select(IntakeSubmissionRow.submission_id, IntakeSubmissionRow.fencing_token).where(
                    IntakeSubmissionRow.state == IntakeState.STORED,
                    IntakeSubmissionRow.decision.is_(None),
                    IntakeSubmissionRow.fencing_token.is_not(None),
                )
            ).all()
        acked = 0
        refused: list[str] = []
        for start in range(0, len(rows), ACK_BATCH):
            chunk = rows[start : start + ACK_BATCH]
            results = self.api.ack_many(
                [AckRequest(uuid.UUID(sid), int(fence or 0), IntakeOutcome.ACCEPTED) for sid, fence in chunk]
            )
            a, r = _mark_acked(self.caseload, ((str(x.item_id), x.result) for x in results))
            acked += a
            refused += r
        return acked, refused

    def _create_clients_for_leftovers(self, actor_id: int | None) -> None:
        if actor_id is None:
            actor_id = self.caseload.user.id or None
        now = datetime.now(UTC)
        with self.caseload.session() as session, durable(session):
            _take_write_lock(session, now)
            rows = list(
                session.scalars(
                    select(IntakeSubmissionRow).where(
                        IntakeSubmissionRow.state == IntakeState.STORED,
                        IntakeSubmissionRow.decision.is_(None),
                        IntakeSubmissionRow.fencing_token.is_not(None),
                    )
                )
            )
            if rows:
                _create_clients(
                    session, [(r, _parse_or_none(r.payload)) for r in rows], actor_id, now, Stored()
                )

    def pull_and_accept(
        self,
        *,
        batch: int = 100,
        limit: int | None = None,
        progress: Callable[[PullReport], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        create_clients: bool = False,
        actor_id: int | None = None,
    ) -> PullReport:
        """Claim, store durably, ack "accepted", until the queue is empty (or ``limit`` claimed).

        ``create_clients`` (agency IT's bulk mode, ``caseworker-admin sync --create-clients``): each
        request also becomes a client file in the transaction that stores it, decided "new client";
        the acks then go through the outbox, a batch per request. ``actor_id`` is who the audit trail
        names (default: the user who unlocked the caseload).

        Raises ServerUnreachable / DeviceRefused (KnownErrors) when the server fails mid-way; what was
        stored stays stored and is acked at the next run.
        """
        report = PullReport()
        report.acked, report.refused = self.ack_leftovers(create_clients=create_clients, actor_id=actor_id)
        flushed = self.flush_outbox(batch_acks=create_clients)
        report.outbox_sent, report.outbox_remaining = len(flushed.sent), flushed.remaining
        while limit is None or report.claimed < limit:
            if cancelled is not None and cancelled():
                break
            want = batch if limit is None else min(batch, limit - report.claimed)
            items = self.api.claim(want, lease_seconds=self.lease_seconds)
            if not items:
                break
            report.claimed += len(items)
            stored = store_batch(self.caseload, items, create_clients=create_clients, actor_id=actor_id)
            report.stored_new += len(stored.new)
            report.replays += len(stored.replays)
            report.clients_created += len(stored.clients_created)
            report.left_for_triage += len(stored.left_for_triage)
            # decided requests were queued in the outbox; everything else is acked now
            undecided = self._undecided({str(i.item_id) for i in items})
            acks = [
                AckRequest(i.item_id, i.fence, IntakeOutcome.ACCEPTED)
                for i in items
                if str(i.item_id) in undecided
            ]
            for start in range(0, len(acks), ACK_BATCH):
                results = self.api.ack_many(acks[start : start + ACK_BATCH])
                a, r = _mark_acked(self.caseload, ((str(x.item_id), x.result) for x in results))
                report.acked += a
                report.refused += r
            if len(undecided) < len(items):
                flushed = self.flush_outbox(batch_acks=create_clients)
                report.outbox_sent += len(flushed.sent)
                report.outbox_remaining = flushed.remaining
                report.refused += [r.submission_id for r in flushed.refused]
            if progress is not None:
                progress(report)
        return report

    def _undecided(self, sids: set[str]) -> set[str]:
        with self.caseload.session() as session:
            return set(
                session.scalars(
                    select(IntakeSubmissionRow.submission_id).where(
                        IntakeSubmissionRow.submission_id.in_(list(sids)),
                        IntakeSubmissionRow.decision.is_(None),
                    )
                )
            )

    # ---- hold while deciding (triage) ----

    def queue(self, *, limit: int = 100) -> list[QueueEntry]:
        return self.api.queue(limit=limit)

    def claim_for_triage(self, n: int = 1) -> list[Claim]:
        """Claim and store ``n`` requests, keeping their leases (hand them to a LeaseKeeper)."""
        items = self.api.claim(n, lease_seconds=self.lease_seconds)
        store_claimed(self.caseload, items)
        return items

    def renew(self, submission_id: str, fence: int) -> float:
        """Renew one lease; returns the seconds left (the LeaseKeeper's ``renew`` callable)."""
        expires = self.api.renew(uuid.UUID(submission_id), fence, lease_seconds=self.lease_seconds)
        with self.caseload.session() as session:
            row = session.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
            ).first()
            if row is not None:
                row.lease_expires_at = expires
        return max(0.0, (expires - datetime.now(UTC)).total_seconds())

    def decide(
        self,
        submission_id: str,
        decision: IntakeDecision,
        *,
        note: str = "",
        to_agency: str | None = None,
        client_id: int | None = None,
        actor_id: int | None = None,
    ) -> None:
        """Record the worker's decision and queue what the server must hear, in one durable commit.

        Call :meth:`flush_outbox` afterwards (it is harmless offline). For a request already acked
        on receipt there is nothing to send: the decision is local.
        """
        with self.caseload.session() as session, durable(session):
            row = session.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
            ).one()
            held = row.state is IntakeState.STORED
            row.decision = decision
            row.decision_note = note
            if to_agency:
                row.referred_to = to_agency
            row.decided_by = actor_id
            row.decided_at = datetime.now(UTC)
            if client_id is not None:
                row.client_id = client_id
            row.state = IntakeState.DECIDED if held else IntakeState.DONE
            if held:
                outbox.enqueue(session, entry_for(submission_id, decision, note, to_agency))
            audit.record(session, actor_id, "intake_submissions", row.id, AuditAction.DECIDE, ["decision"])

    def give_back(self, submission_id: str) -> None:
        """The worker will not handle this request: release it to the queue (queued like a decision)."""
        with self.caseload.session() as session, durable(session):
            outbox.enqueue(session, outbox.OutboxEntry(submission_id, "release"))

    def flush_outbox(
        self, on_refused: Callable[[outbox.Refusal], None] | None = None, *, batch_acks: bool = False
    ) -> outbox.FlushReport:
        return outbox.flush(self.caseload.session, self.api, on_refused=on_refused, batch_acks=batch_acks)


_entry_for = entry_for  # the name the triage screen first imported


def held_requests(session: Session) -> list[IntakeSubmissionRow]:
    """Requests stored locally and not yet decided, oldest first (the triage list)."""
    return list(
        session.scalars(
            select(IntakeSubmissionRow)
            .where(IntakeSubmissionRow.state.in_((IntakeState.STORED, IntakeState.ACKED)))
            .order_by(IntakeSubmissionRow.received_at, IntakeSubmissionRow.id)
        )
    )
