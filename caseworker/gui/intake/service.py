"""The triage screen's worker-thread side: queue, claim, candidates, decisions, outbox. No Qt.

Every method runs on the caseload's database worker (``DbOp``), never on the GUI thread: it talks to
the intake server (httpx) and writes the encrypted caseload. The widgets only see the plain dataclasses
returned here.

Nothing doubled: a decision and the client file it creates (or the file it updates) are written in ONE
durable transaction together with the outbox entry the server must hear; deciding a request that
already has a decision changes nothing and returns the first decision's client. The server hears about
it when the outbox is flushed (at once when online, later when not).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from caseworker.core.errors import KnownError
from caseworker.core.matching import LIKELY_THRESHOLD, MatchIndex, PersonKey, Reason, compare
from caseworker.intake import candidates as cand
from caseworker.intake import outbox
from caseworker.intake.client import Agency, Claim, QueueEntry, Referral
from caseworker.intake.errors import (
    RateLimited,
    ServerFailure,
    ServerUnreachable,
    Unauthorized,
)
from caseworker.intake.lease import LeaseKeeper
from caseworker.intake.schema import IntakeSubmission, QueueMetadata, parse_submission
from caseworker.intake.sync import PullReport, SyncEngine, _entry_for, enrol, load_device
from caseworker.store import audit
from caseworker.store.caseload import Caseload
from caseworker.store.engine import durable
from caseworker.store.models import (
    AuditAction,
    CaseloadMeta,
    Client,
    IntakeDecision,
    IntakeState,
    IntakeSubmissionRow,
)
from caseworker.store.repos import clients as clients_repo
from caseworker.store.repos import intake_triage, matches

OFFLINE_ERRORS = (ServerUnreachable, ServerFailure, RateLimited)
MIN_SCORE = 15  # below this a "candidate" only shares a birth year: not worth the worker's time


@dataclass(frozen=True)
class Connection:
    """What the banner shows: ``state`` is "online", "offline" or "refused" (revoked, unknown device)."""

    state: str = "online"
    error: KnownError | None = None
    waiting: int = 0  # decisions in the outbox
    refusals: tuple[outbox.Refusal, ...] = ()


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: a request waiting on the server, or one already held in this caseload."""

    key: str  # item id / submission id
    received_at: datetime
    languages: tuple[str, ...]
    needs: tuple[str, ...]
    region: str | None
    household_size: int
    interpreter_needed: bool
    form_language: str
    unrouted: bool = False
    leased: bool = False
    held: bool = False  # pulled into this caseload, waiting for a decision here


@dataclass(frozen=True)
class QueueSnapshot:
    rows: tuple[QueueRow, ...]
    connection: Connection
    enrolled: bool = True
    agency_name: str = ""


@dataclass(frozen=True)
class Difference:
    """One field compared between the request and a client file: ``kind`` is "same", "differs",
    "swapped" (day/month), "order" (given and family names swapped), "spelling" (another
    transliteration or spelling), "partial" or "missing"."""

    field: str
    request: str
    client: str
    kind: str


@dataclass(frozen=True)
class CandidateView:
    client_id: int
    score: int
    likely: bool
    reasons: tuple[Reason, ...]
    name: str
    latin_name: str
    dob: str
    phone: str
    languages: tuple[str, ...]
    differences: tuple[Difference, ...]


@dataclass(frozen=True)
class OpenedRequest:
    submission_id: str
    reference: str
    submission: IntakeSubmission | None
    problem: str | None
    candidates: tuple[CandidateView, ...]
    lease_seconds: float | None  # None: nothing to renew (already accepted on receipt)
    referrals: tuple[Referral, ...] = ()
    held_on_server: bool = True  # False once accepted on receipt: decisions stay local


@dataclass(frozen=True)
class DecisionResult:
    submission_id: str
    decision: IntakeDecision
    client_id: int | None
    connection: Connection
    already: bool = False  # the request had been decided before: nothing new was written
    sent: int = 0


@dataclass
class TickResult:
    lost: list[str] = field(default_factory=list)
    offline: bool = False


def _fmt_dob(year: int | None, month: int | None, day: int | None) -> str:
    if year is None:
        return ""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


