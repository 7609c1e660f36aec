"""store_claimed on a real encrypted caseload: any sequence of claims and replays stores each request
once, keeps the newest fence, and a decided request that comes back re-queues its decision."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from caseworker.intake import outbox
from caseworker.intake.client import Claim
from caseworker.intake.schema import IntakeSubmission
from caseworker.intake.sync import store_claimed
from caseworker.server.demo import submission_dict
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload
from caseworker.store.keyslots import KdfParams
from caseworker.store.models import IntakeDecision, IntakeState, IntakeSubmissionRow

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
