"""store_claimed on a real encrypted caseload: any sequence of claims and replays stores each request
once, keeps the newest fence, and a decided request that comes back re-queues its decision."""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from caseworker.core.domain import Relationship
from caseworker.intake import outbox
from caseworker.intake.client import Claim
from caseworker.intake.schema import HouseholdMember, IntakeSubmission
from caseworker.intake.sync import store_batch, store_claimed
from caseworker.server.demo import submission_dict
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload
from caseworker.store.keyslots import KdfParams
from caseworker.store.models import Client, IntakeDecision, IntakeState, IntakeSubmissionRow

POOL = [submission_dict(random.Random(i)) for i in range(6)]


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caseload]:
    previous = keyslots.DEFAULT_KDF
    keyslots.DEFAULT_KDF = KdfParams.insecure_fast()
    try:
        caseload, _ = Caseload.create(
            tmp_path_factory.mktemp("c") / "c", "amina", "correct horse battery staple"
        )
    finally:
        keyslots.DEFAULT_KDF = previous
    yield caseload
    caseload.close()


def _claim(raw: dict[str, object], fence: int) -> Claim:
    return Claim(
        item_id=uuid.UUID(str(raw["submission_id"])),
        fence=fence,
        lease_expires_at=datetime.now(UTC) + timedelta(minutes=5),
        reference="NWD-TEST-0000",
        queue="agency",
        referrals=(),
        submission=IntakeSubmission.model_validate(raw),
        raw_submission=raw,
    )


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batches=st.lists(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=4), min_size=1, max_size=6)
)
def test_any_sequence_of_claims_stores_each_request_once(
    caseload: Caseload, batches: list[list[int]]
) -> None:
    with caseload.session() as session:
        for row in session.scalars(select(IntakeSubmissionRow)):
            session.delete(row)
    fence = 0
    newest: dict[str, int] = {}
    for batch in batches:
        claims = []
        for i in dict.fromkeys(batch):  # the server never returns one item twice in a claim
            fence += 1
            claims.append(_claim(POOL[i], fence))
            newest[str(POOL[i]["submission_id"])] = fence
        store_claimed(caseload, claims)
    with caseload.session() as session:
        rows = {r.submission_id: r.fencing_token for r in session.scalars(select(IntakeSubmissionRow))}
    assert rows == newest


def test_a_decided_request_that_comes_back_requeues_its_decision(caseload: Caseload) -> None:
    raw = submission_dict(random.Random(99))
    sid = str(raw["submission_id"])
    new, _ = store_claimed(caseload, [_claim(raw, 1)])
    assert new == [sid]
    with caseload.session() as session:
        row = session.scalars(
            select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == sid)
        ).one()
        row.decision = IntakeDecision.REJECTED
        row.decision_note = "duplicate"
        row.state = IntakeState.DONE
    new, replays = store_claimed(caseload, [_claim(raw, 7)])
    assert (new, replays) == ([], [sid])
    with caseload.session() as session:
        (entry,) = [e for _, e in outbox.pending(session) if e.submission_id == sid]
        assert (entry.action, entry.outcome, entry.reason) == ("ack", "rejected", "duplicate")
        row = session.scalars(
            select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == sid)
        ).one()
        assert (row.state, row.fencing_token) == (IntakeState.DECIDED, 7)


# --- create_clients: one client file per submission, whatever the replays -----------------------------


def _clients(caseload: Caseload) -> int:
    with caseload.session() as session:
        return int(session.scalar(select(func.count()).select_from(Client)) or 0)


