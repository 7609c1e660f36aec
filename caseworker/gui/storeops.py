"""Everything the GUI asks of the caseload, in one place. Runs on the caseload's worker thread only
(each function takes the open Caseload and returns plain snapshots that may cross to the GUI thread).

Every write goes through the store's repositories (``store.repos.clients``, ``notes``, ``services``,
``plans``, ``consents``, ``households``, ``assessments``), which validate and append to the hash-chained
audit trail. The client file is read in one round trip straight from the models (``load_file``), shaped
into the snapshots the tabs show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from caseworker.gui.snapshots import (
    ActionRow,
    ConsentRow,
    FileData,
    GoalRow,
    HistoryRow,
    IdentifierRow,
    MemberRow,
    NeedRow,
    NoteRow,
    PlanData,
    ReferralRow,
    ServiceRow,
)
from caseworker.store import audit
from caseworker.store import models as m
from caseworker.store.repos import clients as clients_repo

# --- names ------------------------------------------------------------------------------------------


def latin_name_from(p: Any) -> str:
    get = p.get if isinstance(p, dict) else lambda k: getattr(p, k, "")
    latin = " ".join(x for x in (get("given_name_latin"), get("family_name_latin")) if x)
    own = " ".join(x for x in (get("given_name"), get("family_name")) if x)
    return latin or own


def native_name_from(p: Any) -> str:
    """The name as the person writes it, when it differs from the Latin one (else empty)."""
    get = p.get if isinstance(p, dict) else lambda k: getattr(p, k, "")
    latin = " ".join(x for x in (get("given_name_latin"), get("family_name_latin")) if x)
    own = " ".join(x for x in (get("given_name"), get("family_name")) if x)
    return own if latin and own != latin else ""


def latin_name(row: Any) -> str:
    return latin_name_from(row)


def native_name(row: Any) -> str:
    return native_name_from(row)


def display_name(row: Any) -> str:
    native = native_name(row)
    return f"{latin_name(row)} — {native}" if native else latin_name(row)


# --- list, count, search ----------------------------------------------------------------------------


def _filter(query: Any, user_id: int | None, today: dt.date | None) -> clients_repo.ClientFilter:
    statuses = (m.FileStatus(query.status),) if getattr(query, "status", "") else None
    follow = {"due": "due_or_overdue", "overdue": "overdue"}.get(getattr(query, "follow_up", ""), None)
    return clients_repo.ClientFilter(
        assigned_to=user_id if getattr(query, "mine", False) else None,
        follow_up=follow,  # type: ignore[arg-type]
        statuses=statuses,
        language=getattr(query, "language", "") or None,
        today=today,
    )


def count_clients(cl: Any, query: Any, user_id: int | None, today: dt.date) -> int:
    with cl.session() as s:
        return clients_repo.count_clients(s, _filter(query, user_id, today))


def list_clients(
    cl: Any, query: Any, user_id: int | None, today: dt.date, offset: int, limit: int
) -> list[Any]:
    with cl.session() as s:
        return clients_repo.list_clients(
            s,
            _filter(query, user_id, today),
            order=query.order,
            descending=query.descending,
            offset=offset,
            limit=limit,
        )


def search_clients(
    cl: Any, text: str, query: Any | None, user_id: int | None, today: dt.date | None, limit: int
) -> list[Any]:
    """Ranked search; the list filters (mine, status, language, follow-up) then narrow the hits."""
    with cl.session() as s:
        rows = clients_repo.search_clients(s, text, limit)
    if query is None:
        return rows
    f = _filter(query, user_id, today)
    today = today or dt.date.today()
    out = []
    for r in rows:
        if f.assigned_to is not None and r.assigned_worker_id != f.assigned_to:
            continue
        if f.statuses is not None and r.file_status not in f.statuses:
            continue
        if f.language and f.language not in r.languages:
            continue
        if f.follow_up == "due_or_overdue" and not (r.next_follow_up and r.next_follow_up <= today):
            continue
        if f.follow_up == "overdue" and not (r.next_follow_up and r.next_follow_up < today):
            continue
        out.append(r)
    return out


# --- the client file --------------------------------------------------------------------------------


def _users(s: Any) -> dict[int, str]:
    return {u.id: (u.display_name or u.username) for u in s.scalars(sa.select(m.User))}


def load_file(cl: Any, client_id: int, viewer: Any) -> FileData:
    with cl.session() as s:
        prof = clients_repo.get_client(s, client_id)
        if prof is None:
            from caseworker.core.errors import KnownError

            raise KnownError("This client file no longer exists.", "Refresh the list (F5).")
        users = _users(s)
        profile = {
            k: getattr(prof, k) for k in prof.__dataclass_fields__ if k not in ("identifiers", "languages")
        }
        for k, val in list(profile.items()):
            if hasattr(val, "value") and not isinstance(val, dt.date):
                profile[k] = val.value
        identifiers = tuple(IdentifierRow(i.id, str(i.kind.value), i.value) for i in prof.identifiers)

        household: list[MemberRow] = []
        mine = s.scalars(sa.select(m.HouseholdMember).where(m.HouseholdMember.client_id == client_id)).first()
        if mine is not None:
            members = s.scalars(
                sa.select(m.HouseholdMember).where(m.HouseholdMember.household_id == mine.household_id)
            ).all()
            summaries = {r.id: r for r in clients_repo.summaries(s, [mm.client_id for mm in members])}
            for mm in members:
                r = summaries.get(mm.client_id)
                if r is None:
                    continue
                household.append(
                    MemberRow(
                        mm.client_id,
                        latin_name(r),
                        native_name(r),
                        mm.relation.value if mm.relation else "",
                        mm.is_principal,
                    )
                )

        consents = tuple(
            ConsentRow(
                c.id,
                c.scope.value,
                c.recipient,
                c.method.value,
                c.language,
                c.given_at,
                c.expires_on,
                c.revoked_at,
            )
            for c in s.scalars(
                sa.select(m.Consent)
                .where(m.Consent.client_id == client_id)
                .order_by(m.Consent.given_at.desc())
            )
        )
        needs = tuple(
            NeedRow(
                item.id,
                item.domain.value,
                item.kind.value,
                item.priority.value if item.priority else "",
                item.description,
                a.assessed_on,
            )
            for a in s.scalars(
                sa.select(m.Assessment)
                .where(m.Assessment.client_id == client_id)
                .order_by(m.Assessment.assessed_on.desc(), m.Assessment.id.desc())
            )
            for item in a.items
        )
        plan_row = s.scalars(
            sa.select(m.Plan).where(m.Plan.client_id == client_id).order_by(m.Plan.id.desc()).limit(1)
        ).first()
        if plan_row is None:
            plan = PlanData(None, "", "", "draft", (), ())
        else:
            plan = PlanData(
                plan_row.id,
                plan_row.title,
                plan_row.translation_language or "",
                plan_row.status.value,
                tuple(
                    GoalRow(
                        g.id,
                        g.domain.value if g.domain else "",
                        g.text,
                        g.text_translation,
                        g.status.value,
                        g.target_date,
                        tuple(
                            ActionRow(
                                a.id,
                                a.text,
                                a.text_translation,
                                a.owner.value,
                                a.owner_name,
                                a.due_date,
                                a.status.value,
                            )
                            for a in g.actions
                        ),
                    )
                    for g in plan_row.goals
                ),
                tuple(
                    ReferralRow(
                        r.id, r.to_whom, r.reason, r.reason_translation, r.status.value, r.follow_up_on
                    )
                    for r in plan_row.referrals
                ),
            )
        can_read_private = viewer is not None and (
            str(getattr(viewer.role, "value", viewer.role)) == "supervisor"
        )
        viewer_id = getattr(viewer, "id", None)
        notes = tuple(
            NoteRow(n.id, n.created_at, users.get(n.author_id, "?"), n.private, n.body)
            for n in s.scalars(
                sa.select(m.Note)
                .where(m.Note.client_id == client_id)
                .order_by(m.Note.created_at.desc(), m.Note.id.desc())
            )
            if not n.private or can_read_private or n.author_id == viewer_id
        )
        services = tuple(
            ServiceRow(x.id, x.delivered_on, x.service_type.value, x.channel.value, x.minutes, x.note)
            for x in s.scalars(
                sa.select(m.ServiceRecord)
                .where(m.ServiceRecord.client_id == client_id)
                .order_by(m.ServiceRecord.delivered_on.desc(), m.ServiceRecord.id.desc())
            )
        )
        history = tuple(
            HistoryRow(e.at, users.get(e.actor_id or 0, ""), e.entity, e.action, e.fields)
            for e in audit.client_history(s, client_id, limit=300)
        )
        return FileData(
            id=client_id,
            profile=profile,
            languages=tuple(prof.languages),
            identifiers=identifiers,
            household=tuple(household),
            consents=consents,
            needs=needs,
            plan=plan,
            notes=notes,
            services=services,
            history=history,
        )


def _actor(cl: Any) -> int:
    return int(cl.user.id)


def create_client(cl: Any, fields: dict[str, Any]) -> int:
    with cl.session() as s:
        data = {k: val for k, val in fields.items() if val not in (None, "")}
        client = clients_repo.create_client(s, _actor(cl), assigned_worker_id=_actor(cl), **data)
        return int(client.id)


def update_profile(cl: Any, client_id: int, changes: dict[str, Any]) -> list[str]:
    with cl.session() as s:
        return clients_repo.update_client(s, _actor(cl), client_id, **changes)


def add_identifier(cl: Any, client_id: int, kind: str, value: str) -> int:
    with cl.session() as s:
        return clients_repo.add_identifier(s, _actor(cl), client_id, kind, value)


def _touch(s: Any, cl: Any, client_id: int, on: dt.date) -> None:
    clients_repo.touch_contact(s, _actor(cl), client_id, on)


def add_note(cl: Any, client_id: int, body: str, private: bool) -> int:
    from caseworker.store.repos import notes

    with cl.session() as s:
        note_id = notes.add_note(s, _actor(cl), client_id, body, private=private)
        _touch(s, cl, client_id, dt.date.today())
        return note_id


def add_service(cl: Any, client_id: int, d: dict[str, Any]) -> int:
    from caseworker.store.repos import services

    with cl.session() as s:
        return services.record_service(
            s,
            _actor(cl),
            client_id,
            d.get("service_type") or "",
            d.get("channel") or "",
            int(d.get("minutes") or 0),
            d.get("delivered_on"),  # type: ignore[arg-type]
            note=d.get("note", ""),
        )


def _plan_id(s: Any, cl: Any, client_id: int) -> int:
    """The client's newest plan, created (in the client's first language) when there is none."""
    from caseworker.store.repos import plans

    existing = plans.plans_of(s, client_id)
    if existing:
        return int(max(existing, key=lambda p: p.id).id)
    first_lang = s.scalars(
        sa.select(m.ClientLanguage.code)
        .where(m.ClientLanguage.client_id == client_id)
        .order_by(m.ClientLanguage.position)
    ).first()
    return plans.create_plan(s, _actor(cl), client_id, translation_language=first_lang)


def add_goal(cl: Any, client_id: int, d: dict[str, Any]) -> int:
    from caseworker.store.repos import plans

    with cl.session() as s:
        return plans.add_goal(
            s,
            _actor(cl),
            _plan_id(s, cl, client_id),
            d.get("text") or "",
            text_translation=d.get("text_translation", ""),
            domain=d.get("domain") or None,
        )


def add_action(cl: Any, client_id: int, goal_id: int, d: dict[str, Any]) -> int:
    from caseworker.store.repos import plans

    with cl.session() as s:
        owner = d.get("owner") or "client"
        return plans.add_action(
            s,
            _actor(cl),
            goal_id,
            d.get("text") or "",
            text_translation=d.get("text_translation", ""),
            owner=owner,
            owner_user_id=_actor(cl) if owner == "worker" else None,
            due_date=d.get("due_date"),
        )


def set_action_status(cl: Any, client_id: int, action_id: int, status: str) -> None:
    from caseworker.store.repos import plans

    with cl.session() as s:
        plans.update_action(s, _actor(cl), action_id, status=status)


def add_referral(cl: Any, client_id: int, d: dict[str, Any]) -> int:
    from caseworker.store.repos import plans

    with cl.session() as s:
        return plans.add_referral(
            s,
            _actor(cl),
            _plan_id(s, cl, client_id),
            d.get("to_whom") or "",
            reason=d.get("reason", ""),
            referred_on=dt.date.today(),
            follow_up_on=d.get("follow_up_on"),
        )


def give_consent(cl: Any, client_id: int, d: dict[str, Any]) -> int:
    from caseworker.store.repos import consents

    with cl.session() as s:
        return consents.give_consent(
            s,
            _actor(cl),
            client_id,
            d.get("scope") or "",
            d.get("method") or "",
            d.get("language") or "en",
            recipient=d.get("recipient", ""),
            expires_on=d.get("expires_on"),
        )


def revoke_consent(cl: Any, client_id: int, consent_id: int) -> None:
    from caseworker.store.repos import consents

    with cl.session() as s:
        consents.revoke_consent(s, _actor(cl), consent_id)


def add_need(cl: Any, client_id: int, d: dict[str, Any]) -> int:
    """Add a need or asset to today's assessment (started when there is none today)."""
    from caseworker.store.repos import assessments

    item = assessments.ItemInput(
        domain=d.get("domain") or "",
        kind=d.get("kind") or "need",
        priority=d.get("priority") or None,
        description=d.get("description", ""),
    )
    with cl.session() as s:
        today = dt.date.today()
        todays = [a for a in assessments.assessments_of(s, client_id) if a.assessed_on == today]
        if todays:
            return assessments.add_item(s, _actor(cl), todays[-1].id, item)
        return assessments.record_assessment(s, _actor(cl), client_id, today, [item])


