"""Build a printable :class:`PlanDocument` from the encrypted caseload (read-only).

Two entry points:

- :func:`plan_from_client_file` works on the store's detached snapshots (``repos.files.ClientFile``:
  profile, household, assessments, plans), so the desktop can build the document on the GUI thread from
  the client file it already shows, without a session;
- :func:`build_plan` reads those snapshots inside a session the caller opened (``caseload.session()``),
  for the command line and for batch printing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from caseworker.core.errors import KnownError
from caseworker.i18n import languages as langs
from caseworker.plans import model as m
from caseworker.store import models as db
from caseworker.store.repos import assessments, clients, households, plans, users
from caseworker.store.repos.assessments import AssessmentInfo
from caseworker.store.repos.clients import ClientProfile
from caseworker.store.repos.files import ClientFile
from caseworker.store.repos.households import HouseholdInfo
from caseworker.store.repos.plans import PlanInfo


class PlanNotFound(KnownError):
    """The client has no settlement plan yet (or the file does not exist)."""


_OWNER = {
    db.ActionOwner.CLIENT: m.Owner.CLIENT,
    db.ActionOwner.WORKER: m.Owner.WORKER,
    db.ActionOwner.OTHER: m.Owner.OTHER,
}
_SKIPPED_REFERRALS = frozenset({"cancelled", "declined"})


def _wt(text: str | None, translation: str | None) -> m.WorkerText:
    return m.WorkerText(text or "", translation or None)


def choose_plan(plan_list: tuple[PlanInfo, ...] | list[PlanInfo], plan_id: int | None = None) -> PlanInfo:
    """``plan_id``, or the plan to print by default: the newest that is not closed (else the newest)."""
    if plan_id is not None:
        for p in plan_list:
            if p.id == plan_id:
                return p
        raise PlanNotFound("No such plan for this client.")
    if not plan_list:
        raise PlanNotFound("This client has no settlement plan yet.")
    ordered = sorted(plan_list, key=lambda p: (p.updated_at, p.id), reverse=True)
    open_plans = [p for p in ordered if str(p.status) != "closed"]
    return (open_plans or ordered)[0]


def client_language(profile: ClientProfile, plan: PlanInfo | None = None) -> str:
    """The language to print beside the official one: the plan's translation language, else the client's
    first non-official language we know, else English."""
    if plan is not None and plan.translation_language and langs.known(plan.translation_language):
        return langs.get(plan.translation_language).code
    for code in profile.languages:
        if langs.known(code) and langs.get(code).code not in langs.OFFICIAL_LANGUAGES:
            return langs.get(code).code
    return "en"


def official_language(profile: ClientProfile) -> str:
    pref = str(profile.preferred_official_language)
    return pref if pref in langs.OFFICIAL_LANGUAGES else "en"


def plan_from_snapshots(
    profile: ClientProfile,
    plan: PlanInfo,
    *,
    agency: m.AgencyHeader,
    assessment: AssessmentInfo | None = None,
    household: HouseholdInfo | None = None,
    worker_name: str = "",
) -> m.PlanDocument:
    latin = " ".join(x for x in (profile.given_name_latin, profile.family_name_latin) if x)
    native = " ".join(x for x in (profile.given_name, profile.family_name) if x)
    if not latin:  # the person's own name is already in Latin letters
        latin, native = native, ""
    uci = next((i.value for i in profile.identifiers if str(i.kind) == "uci"), None)

    needs: list[m.NeedItem] = []
    if assessment is not None:
        for item in assessment.items:
            kind = m.ItemKind.ASSET if str(item.kind) == "asset" else m.ItemKind.NEED
            needs.append(m.NeedItem(str(item.domain), _wt(item.description, None), kind))

    goals: list[m.Goal] = []
    actions: list[m.Action] = []
    for goal in sorted(plan.goals, key=lambda g: (g.position, g.id)):
        if str(goal.status) == "dropped":
            continue
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
        if str(r.status) not in _SKIPPED_REFERRALS
    ]
    next_appt = None
    if profile.next_follow_up:
        next_appt = m.Appointment(
            dt.datetime.combine(profile.next_follow_up, dt.time(9, 0)), m.WorkerText(""), worker_name
        )
    return m.PlanDocument(
        agency=agency,
        client=m.ClientSummary(
            client_id=f"{profile.id:06d}",
            name=m.PersonName(latin, native or None),
            date_of_birth=profile.date_of_birth if str(profile.dob_precision or "full") == "full" else None,
            uci=uci,
            language_code=client_language(profile, plan),
            arrival_date=profile.arrival_date,
            household_size=len(household.members) if household and household.members else None,
        ),
        plan_date=plan.updated_at.date(),
        worker_name=worker_name,
        needs=tuple(needs),
        goals=tuple(goals),
        actions=tuple(actions),
        referrals=tuple(referrals),
        next_appointment=next_appt,
        interpreter_name="",
    )


def plan_from_client_file(
    file: ClientFile, *, agency: m.AgencyHeader, worker_name: str = "", plan_id: int | None = None
) -> m.PlanDocument:
    """From a ``repos.files.ClientFile`` snapshot (no session needed)."""
    plan = choose_plan(file.plans, plan_id)
    assessment_list = sorted(file.assessments, key=lambda a: (a.assessed_on, a.id))
    return plan_from_snapshots(
        file.profile,
        plan,
        agency=agency,
        assessment=assessment_list[-1] if assessment_list else None,
        household=file.household,
        worker_name=worker_name,
    )


def build_plan(
    session: Session,
    client_id: int,
    *,
    agency: m.AgencyHeader,
    plan_id: int | None = None,
) -> m.PlanDocument:
    """The client's plan to print (``plan_id``, or the newest open one), with needs from their latest
    assessment, read through the store's repositories."""
    profile = clients.get_client(session, client_id)
    if profile is None:
        raise PlanNotFound("No client file with that number.")
    plan = choose_plan(plans.plans_of(session, client_id), plan_id)
    assessment_list = sorted(
        assessments.assessments_of(session, client_id), key=lambda a: (a.assessed_on, a.id)
    )
    worker_name = ""
    if profile.assigned_worker_id is not None:
        user = users.get_user(session, profile.assigned_worker_id)
        if user is not None:
            worker_name = user.display_name or user.username
    return plan_from_snapshots(
        profile,
        plan,
        agency=agency,
        assessment=assessment_list[-1] if assessment_list else None,
        household=households.household_of(session, client_id),
        worker_name=worker_name,
    )


def default_languages(session: Session, client_id: int) -> tuple[str, str] | None:
    """(official, client language) to print this client's plan in, or None when there is no such client."""
    profile = clients.get_client(session, client_id)
    if profile is None:
        return None
    plan_list = plans.plans_of(session, client_id)
    plan = choose_plan(plan_list) if plan_list else None
    return official_language(profile), client_language(profile, plan)