def differences(
    submission: IntakeSubmission, client: clients_repo.ClientSummary, reasons: list[Reason]
) -> list[Difference]:
    """Field by field, what a worker should look at twice (the candidate list highlights these)."""
    p = submission.person
    out: list[Difference] = []
    req_name = " ".join(x for x in (p.given_name, p.family_name) if x)
    names_kind = "same"
    if _fold(req_name) != _fold(client.name):
        if Reason.NAMES_SWAPPED in reasons or sorted(_fold(req_name).split()) == sorted(
            _fold(client.name).split()
        ):
            names_kind = "order"
        elif Reason.NAMES_OTHER_SCRIPT in reasons or Reason.NAMES_SPELLING in reasons:
            names_kind = "spelling"
        elif not client.name or not req_name:
            names_kind = "missing"
        else:
            names_kind = "differs"
    out.append(Difference("name", req_name, client.name, names_kind))
    req_latin = " ".join(x for x in (p.given_name_latin, p.family_name_latin) if x)
    if req_latin or client.latin_name:
        kind = "same" if _fold(req_latin) == _fold(client.latin_name) else "spelling"
        if kind != "same" and sorted(_fold(req_latin).split()) == sorted(_fold(client.latin_name).split()):
            kind = "order"
        if not req_latin or not client.latin_name:
            kind = "missing"
        out.append(Difference("latin_name", req_latin, client.latin_name, kind))
    dob = p.date_of_birth
    req_dob = _fmt_dob(dob.year, dob.month, dob.day) if dob else ""
    cdob = client.date_of_birth
    prec = str(client.dob_precision or "full")
    c_dob = ""
    if cdob is not None:
        c_dob = _fmt_dob(
            cdob.year,
            cdob.month if prec in ("full", "year_month") else None,
            cdob.day if prec == "full" else None,
        )
    if req_dob == c_dob:
        kind = "same"
    elif not req_dob or not c_dob:
        kind = "missing"
    elif Reason.DOB_SWAPPED in reasons:
        kind = "swapped"
    elif Reason.DOB_YEAR_ONLY in reasons:
        kind = "partial"
    else:
        kind = "differs"
    out.append(Difference("date_of_birth", req_dob, c_dob, kind))
    req_phone = p.phone or ""
    c_phone = client.phone or ""
    if req_phone or c_phone:
        kind = "same" if req_phone == c_phone else ("missing" if not (req_phone and c_phone) else "differs")
        out.append(Difference("phone", req_phone, c_phone, kind))
    return out


