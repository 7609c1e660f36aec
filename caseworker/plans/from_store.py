"""Build a printable :class:`PlanDocument` from the encrypted caseload (read-only).

Reads the ORM rows of one client inside a session the caller opened (``caseload.session()``) and returns
plain dataclasses, so the render can run on another thread after the session is closed.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.errors import KnownError
from caseworker.plans import model as m
from caseworker.store import models as db


class PlanNotFound(KnownError):
    """The client has no settlement plan yet (or the file does not exist)."""


_OWNER = {
    db.ActionOwner.CLIENT: m.Owner.CLIENT,
    db.ActionOwner.WORKER: m.Owner.WORKER,
    db.ActionOwner.OTHER: m.Owner.OTHER,
}


def _wt(text: str | None, translation: str | None) -> m.WorkerText:
    return m.WorkerText(text or "", translation or None)


def build_plan(
    session: Session,
    client_id: int,
    *,
    agency: m.AgencyHeader,
    plan_id: int | None = None,
    today: dt.date | None = None,
) -> m.PlanDocument:
    """The client's latest plan (or ``plan_id``), with needs from their latest assessment."""
    client = session.get(db.Client, client_id)
    if client is None:
        raise PlanNotFound("No client file with that number.")
    q = sa.select(db.Plan).where(db.Plan.client_id == client_id)
    if plan_id is not None:
        q = q.where(db.Plan.id == plan_id)
    plan = session.scalars(q.order_by(db.Plan.updated_at.desc(), db.Plan.id.desc()).limit(1)).first()
    if plan is None:
        raise PlanNotFound("This client has no settlement plan yet.")

    langs = session.scalars(
        sa.select(db.ClientLanguage.code)
        .where(db.ClientLanguage.client_id == client_id)
        .order_by(db.ClientLanguage.position)
    ).all()
    uci = session.scalars(
        sa.select(db.Identifier.value).where(
            db.Identifier.client_id == client_id, db.Identifier.kind == db.IdentifierKind.UCI
        )
    ).first()
    latin = " ".join(x for x in (client.given_name_latin, client.family_name_latin) if x)
    native = " ".join(x for x in (client.given_name, client.family_name) if x)
    if not latin:
        latin, native = native, ""
    household = _household_size(session, client_id)

    needs: list[m.NeedItem] = []
    assessment = session.scalars(
        sa.select(db.Assessment)
        .where(db.Assessment.client_id == client_id)
        .order_by(db.Assessment.assessed_on.desc(), db.Assessment.id.desc())
        .limit(1)
    ).first()
    if assessment is not None:
        for item in assessment.items:
            kind = m.ItemKind.ASSET if str(item.kind) == "asset" else m.ItemKind.NEED
            needs.append(m.NeedItem(str(item.domain), _wt(item.description, None), kind))

    goals: list[m.Goal] = []
    actions: list[m.Action] = []
    for goal in sorted(plan.goals, key=lambda g: (g.position, g.id)):
        goals.append(m.Goal(_wt(goal.text, goal.text_translation), goal.target_date))
        for a in sorted(goal.actions, key=lambda x: (x.position, x.id)):
            if a.status == db.ActionStatus.CANCELLED:
                continue
            actions.append(
                m.Action(
                    _wt(a.text, a.text_translation),
                    _OWNER.get(a.owner, m.Owner.OTHER),
                    owner_name=a.owner_name,
                    due=a.due_date,
                    done=a.status == db.ActionStatus.DONE,
                )
            )
    referrals = [
        m.Referral(
            organisation=r.to_whom,
            service=_wt(r.reason, r.reason_translation),
            contact_name=r.contact_details,
            follow_up=r.follow_up_on,
        )
        for r in plan.referrals
        if str(r.status) not in ("cancelled", "declined")
    ]
    worker = session.get(db.User, client.assigned_worker_id) if client.assigned_worker_id else None
    plan_date = plan.updated_at.date() if plan.updated_at else (today or dt.date.today())
    language = plan.translation_language or (langs[0] if langs else "en")
    next_appt = None
    if client.next_follow_up:
        next_appt = m.Appointment(
            dt.datetime.combine(client.next_follow_up, dt.time(9, 0)),
            m.WorkerText(""),
            worker.display_name if worker else "",
        )
    return m.PlanDocument(
        agency=agency,
        client=m.ClientSummary(
            client_id=f"{client.id:06d}",
            name=m.PersonName(latin, native or None),
            date_of_birth=client.date_of_birth,
            uci=uci,
            language_code=language,
            arrival_date=client.arrival_date,
            household_size=household,
        ),
        plan_date=plan_date,
        worker_name=(worker.display_name or worker.username) if worker else "",
        needs=tuple(needs),
        goals=tuple(goals),
        actions=tuple(actions),
        referrals=tuple(referrals),
        next_appointment=next_appt,
        interpreter_name="",
    )


def plan_language(session: Session, client_id: int) -> str | None:
    """The language the client's plan is translated into (or their first language), for defaults."""
    plan = session.scalars(
        sa.select(db.Plan.translation_language)
        .where(db.Plan.client_id == client_id)
        .order_by(db.Plan.id.desc())
    ).first()
    if plan:
        return plan
    return session.scalars(
        sa.select(db.ClientLanguage.code)
        .where(db.ClientLanguage.client_id == client_id)
        .order_by(db.ClientLanguage.position)
    ).first()


def _household_size(session: Session, client_id: int) -> int | None:
    member = session.scalars(
        sa.select(db.HouseholdMember).where(db.HouseholdMember.client_id == client_id).limit(1)
    ).first()
    if member is None:
        return None
    n = session.scalar(
        sa.select(sa.func.count())
        .select_from(db.HouseholdMember)
        .where(db.HouseholdMember.household_id == member.household_id)
    )
    return int(n or 0) or None