def _files_for(raw: dict[str, object]) -> int:
    household = raw.get("household")
    return 1 + (len(household) if isinstance(household, list) else 0)


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batches=st.lists(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=4), min_size=1, max_size=5)
)
def test_create_clients_makes_one_file_per_submission_whatever_the_replays(
    tmp_path_factory: pytest.TempPathFactory, batches: list[list[int]]
) -> None:
    previous = keyslots.DEFAULT_KDF
    keyslots.DEFAULT_KDF = KdfParams.insecure_fast()
    try:
        caseload, _ = Caseload.create(tmp_path_factory.mktemp("cc") / "c", "amina", "x" * 12)
    finally:
        keyslots.DEFAULT_KDF = previous
    try:
        fence = 0
        seen: set[int] = set()
        for batch in batches:
            claims = []
            for i in dict.fromkeys(batch):
                fence += 1
                claims.append(_claim(POOL[i], fence))
            stored = store_batch(caseload, claims, create_clients=True)
            fresh = [str(POOL[i]["submission_id"]) for i in dict.fromkeys(batch) if i not in seen]
            assert stored.clients_created == fresh  # replays never make a second file
            seen |= set(batch)
        assert _clients(caseload) == sum(_files_for(POOL[i]) for i in seen)
        with caseload.session() as session:
            rows = list(session.scalars(select(IntakeSubmissionRow)))
            assert {r.decision for r in rows} == {IntakeDecision.NEW_CLIENT}
            assert len({r.client_id for r in rows}) == len(rows) == len(seen)
            queued = [e.submission_id for _, e in outbox.pending(session)]
            assert sorted(set(queued)) == sorted(r.submission_id for r in rows)
            assert {e.outcome for _, e in outbox.pending(session)} == {"accepted"}
    finally:
        caseload.close()


def test_a_form_this_version_cannot_read_is_left_for_triage(caseload: Caseload) -> None:
    good = submission_dict(random.Random(501))
    newer = dict(submission_dict(random.Random(502)), schema_version=2, pets=["cat"])  # a newer form
    unreadable = Claim(
        item_id=uuid.UUID(str(newer["submission_id"])),
        fence=1,
        lease_expires_at=datetime.now(UTC) + timedelta(minutes=5),
        reference="NWD-TEST-0001",
        queue="agency",
        referrals=(),
        submission=None,
        raw_submission=newer,
        problem="2 field(s) do not validate",
    )
    before = _clients(caseload)
    stored = store_batch(caseload, [_claim(good, 1), unreadable], create_clients=True)
    assert stored.clients_created == [str(good["submission_id"])]
    assert stored.left_for_triage == [str(newer["submission_id"])]
    assert _clients(caseload) == before + _files_for(good)
    with caseload.session() as session:
        row = session.scalars(
            select(IntakeSubmissionRow).where(
                IntakeSubmissionRow.submission_id == str(newer["submission_id"])
            )
        ).one()
        assert (row.decision, row.state, row.client_id) == (None, IntakeState.STORED, None)
        assert '"pets":["cat"]' in row.payload  # kept exactly as the server holds it


def test_a_file_that_fails_half_way_leaves_nothing_behind_and_spoils_nothing_else(caseload: Caseload) -> None:
    good = submission_dict(random.Random(601))
    raw = submission_dict(random.Random(602))
    # a form the wire model took but the caseload refuses half-way: the principal's file and the
    # household are written before the nameless member is refused (built without validation, as an
    # older server version might have let it through)
    nameless = HouseholdMember.model_construct(given_name="", family_name="", relationship=Relationship.CHILD)
    broken = IntakeSubmission.model_validate(raw).model_copy(update={"household": [nameless]})
    claim = dataclasses.replace(_claim(raw, 1), submission=broken)
    before = _clients(caseload)
    stored = store_batch(caseload, [claim, _claim(good, 1)], create_clients=True)
    assert stored.left_for_triage == [str(raw["submission_id"])]
    assert stored.clients_created == [str(good["submission_id"])]
    assert _clients(caseload) == before + _files_for(good)  # nothing of the broken one is left
    with caseload.session() as session:
        row = session.scalars(
            select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == str(raw["submission_id"]))
        ).one()
        assert (row.decision, row.state, row.client_id) == (None, IntakeState.STORED, None)
