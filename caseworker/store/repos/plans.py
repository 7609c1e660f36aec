"""Settlement plans: goals with actions (owner, due date, status) and referrals (to whom, contact, consent,
status, follow-up). Every text has an optional translation into the plan's ``translation_language``
(the client's language) because the printed plan is bilingual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import NeedDomain, Role
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import (
    Action,
    ActionOwner,
    ActionStatus,
    AuditAction,
    Client,
    Consent,
    Goal,
    GoalStatus,
    Plan,
    PlanStatus,
    Referral,
    ReferralStatus,
    User,
)
from caseworker.store.repos import _common as v

TEXT_MAX = 4000


@dataclass(frozen=True)
class ActionInfo:
    id: int
    goal_id: int
    position: int
    text: str
    text_translation: str
    owner: ActionOwner
    owner_name: str
    owner_user_id: int | None
    due_date: date | None
    status: ActionStatus
    completed_at: datetime | None


@dataclass(frozen=True)
class GoalInfo:
    id: int
    plan_id: int
    position: int
    domain: NeedDomain | None
    text: str
    text_translation: str
    status: GoalStatus
    target_date: date | None
    actions: tuple[ActionInfo, ...]


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    plan_id: int
    goal_id: int | None
    to_whom: str
    contact_details: str
    reason: str
    reason_translation: str
    consent_id: int | None
    status: ReferralStatus
    referred_on: date | None
    follow_up_on: date | None


@dataclass(frozen=True)
class PlanInfo:
    id: int
    client_id: int
    title: str
    title_translation: str
    translation_language: str | None
    status: PlanStatus
    approved_by: int | None
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    goals: tuple[GoalInfo, ...]
    referrals: tuple[ReferralInfo, ...]


# -- snapshots ---------------------------------------------------------------------------------------


def _action(a: Action) -> ActionInfo:
    return ActionInfo(
        a.id,
        a.goal_id,
        a.position,
        a.text,
        a.text_translation,
        a.owner,
        a.owner_name,
        a.owner_user_id,
        a.due_date,
        a.status,
        a.completed_at,
    )


def _referral(r: Referral) -> ReferralInfo:
    return ReferralInfo(
        r.id,
        r.plan_id,
        r.goal_id,
        r.to_whom,
        r.contact_details,
        r.reason,
        r.reason_translation,
        r.consent_id,
        r.status,
        r.referred_on,
        r.follow_up_on,
    )


def _plan(p: Plan) -> PlanInfo:
    return PlanInfo(
        id=p.id,
        client_id=p.client_id,
        title=p.title,
        title_translation=p.title_translation,
        translation_language=p.translation_language,
        status=p.status,
        approved_by=p.approved_by,
        approved_at=p.approved_at,
        created_at=p.created_at,
        updated_at=p.updated_at,
        goals=tuple(
            GoalInfo(
                g.id,
                g.plan_id,
                g.position,
                g.domain,
                g.text,
                g.text_translation,
                g.status,
                g.target_date,
                tuple(_action(a) for a in g.actions),
            )
            for g in p.goals
        ),
        referrals=tuple(_referral(r) for r in p.referrals),
    )


def get_plan(session: Session, plan_id: int) -> PlanInfo | None:
    p = session.get(Plan, plan_id)
    return None if p is None else _plan(p)


def plans_of(session: Session, client_id: int) -> list[PlanInfo]:
    """Every plan of a client, newest first."""
    stmt = sa.select(Plan).where(Plan.client_id == client_id).order_by(Plan.created_at.desc(), Plan.id.desc())
    return [_plan(p) for p in session.scalars(stmt)]


# -- plans -------------------------------------------------------------------------------------------


def _plan_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, val in values.items():
        if key in ("title", "title_translation"):
            out[key] = v.line(key, val)
        elif key == "translation_language":
            out[key] = v.language(key, val, optional=True)
        elif key == "status":
            status = v.required_vocab("status", PlanStatus, val)
            if status == PlanStatus.APPROVED:
                raise ValidationError("status", "use approve_plan to approve a plan")
            out[key] = status
        else:
            raise ValidationError(key, "is not a plan field")
    return out


def create_plan(
    session: Session,
    actor_id: int,
    client_id: int,
    title: str = "",
    *,
    title_translation: str = "",
    translation_language: str | None = None,
) -> int:
    v.get_or_fail(session, Client, client_id, "client_id")
    values = _plan_values(
        {"title": title, "title_translation": title_translation, "translation_language": translation_language}
    )
    stamp = v.now()
    plan = Plan(client_id=client_id, status=PlanStatus.DRAFT, created_at=stamp, updated_at=stamp, **values)
    return v.created(session, actor_id, plan, "plans", client_id, [*v.filled(values), "status"])


def _touch(plan: Plan) -> None:
    plan.updated_at = v.now()


def update_plan(session: Session, actor_id: int, plan_id: int, **changes: Any) -> list[str]:
    plan = v.get_or_fail(session, Plan, plan_id, "plan_id")
    changed = v.update_audited(session, actor_id, plan, "plans", plan.client_id, _plan_values(changes))
    if changed:
        _touch(plan)
    return changed


def approve_plan(session: Session, actor_id: int, plan_id: int) -> None:
    """A supervisor approves a plan (recorded with who and when)."""
    plan = v.get_or_fail(session, Plan, plan_id, "plan_id")
    user = session.get(User, actor_id)
    if user is None or user.role != Role.SUPERVISOR:
        raise v.NotAllowed("Only a supervisor can approve a plan.", "Ask a supervisor to review it.")
    v.update_audited(
        session,
        actor_id,
        plan,
        "plans",
        plan.client_id,
        {"status": PlanStatus.APPROVED, "approved_by": actor_id, "approved_at": v.now()},
    )
    _touch(plan)


# -- goals -------------------------------------------------------------------------------------------


def _goal_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, val in values.items():
        if key in ("text", "text_translation"):
            out[key] = v.free_text(key, val, max_len=TEXT_MAX)
        elif key == "domain":
            out[key] = v.vocab("domain", NeedDomain, val, optional=True)
        elif key == "status":
            out[key] = v.required_vocab("status", GoalStatus, val)
        elif key == "target_date":
            out[key] = v.a_date(key, val)
        elif key == "position":
            out[key] = v.integer(key, val, maximum=10_000)
        else:
            raise ValidationError(key, "is not a goal field")
    return out


def add_goal(
    session: Session,
    actor_id: int,
    plan_id: int,
    text: str,
    *,
    text_translation: str = "",
    domain: NeedDomain | str | None = None,
    target_date: date | None = None,
) -> int:
    plan = v.get_or_fail(session, Plan, plan_id, "plan_id")
    values = _goal_values(
        {"text": text, "text_translation": text_translation, "domain": domain, "target_date": target_date}
    )
    if not values["text"]:
        raise ValidationError("text", "is required")
    goal = Goal(position=len(plan.goals), status=GoalStatus.OPEN, **values)
    plan.goals.append(goal)
    _touch(plan)
    session.flush()
    audit.record(
        session, actor_id, "goals", goal.id, AuditAction.CREATE, v.filled(values), client_id=plan.client_id
    )
    return goal.id


def update_goal(session: Session, actor_id: int, goal_id: int, **changes: Any) -> list[str]:
    goal = v.get_or_fail(session, Goal, goal_id, "goal_id")
    plan = v.get_or_fail(session, Plan, goal.plan_id, "plan_id")
    values = _goal_values(changes)
    if "text" in values and not values["text"]:
        raise ValidationError("text", "is required")
    changed = v.update_audited(session, actor_id, goal, "goals", plan.client_id, values)
    if changed:
        _touch(plan)
    return changed


def remove_goal(session: Session, actor_id: int, goal_id: int) -> None:
    goal = v.get_or_fail(session, Goal, goal_id, "goal_id")
    plan = v.get_or_fail(session, Plan, goal.plan_id, "plan_id")
    plan.goals.remove(goal)
    _touch(plan)
    session.flush()
    audit.record(session, actor_id, "goals", goal_id, AuditAction.DELETE, [], client_id=plan.client_id)


# -- actions -----------------------------------------------------------------------------------------


def _action_values(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, val in values.items():
        if key in ("text", "text_translation"):
            out[key] = v.free_text(key, val, max_len=TEXT_MAX)
        elif key == "owner":
            out[key] = v.required_vocab("owner", ActionOwner, val)
        elif key == "owner_name":
            out[key] = v.line(key, val)
        elif key == "owner_user_id":
            if val is not None and session.get(User, val) is None:
                raise ValidationError(key, "is not a user of this caseload")
            out[key] = val
        elif key == "due_date":
            out[key] = v.a_date(key, val)
        elif key == "status":
            out[key] = v.required_vocab("status", ActionStatus, val)
        elif key == "position":
            out[key] = v.integer(key, val, maximum=10_000)
        else:
            raise ValidationError(key, "is not an action field")
    return out


def add_action(
    session: Session,
    actor_id: int,
    goal_id: int,
    text: str,
    *,
    text_translation: str = "",
    owner: ActionOwner | str = ActionOwner.CLIENT,
    owner_name: str = "",
    owner_user_id: int | None = None,
    due_date: date | None = None,
) -> int:
    goal = v.get_or_fail(session, Goal, goal_id, "goal_id")
    plan = v.get_or_fail(session, Plan, goal.plan_id, "plan_id")
    values = _action_values(
        session,
        {
            "text": text,
            "text_translation": text_translation,
            "owner": owner,
            "owner_name": owner_name,
            "owner_user_id": owner_user_id,
            "due_date": due_date,
        },
    )
    if not values["text"]:
        raise ValidationError("text", "is required")
    if values["owner"] == ActionOwner.OTHER and not values["owner_name"]:
        raise ValidationError("owner_name", "name who will do this")
    action = Action(position=len(goal.actions), status=ActionStatus.OPEN, **values)
    goal.actions.append(action)
    _touch(plan)
    session.flush()
    audit.record(
        session,
        actor_id,
        "actions",
        action.id,
        AuditAction.CREATE,
        v.filled(values),
        client_id=plan.client_id,
    )
    return action.id


def update_action(session: Session, actor_id: int, action_id: int, **changes: Any) -> list[str]:
    """Change an action; marking it done records when (and clears that when it is reopened)."""
    action = v.get_or_fail(session, Action, action_id, "action_id")
    goal = v.get_or_fail(session, Goal, action.goal_id, "goal_id")
    plan = v.get_or_fail(session, Plan, goal.plan_id, "plan_id")
    values = _action_values(session, changes)
    if "text" in values and not values["text"]:
        raise ValidationError("text", "is required")
    if "status" in values:
        done = values["status"] == ActionStatus.DONE
        if done and action.status != ActionStatus.DONE:
            values["completed_at"] = v.now()
        elif not done:
            values["completed_at"] = None
    changed = v.update_audited(session, actor_id, action, "actions", plan.client_id, values)
    if changed:
        _touch(plan)
    return changed


def remove_action(session: Session, actor_id: int, action_id: int) -> None:
    action = v.get_or_fail(session, Action, action_id, "action_id")
    goal = v.get_or_fail(session, Goal, action.goal_id, "goal_id")
    plan = v.get_or_fail(session, Plan, goal.plan_id, "plan_id")
    goal.actions.remove(action)
    _touch(plan)
    session.flush()
    audit.record(session, actor_id, "actions", action_id, AuditAction.DELETE, [], client_id=plan.client_id)


# -- referrals ---------------------------------------------------------------------------------------


def _referral_values(session: Session, plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, val in values.items():
        if key in ("to_whom", "contact_details"):
            out[key] = v.line(key, val)
        elif key in ("reason", "reason_translation"):
            out[key] = v.free_text(key, val, max_len=TEXT_MAX)
        elif key == "consent_id":
            if val is not None:
                consent = session.get(Consent, val)
                if consent is None or consent.client_id != plan.client_id:
                    raise ValidationError(key, "is not a consent of this client")
            out[key] = val
        elif key == "goal_id":
            if val is not None:
                goal = session.get(Goal, val)
                if goal is None or goal.plan_id != plan.id:
                    raise ValidationError(key, "is not a goal of this plan")
            out[key] = val
        elif key == "status":
            out[key] = v.required_vocab("status", ReferralStatus, val)
        elif key in ("referred_on", "follow_up_on"):
            out[key] = v.a_date(key, val)
        else:
            raise ValidationError(key, "is not a referral field")
    return out


def add_referral(
    session: Session,
    actor_id: int,
    plan_id: int,
    to_whom: str,
    *,
    contact_details: str = "",
    reason: str = "",
    reason_translation: str = "",
    consent_id: int | None = None,
    goal_id: int | None = None,
    status: ReferralStatus | str = ReferralStatus.PLANNED,
    referred_on: date | None = None,
    follow_up_on: date | None = None,
) -> int:
    plan = v.get_or_fail(session, Plan, plan_id, "plan_id")
    values = _referral_values(
        session,
        plan,
        {
            "to_whom": to_whom,
            "contact_details": contact_details,
            "reason": reason,
            "reason_translation": reason_translation,
            "consent_id": consent_id,
            "goal_id": goal_id,
            "status": status,
            "referred_on": referred_on,
            "follow_up_on": follow_up_on,
        },
    )
    if not values["to_whom"]:
        raise ValidationError("to_whom", "name the organisation or service")
    referral = Referral(created_at=v.now(), **values)
    plan.referrals.append(referral)
    _touch(plan)
    session.flush()
    audit.record(
        session,
        actor_id,
        "referrals",
        referral.id,
        AuditAction.CREATE,
        v.filled(values),
        client_id=plan.client_id,
    )
    return referral.id


def update_referral(session: Session, actor_id: int, referral_id: int, **changes: Any) -> list[str]:
    referral = v.get_or_fail(session, Referral, referral_id, "referral_id")
    plan = v.get_or_fail(session, Plan, referral.plan_id, "plan_id")
    values = _referral_values(session, plan, changes)
    if "to_whom" in values and not values["to_whom"]:
        raise ValidationError("to_whom", "name the organisation or service")
    changed = v.update_audited(session, actor_id, referral, "referrals", plan.client_id, values)
    if changed:
        _touch(plan)
    return changed


# -- follow-ups --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """An action or referral follow-up due on or before a day (the Follow-ups screen)."""

    kind: str  # "action" | "referral"
    id: int
    client_id: int
    plan_id: int
    text: str
    due: date


def due_items(
    session: Session, on_or_before: date, *, worker_id: int | None = None, limit: int = 500
) -> list[DueItem]:
    """Open actions and open referrals whose date is on or before ``on_or_before``, oldest first;
    ``worker_id`` narrows to clients assigned to that worker."""
    open_actions = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    open_referrals = (ReferralStatus.PLANNED, ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    a_stmt = (
        sa.select(Action.id, Plan.client_id, Plan.id, Action.text, Action.due_date)
        .join(Goal, Goal.id == Action.goal_id)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(Action.status.in_(open_actions), Action.due_date <= on_or_before)
    )
    r_stmt = (
        sa.select(Referral.id, Plan.client_id, Plan.id, Referral.to_whom, Referral.follow_up_on)
        .join(Plan, Plan.id == Referral.plan_id)
        .where(Referral.status.in_(open_referrals), Referral.follow_up_on <= on_or_before)
    )
    if worker_id is not None:
        mine = sa.select(Client.id).where(Client.assigned_worker_id == worker_id)
        a_stmt = a_stmt.where(Plan.client_id.in_(mine))
        r_stmt = r_stmt.where(Plan.client_id.in_(mine))
    items: list[DueItem] = []
    for kind, stmt in (("action", a_stmt), ("referral", r_stmt)):
        for item_id, client_id, plan_id, text, due in session.execute(stmt.limit(limit)):
            if due is not None:
                items.append(DueItem(kind, item_id, client_id, plan_id, text, due))
    items.sort(key=lambda i: (i.due, i.kind, i.id))
    return items[:limit]