class TriageService:
    """One per unlocked caseload; used only from its database worker thread (the keeper's countdown,
    :meth:`held`, may be read from any thread)."""

    def __init__(
        self,
        caseload: Caseload,
        *,
        lease_seconds: int | None = 300,
        timeout: float = 10.0,
        engine_factory: Callable[[Caseload], SyncEngine] | None = None,
    ) -> None:
        self.caseload = caseload
        self.lease_seconds = lease_seconds
        self.timeout = timeout
        self._engine_factory = engine_factory
        self._engine: SyncEngine | None = None
        self._index: MatchIndex | None = None
        self._lost: list[str] = []
        self._offline = False
        self._lock = threading.Lock()
        self.keeper = LeaseKeeper(self._renew, on_lost=self._on_lost, on_offline=self._on_offline)

    # ---- plumbing -----------------------------------------------------------------------------

    @property
    def engine(self) -> SyncEngine:
        if self._engine is None:
            if self._engine_factory is not None:
                self._engine = self._engine_factory(self.caseload)
            else:
                self._engine = SyncEngine.for_caseload(
                    self.caseload, lease_seconds=self.lease_seconds, timeout=self.timeout
                )
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def _renew(self, item_id: str, fence: int) -> float:
        return self.engine.renew(item_id, fence)

    def _on_lost(self, item_id: str) -> None:
        with self._lock:
            self._lost.append(item_id)

    def _on_offline(self, item_id: str) -> None:
        self._offline = True

    def held(self) -> dict[str, float]:
        """Request id -> seconds of reservation left (thread-safe: the GUI's countdown reads it)."""
        return self.keeper.held()

    def enrolled(self) -> bool:
        with self.caseload.session() as s:
            return s.get(CaseloadMeta, "intake.device_token") is not None

    def enrol(self, server_url: str, code: str, device_name: str) -> str:
        """Returns the agency's name."""
        self.close()
        device = enrol(self.caseload, server_url, code, device_name)
        return device.agency_name

    def connection(self, state: str = "online", error: KnownError | None = None) -> Connection:
        with self.caseload.session() as s:
            waiting = len(outbox.pending(s))
            refused = tuple(outbox.refusals(s))
        return Connection(state, error, waiting, refused)

    def dismiss_refusals(self) -> Connection:
        with self.caseload.session() as s:
            for r in outbox.refusals(s):
                outbox.dismiss_refusal(s, r.submission_id)
        return self.connection()

    def _guard(self, fn: Callable[[], Any]) -> tuple[Any, Connection]:
        """Run a server call; offline and refusals become a Connection state, not an exception."""
        try:
            result = fn()
        except OFFLINE_ERRORS as exc:
            return None, self.connection("offline", exc)
        except Unauthorized as exc:
            return None, self.connection("refused", exc)
        return result, self.connection()

    # ---- the queue ----------------------------------------------------------------------------

    def held_rows(self) -> list[QueueRow]:
        rows: list[QueueRow] = []
        with self.caseload.session() as s:
            for row in s.scalars(
                select(IntakeSubmissionRow)
                .where(
                    IntakeSubmissionRow.state.in_((IntakeState.STORED, IntakeState.ACKED)),
                    IntakeSubmissionRow.decision.is_(None),
                )
                .order_by(IntakeSubmissionRow.received_at, IntakeSubmissionRow.id)
            ):
                try:
                    sub = parse_submission(row.payload)
                except (ValueError, KnownError):
                    continue
                md: QueueMetadata = sub.metadata()
                rows.append(
                    QueueRow(
                        key=row.submission_id,
                        received_at=sub.created_at,
                        languages=tuple(md.languages),
                        needs=tuple(str(n) for n in md.needs),
                        region=md.region,
                        household_size=md.household_size,
                        interpreter_needed=md.interpreter_needed,
                        form_language=md.form_language,
                        held=True,
                    )
                )
        return rows

    def queue(self, limit: int = 200) -> QueueSnapshot:
        if not self.enrolled():
            return QueueSnapshot((), self.connection(), enrolled=False)
        held = self.held_rows()
        held_keys = {r.key for r in held}
        # decisions waiting go out first: the server's queue then shows what really waits
        self._guard(self.engine.flush_outbox)
        entries, conn = self._guard(lambda: self.engine.queue(limit=limit))
        rows: list[QueueRow] = list(held)
        for e in entries or ():
            assert isinstance(e, QueueEntry)
            if str(e.item_id) in held_keys:
                continue
            rows.append(
                QueueRow(
                    key=str(e.item_id),
                    received_at=e.received_at,
                    languages=tuple(e.metadata.languages),
                    needs=tuple(str(n) for n in e.metadata.needs),
                    region=e.metadata.region,
                    household_size=e.metadata.household_size,
                    interpreter_needed=e.metadata.interpreter_needed,
                    form_language=e.metadata.form_language,
                    unrouted=e.queue == "unrouted",
                    leased=e.leased,
                )
            )
        rows.sort(key=lambda r: r.received_at)
        try:
            agency = load_device(self.caseload).agency_name
        except KnownError:
            agency = ""
        return QueueSnapshot(tuple(rows), conn, True, agency)

    def pull_all(
        self, progress: Callable[[PullReport], None], cancelled: Callable[[], bool]
    ) -> tuple[PullReport | None, Connection]:
        """Everything waiting into the caseload (accepted on receipt), with progress and cancel."""
        return self._guard(lambda: self.engine.pull_and_accept(progress=progress, cancelled=cancelled))

    def agencies(self) -> tuple[list[Agency] | None, Connection]:
        """The server's agencies other than ours (for "refer to another agency")."""
        found, conn = self._guard(self.engine.api.agencies)
        if found is None:
            return None, conn
        try:
            own = load_device(self.caseload).agency_slug
        except KnownError:
            own = ""
        return [a for a in found if a.slug != own], conn

    # ---- opening a request --------------------------------------------------------------------

    def _index_now(self) -> MatchIndex:
        if self._index is None:
            with self.caseload.session() as s:
                self._index = cand.build_index(s)
        return self._index

    def candidates(self, submission: IntakeSubmission, limit: int = 5) -> tuple[CandidateView, ...]:
        index = self._index_now()
        with self.caseload.session() as s:
            ranked = cand.candidates(s, index, submission, limit=limit)
            ids = [int(c.id) for c in ranked]
            by_id = {c.id: c for c in clients_repo.summaries(s, ids)}
        out: list[CandidateView] = []
        for c in ranked:
            summary = by_id.get(int(c.id))
            if summary is None or c.score < MIN_SCORE:
                continue
            out.append(self._view(submission, summary, c.score, list(c.reasons)))
        return tuple(out)

    def search(self, submission: IntakeSubmission, text: str, limit: int = 10) -> tuple[CandidateView, ...]:
        """The worker's own search (name in any script, phone, UCI) when the right client is not listed,
        each result scored against the request the same way as the suggestions."""
        query = PersonKey.of(cand.submission_record(submission))
        out: list[CandidateView] = []
        with self.caseload.session() as s:
            found = clients_repo.search_clients(s, text, limit)
            rows = {c.id: c for c in s.scalars(select(Client).where(Client.id.in_([f.id for f in found])))}
            for summary in found:
                client = rows.get(summary.id)
                if client is None:
                    continue
                scored = compare(query, PersonKey.of(cand.client_record(client)))
                out.append(self._view(submission, summary, scored.score, list(scored.reasons)))
        return tuple(out)

    def _view(
        self,
        submission: IntakeSubmission,
        summary: clients_repo.ClientSummary,
        score: int,
        reasons: list[Reason],
    ) -> CandidateView:
        diffs = differences(submission, summary, reasons)
        return CandidateView(
            client_id=summary.id,
            score=score,
            likely=score >= LIKELY_THRESHOLD,
            reasons=tuple(reasons),
            name=summary.name,
            latin_name=summary.latin_name,
            dob=next((d.client for d in diffs if d.field == "date_of_birth"), ""),
            phone=summary.phone or "",
            languages=summary.languages,
            differences=tuple(diffs),
        )

    def claim_next(self) -> tuple[OpenedRequest | None, Connection]:
        """Reserve the oldest request waiting for this agency, store it, and find who it might be."""
        for _attempt in range(5):
            items, conn = self._guard(lambda: self.engine.claim_for_triage(1))
            if not items:
                return None, conn
            claim: Claim = items[0]
            sid = str(claim.item_id)
            if not self._decided_here(sid):
                break
            # decided here before, but the server refused the late answer: the decision was queued
            # again with the new reservation (store_claimed); send it and take the next request
            self.flush()
        else:
            return None, self.connection()
        left = max(1.0, (claim.lease_expires_at - datetime.now(UTC)).total_seconds())
        self.keeper.hold(sid, claim.fence, left)
        sub = claim.submission
        found = self.candidates(sub) if sub is not None else ()
        return (
            OpenedRequest(
                sid, claim.reference, sub, claim.problem, found, left, tuple(claim.referrals), True
            ),
            conn,
        )

    def _decided_here(self, submission_id: str) -> bool:
        with self.caseload.session() as s:
            decision = s.scalars(
                select(IntakeSubmissionRow.decision).where(IntakeSubmissionRow.submission_id == submission_id)
            ).first()
        return decision is not None

    def open_held(self, submission_id: str) -> OpenedRequest:
        """A request already in the caseload (pulled earlier): decisions about it stay local."""
        with self.caseload.session() as s:
            row = s.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
            ).one()
            payload, reference, state = row.payload, row.server_reference or "", row.state
            fence, expires = row.fencing_token, row.lease_expires_at
        sub: IntakeSubmission | None
        problem = None
        try:
            sub = parse_submission(payload)
        except (ValueError, KnownError):
            sub, problem = None, "the stored request does not validate"
        lease: float | None = None
        on_server = state is IntakeState.STORED and fence is not None
        if on_server and expires is not None:
            lease = max(0.0, (expires - datetime.now(UTC)).total_seconds())
            if lease > 0:
                self.keeper.hold(submission_id, int(fence or 0), lease)
        found = self.candidates(sub) if sub is not None else ()
        return OpenedRequest(submission_id, reference, sub, problem, found, lease, (), on_server)

    def tick(self) -> TickResult:
        """Renew the leases that need it (call every few seconds while a request is open)."""
        self._offline = False
        self.keeper.tick()
        with self._lock:
            lost, self._lost = self._lost, []
        return TickResult(lost, self._offline)

    def give_back(self, submission_id: str) -> Connection:
        """Close without deciding: the request goes back to the queue for anyone."""
        self.keeper.drop(submission_id)
        with self.caseload.session() as s:
            row = s.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
            ).first()
            held = row is not None and row.state is IntakeState.STORED and row.decision is None
        if held:
            self.engine.give_back(submission_id)
        return self.flush()

    # ---- decisions ------------------------------------------------------------------------------

    def flush(self) -> Connection:
        report, conn = self._guard(self.engine.flush_outbox)
        if report is not None and report.offline:
            return self.connection("offline", ServerUnreachable())
        return conn

    def _decide(
        self,
        submission_id: str,
        decision: IntakeDecision,
        actor_id: int | None,
        *,
        note: str = "",
        to_agency: str | None = None,
        referred_to: str | None = None,
        client_work: Callable[[Any, IntakeSubmission], int] | None = None,
    ) -> DecisionResult:
        already = False
        client_id: int | None = None
        with self.caseload.session() as session, durable(session):
            row = session.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
            ).one()
            if row.decision is not None:
                already = True
                decision = row.decision
                client_id = row.client_id
            else:
                if client_work is not None:
                    client_id = client_work(session, parse_submission(row.payload))
                held = row.state is IntakeState.STORED
                row.decision = decision
                row.decision_note = note
                row.referred_to = referred_to
                row.decided_by = actor_id
                row.decided_at = datetime.now(UTC)
                row.client_id = client_id
                row.state = IntakeState.DECIDED if held else IntakeState.DONE
                if held:
                    outbox.enqueue(session, _entry_for(submission_id, decision, note, to_agency))
                audit.record(
                    session,
                    actor_id,
                    "intake_submissions",
                    row.id,
                    AuditAction.DECIDE,
                    ["decision"] + (["client_id"] if client_id else []) + (["decision_note"] if note else []),
                    client_id=client_id,
                )
        self.keeper.drop(submission_id)
        before = self.connection().waiting
        conn = self.flush()
        return DecisionResult(
            submission_id, decision, client_id, conn, already, max(0, before - conn.waiting)
        )

    def new_client(self, submission_id: str, actor_id: int) -> DecisionResult:
        made: list[intake_triage.CreatedFile] = []

        def work(session: Any, sub: IntakeSubmission) -> int:
            created = intake_triage.create_client_from_request(
                session, actor_id, sub, assigned_worker_id=actor_id
            )
            made.append(created)
            return created.client_id

        result = self._decide(submission_id, IntakeDecision.NEW_CLIENT, actor_id, client_work=work)
        if made and self._index is not None:
            ids = [made[0].client_id, *made[0].household_member_ids]
            with self.caseload.session() as s:
                for client in s.scalars(select(Client).where(Client.id.in_(ids))):
                    self._index.add(cand.client_record(client))
        return result

    def same_person(self, submission_id: str, client_id: int, actor_id: int) -> DecisionResult:
        def work(session: Any, sub: IntakeSubmission) -> int:
            intake_triage.add_request_to_client(session, actor_id, client_id, sub)
            return client_id

        return self._decide(submission_id, IntakeDecision.MERGED, actor_id, client_work=work)

    def refer(
        self, submission_id: str, actor_id: int, *, to_agency: str | None, agency_name: str, note: str
    ) -> DecisionResult:
        return self._decide(
            submission_id,
            IntakeDecision.REFERRED,
            actor_id,
            note=note,
            to_agency=to_agency,
            referred_to=(agency_name or to_agency or "")[:100] or None,
        )

    def reject(self, submission_id: str, actor_id: int, reason: str) -> DecisionResult:
        return self._decide(submission_id, IntakeDecision.REJECTED, actor_id, note=reason)

    def not_same_person(self, submission_id: str, client_id: int, actor_id: int) -> tuple[CandidateView, ...]:
        """Remember "this request is not that client" and rank again without them."""
        with self.caseload.session() as s:
            matches.declare_request_not_client(s, actor_id, submission_id, client_id)
            row = s.scalars(
                select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == submission_id)
            ).one()
            payload = row.payload
        return self.candidates(parse_submission(payload))

    # ---- for tests and the status line -------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.caseload.session() as s:
            by_state = dict(
                s.execute(
                    select(IntakeSubmissionRow.state, func.count()).group_by(IntakeSubmissionRow.state)
                ).all()
            )
        return {str(k): int(v) for k, v in by_state.items()}
