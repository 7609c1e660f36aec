"""Intake submissions: stored once (replays return the same row), decided once, merges keep both files."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.errors import ValidationError
from caseworker.intake.schema import IntakeSubmission
from caseworker.store import audit
from caseworker.store.models import FileStatus, IntakeDecision, IntakeState, IntakeSubmissionRow
from caseworker.store.repos import clients, files, intake, matches, notes
from caseworker.store.repos.clients import ClientInput
from tests.store.schema_fixtures import *  # noqa: F403


def _submission(sid: uuid.UUID | None = None) -> IntakeSubmission:
    return IntakeSubmission.model_validate(
        {
            "submission_id": str(sid or uuid.uuid4()),
            "created_at": datetime.now(UTC).isoformat(),
            "form_language": "uk",
            "consent": {
                "given": True,
                "notice_version": "v1",
                "language": "uk",
                "at": datetime.now(UTC).isoformat(),
            },
            "person": {
                "given_name": "Олена",
                "family_name": "Коваль",
                "phone": "613-555-0142",
                "languages": ["uk"],
            },
            "needs": ["housing"],
        }
    )


def test_store_is_idempotent(db: Session, actor: int) -> None:
    sub = _submission()
    first = intake.store_submission(
        db, sub, actor_id=actor, fencing_token=1, lease_expires_at=datetime.now(UTC) + timedelta(minutes=5)
    )
    db.commit()
    again = intake.store_submission(
        db, sub, actor_id=actor, fencing_token=2, lease_expires_at=datetime.now(UTC) + timedelta(minutes=9)
    )
    db.commit()
    assert again.id == first.id and again.fencing_token == 2
    assert db.execute(sa.select(sa.func.count()).select_from(IntakeSubmissionRow)).scalar() == 1
    assert intake.load(again) == sub
    intake.mark_acked(db, str(sub.submission_id))
    intake.mark_acked(db, str(sub.submission_id))
    assert [r.submission_id for r in intake.waiting(db)] == [str(sub.submission_id)]
    assert again.state == IntakeState.ACKED


def test_concurrent_store_of_the_same_submission_makes_one_row(
    migrated_engine: sa.Engine, db: Session, actor: int
) -> None:
    sub = _submission()
    with Session(migrated_engine) as other:
        intake.store_submission(other, sub)
        other.commit()
    row = intake.store_submission(db, sub)  # our look-up sees theirs
    assert db.execute(sa.select(sa.func.count()).select_from(IntakeSubmissionRow)).scalar() == 1
    assert row.submission_id == str(sub.submission_id)


def test_decide_once(db: Session, actor: int) -> None:
    sub = _submission()
    intake.store_submission(db, sub)
    key = str(sub.submission_id)
    with pytest.raises(ValidationError) as err:
        intake.mark_decided(db, actor, key, IntakeDecision.NEW_CLIENT)
    assert err.value.field == "client_id"
    cid = clients.create_client(db, actor, ClientInput(given_name="Олена")).id
    intake.mark_decided(db, actor, key, IntakeDecision.NEW_CLIENT, client_id=cid)
    intake.mark_decided(db, actor, key, IntakeDecision.NEW_CLIENT, client_id=cid)  # replay: fine
    with pytest.raises(ValidationError) as err:
        intake.mark_decided(db, actor, key, IntakeDecision.REJECTED, note="duplicate")
    assert err.value.field == "decision"
    intake.mark_done(db, key)
    assert intake.get_submission(db, key).state == IntakeState.DONE  # type: ignore[union-attr]
    assert intake.waiting(db) == []
    assert [e.action for e in audit.client_history(db, cid)] == ["decide", "create"]


def test_not_same_person_is_remembered(db: Session, actor: int) -> None:
    a = clients.create_client(db, actor, ClientInput(given_name="Ali")).id
    b = clients.create_client(db, actor, ClientInput(given_name="Aly")).id
    first = matches.declare_not_same(db, actor, b, a)
    assert matches.declare_not_same(db, actor, a, b) == first
    assert matches.not_same_as(db, a) == {b} and matches.not_same_as(db, b) == {a}
    with pytest.raises(ValidationError):
        matches.declare_not_same(db, actor, a, a)
    matches.declare_request_not_client(db, actor, "00000000-0000-0000-0000-000000000001", a)
    assert matches.clients_not_matching_request(db, "00000000-0000-0000-0000-000000000001") == {a}


def test_merge_keeps_both_histories(db: Session, actor: int) -> None:
    keep = clients.create_client(
        db, actor, ClientInput(given_name="Olena", languages=["uk"], identifiers=[("uci", "1234-5678")])
    ).id
    gone = clients.create_client(
        db,
        actor,
        ClientInput(
            given_name="Олена",
            languages=["uk", "ru"],
            identifiers=[("uci", "1234-5678"), ("imm5292", "E123456")],
        ),
    ).id
    notes.add_note(db, actor, gone, "first visit")
    db.commit()
    matches.merge_clients(db, actor, keep, gone)
    db.commit()
    absorbed = clients.get_client(db, gone)
    assert (
        absorbed is not None and absorbed.file_status == FileStatus.MERGED and absorbed.merged_into_id == keep
    )
    f = files.get_client_file(db, keep, actor)
    assert f is not None
    assert [n.body for n in f.notes] == ["first visit"]
    assert f.profile.languages == ("uk", "ru")
    assert sorted(i.value for i in f.profile.identifiers) == ["1234-5678", "E123456"]
    assert f.merged_from == (gone,)
    assert {e.client_id for e in f.history} == {keep, gone}  # both histories
    assert keep in {r.id for r in clients.search_clients(db, "olena")}
    assert gone not in {r.id for r in clients.search_clients(db, "olena")}  # merged files are hidden
    with pytest.raises(ValidationError):
        matches.merge_clients(db, actor, keep, gone)
    assert audit.verify_chain(db) is None


def test_store_is_part_of_the_callers_transaction(db: Session, actor: int) -> None:
    """Nothing is committed behind the caller's back: a rollback drops the stored submission and
    its audit event together (the sync engine commits durably, then acknowledges)."""
    head = audit.chain_head(db)
    intake.store_submission(db, _submission(), actor_id=actor)
    db.rollback()
    assert db.execute(sa.select(sa.func.count()).select_from(IntakeSubmissionRow)).scalar() == 0
    assert audit.chain_head(db) == head


def test_lost_race_returns_the_winners_row(db: Session, actor: int, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = _submission()
    winner = intake.store_submission(db, sub, actor_id=actor)
    db.commit()
    real = intake.get_submission
    calls = {"n": 0}

    def blind_first_lookup(session: Session, submission_id: str) -> IntakeSubmissionRow | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(session, submission_id)

    monkeypatch.setattr(intake, "get_submission", blind_first_lookup)
    head = audit.chain_head(db)
    again = intake.store_submission(db, sub, actor_id=actor)
    assert again.id == winner.id
    assert audit.chain_head(db) == head  # no second import event
    assert db.execute(sa.select(sa.func.count()).select_from(IntakeSubmissionRow)).scalar() == 1


def test_outbox_keeps_decision_order(db: Session, actor: int) -> None:
    subs = [_submission() for _ in range(3)]
    for sub in subs:
        intake.store_submission(db, sub)
    keys = [str(s.submission_id) for s in subs]
    with pytest.raises(ValidationError) as err:
        intake.mark_decided(db, actor, keys[2], IntakeDecision.REFERRED, note="closer to home")
    assert err.value.field == "referred_to"
    intake.mark_decided(
        db, actor, keys[2], IntakeDecision.REFERRED, referred_to="Agency North", note="closer"
    )
    intake.mark_decided(db, actor, keys[0], IntakeDecision.REJECTED, note="spam")
    assert [r.submission_id for r in intake.outbox(db)] == [keys[2], keys[0]]
    intake.mark_done(db, keys[2])
    assert [r.submission_id for r in intake.outbox(db)] == [keys[0]]
    done = intake.get_submission(db, keys[2])
    assert done is not None and done.referred_to == "Agency North" and done.decision_sent_at is not None
    assert [r.submission_id for r in intake.waiting(db)] == [keys[1]]
