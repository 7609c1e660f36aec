"""Settlement plans: goals, actions, referrals with translations, approval by supervisors, follow-ups due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import ActionStatus, PlanStatus, ReferralStatus
from caseworker.store.repos import clients, consents, plans
from caseworker.store.repos._common import NotAllowed
from caseworker.store.repos.clients import ClientInput
from tests.store.schema_fixtures import *  # noqa: F403


@pytest.fixture
def client_id(db: Session, actor: int) -> int:
    cid = clients.create_client(
        db, actor, ClientInput(given_name="Zahra", languages=["fa"], assigned_worker_id=actor)
    ).id
    db.commit()
    return cid


def test_plan_with_goals_actions_referrals(
    db: Session, actor: int, supervisor_id: int, client_id: int
) -> None:
    pid = plans.create_plan(
        db, actor, client_id, "Settlement plan", title_translation="برنامه اسکان", translation_language="fa"
    )
    gid = plans.add_goal(
        db, actor, pid, "Find stable housing", text_translation="پیدا کردن مسکن", domain="housing"
    )
    due = date.today() - timedelta(days=1)
    aid = plans.add_action(db, actor, gid, "Apply for subsidised housing", owner="worker", due_date=due)
    plans.add_action(db, actor, gid, "Visit the food bank", owner="other", owner_name="Sponsor group")
    consent = consents.give_consent(
        db, actor, client_id, "sharing", "written", "fa", recipient="Housing Help"
    )
    rid = plans.add_referral(
        db,
        actor,
        pid,
        "Housing Help",
        contact_details="613-555-0100",
        consent_id=consent,
        goal_id=gid,
        follow_up_on=due,
        reason="housing search",
        reason_translation="جستجوی مسکن",
    )
    db.commit()
    (plan,) = plans.plans_of(db, client_id)
    assert plan.title_translation == "برنامه اسکان" and plan.translation_language == "fa"
    assert [g.text for g in plan.goals] == ["Find stable housing"]
    assert [a.owner_name for a in plan.goals[0].actions] == ["", "Sponsor group"]
    assert plan.referrals[0].consent_id == consent
    due_items = plans.due_items(db, date.today(), worker_id=actor)
    assert {(d.kind, d.id) for d in due_items} == {("action", aid), ("referral", rid)}
    assert plans.due_items(db, date.today(), worker_id=supervisor_id) == []
    assert plans.update_action(db, actor, aid, status=ActionStatus.DONE) == ["status", "completed_at"]
    plans.update_referral(db, actor, rid, status=ReferralStatus.COMPLETED)
    assert plans.due_items(db, date.today()) == []
    with pytest.raises(NotAllowed):
        plans.approve_plan(db, actor, pid)
    plans.approve_plan(db, supervisor_id, pid)
    approved = plans.get_plan(db, pid)
    assert (
        approved is not None
        and approved.status == PlanStatus.APPROVED
        and approved.approved_by == supervisor_id
    )
    entities = {e.entity for e in audit.client_history(db, client_id)}
    assert {"plans", "goals", "actions", "referrals", "consents"} <= entities
    assert audit.verify_chain(db) is None


def test_plan_validation(db: Session, actor: int, client_id: int, supervisor_id: int) -> None:
    pid = plans.create_plan(db, actor, client_id)
    gid = plans.add_goal(db, actor, pid, "Goal")
    other = clients.create_client(db, actor, ClientInput(given_name="Other")).id
    foreign_consent = consents.give_consent(db, actor, other, "research", "verbal", "en")
    cases = [
        (lambda: plans.add_goal(db, actor, pid, "  "), "text"),
        (lambda: plans.add_goal(db, actor, pid, "x", domain="astrology"), "domain"),
        (lambda: plans.add_action(db, actor, gid, "x", owner="other"), "owner_name"),
        (lambda: plans.add_action(db, actor, gid, "x", due_date="tomorrow"), "due_date"),  # type: ignore[arg-type]
        (lambda: plans.add_referral(db, actor, pid, ""), "to_whom"),
        (lambda: plans.add_referral(db, actor, pid, "Clinic", consent_id=foreign_consent), "consent_id"),
        (lambda: plans.update_plan(db, actor, pid, translation_language="Farsi"), "translation_language"),
        (lambda: plans.update_plan(db, actor, pid, status="approved"), "status"),
        (lambda: plans.update_goal(db, actor, gid, colour="red"), "colour"),
    ]
    for call, field in cases:
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.field == field


def test_remove_goal_cascades(db: Session, actor: int, client_id: int) -> None:
    pid = plans.create_plan(db, actor, client_id)
    gid = plans.add_goal(db, actor, pid, "Goal")
    plans.add_action(db, actor, gid, "step")
    plans.remove_goal(db, actor, gid)
    db.commit()
    assert plans.get_plan(db, pid).goals == ()  # type: ignore[union-attr]