def link_household(cl: Any, client_id: int, other_id: int, relation: str) -> None:
    """Put ``other_id`` in this client's household (creating it with this client as principal)."""
    from caseworker.core.errors import ValidationError
    from caseworker.store.repos import households

    if other_id == client_id:
        raise ValidationError("household", "a client cannot be their own household member")
    with cl.session() as s:
        mine = households.household_of(s, client_id)
        household_id = mine.id if mine is not None else households.create_household(s, _actor(cl), client_id)
        theirs = households.household_of(s, other_id)
        if theirs is not None and theirs.id == household_id:
            households.set_relation(s, _actor(cl), other_id, relation)
            return
        if theirs is not None:
            households.remove_member(s, _actor(cl), other_id)
        households.add_member(s, _actor(cl), household_id, other_id, relation)


# --- team and reports -------------------------------------------------------------------------------


def team_load(cl: Any, today: dt.date) -> list[dict[str, Any]]:
    with cl.session() as s:
        C = m.Client
        active = C.file_status.in_([m.FileStatus.ACTIVE, m.FileStatus.WAITLIST])
        rows = s.execute(
            sa.select(
                C.assigned_worker_id,
                sa.func.count(),
                sa.func.sum(sa.case((C.next_follow_up <= today, 1), else_=0)),
                sa.func.sum(sa.case((C.next_follow_up < today, 1), else_=0)),
            )
            .where(active)
            .group_by(C.assigned_worker_id)
        ).all()
        by_user = {r[0]: r for r in rows}
        out = []
        for u in s.scalars(sa.select(m.User).where(m.User.active.is_(True)).order_by(m.User.display_name)):
            r = by_user.get(u.id)
            out.append(
                {
                    "name": u.display_name or u.username,
                    "role": u.role.value,
                    "clients": int(r[1]) if r else 0,
                    "due": int(r[2] or 0) if r else 0,
                    "overdue": int(r[3] or 0) if r else 0,
                }
            )
        return out


def report_counts(cl: Any, today: dt.date) -> dict[str, Any]:
    with cl.session() as s:
        C = m.Client
        not_merged = C.file_status != m.FileStatus.MERGED
        total = s.scalar(sa.select(sa.func.count()).select_from(C).where(not_merged)) or 0
        active = (
            s.scalar(sa.select(sa.func.count()).select_from(C).where(C.file_status == m.FileStatus.ACTIVE))
            or 0
        )
        cats = s.execute(
            sa.select(C.immigration_category, sa.func.count())
            .where(not_merged)
            .group_by(C.immigration_category)
            .order_by(sa.func.count().desc())
        ).all()
        langs = s.execute(
            sa.select(m.ClientLanguage.code, sa.func.count())
            .where(m.ClientLanguage.position == 0)
            .group_by(m.ClientLanguage.code)
            .order_by(sa.func.count().desc())
            .limit(20)
        ).all()
        month_start = today.replace(day=1)
        S = m.ServiceRecord
        services = s.execute(
            sa.select(S.service_type, sa.func.count(), sa.func.coalesce(sa.func.sum(S.minutes), 0))
            .where(S.delivered_on >= month_start, S.delivered_on <= today)
            .group_by(S.service_type)
            .order_by(sa.func.count().desc())
        ).all()
        return {
            "total": int(total),
            "active": int(active),
            "services_month": int(sum(r[1] for r in services)),
            "categories": [(r[0].value, int(r[1])) for r in cats],
            "languages": [(r[0], int(r[1])) for r in langs],
            "services": [(r[0].value, int(r[1]), int(r[2])) for r in services],
        }
