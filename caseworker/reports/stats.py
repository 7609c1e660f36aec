"""Caseload statistics for supervisors and funder reports: plain Python over a Session, no Qt.

- load per worker: open files, overdue and upcoming follow-ups, recent notes and service minutes;
- overdue follow-ups: client follow-up dates, referral follow-ups and plan actions past due;
- needs mix: needs and assets from each client's latest assessment, by domain;
- intake backlog: online requests held locally and not yet decided, by age;
- funder summary: services delivered in a period by funder and service type.

Aggregates hold no personal data; the overdue list carries client ids and names because a supervisor
works from it (export it only with :mod:`caseworker.reports.csvsafe`).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import NeedDomain
from caseworker.store.models import (
    Action,
    ActionStatus,
    Assessment,
    AssessmentItem,
    AssessmentItemKind,
    Client,
    FileStatus,
    Goal,
    IntakeState,
    IntakeSubmissionRow,
    Note,
    Plan,
    Referral,
    ReferralStatus,
    ServiceRecord,
    User,
)

OPEN_FILES = (FileStatus.ACTIVE, FileStatus.WAITLIST)
OPEN_REFERRALS = (ReferralStatus.PLANNED, ReferralStatus.SENT, ReferralStatus.ACCEPTED)
OPEN_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
PENDING_INTAKE = (IntakeState.STORED, IntakeState.ACKED)
BACKLOG_BUCKETS: tuple[tuple[str, timedelta], ...] = (
    ("under_1_day", timedelta(days=1)),
    ("1_to_3_days", timedelta(days=3)),
    ("3_to_7_days", timedelta(days=7)),
    ("7_to_14_days", timedelta(days=14)),
)
OVER_14_DAYS = "over_14_days"


@dataclass(frozen=True)
class WorkerLoad:
    user_id: int
    username: str
    display_name: str
    role: str
    open_files: int
    overdue_follow_ups: int
    follow_ups_next_7_days: int
    notes_last_30_days: int
    service_minutes_last_30_days: int


@dataclass(frozen=True)
class OverdueItem:
    kind: str  # "follow_up" | "referral" | "action"
    client_id: int
    client_name: str
    worker_id: int | None
    due: date
    days_overdue: int
    item_id: int | None  # referral or action id


@dataclass(frozen=True)
class NeedCount:
    domain: NeedDomain
    clients_with_need: int
    clients_with_asset: int
    high_priority: int
    share_of_assessed: float  # clients with this need / clients with an assessment


@dataclass(frozen=True)
class BacklogStats:
    pending: int
    oldest_days: float | None
    median_days: float | None
    buckets: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FunderRow:
    funder: str
    service_type: str
    services: int
    clients: int
    minutes: int


def _open_client(worker_id: int | None = None) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = [Client.file_status.in_(OPEN_FILES)]
    if worker_id is not None:
        conds.append(Client.assigned_worker_id == worker_id)
    return conds


def load_per_worker(session: Session, today: date) -> list[WorkerLoad]:
    """One row per active user, busiest first (open files, then overdue follow-ups)."""
    since = datetime.combine(today - timedelta(days=30), datetime.min.time(), tzinfo=UTC)
    open_files = dict(
        session.execute(
            sa.select(Client.assigned_worker_id, sa.func.count())
            .where(*_open_client())
            .group_by(Client.assigned_worker_id)
        ).all()
    )
    overdue = dict(
        session.execute(
            sa.select(Client.assigned_worker_id, sa.func.count())
            .where(*_open_client(), Client.next_follow_up < today)
            .group_by(Client.assigned_worker_id)
        ).all()
    )
    upcoming = dict(
        session.execute(
            sa.select(Client.assigned_worker_id, sa.func.count())
            .where(*_open_client(), Client.next_follow_up.between(today, today + timedelta(days=7)))
            .group_by(Client.assigned_worker_id)
        ).all()
    )
    notes = dict(
        session.execute(
            sa.select(Note.author_id, sa.func.count())
            .where(Note.created_at >= since)
            .group_by(Note.author_id)
        ).all()
    )
    minutes = dict(
        session.execute(
            sa.select(ServiceRecord.provider_id, sa.func.coalesce(sa.func.sum(ServiceRecord.minutes), 0))
            .where(ServiceRecord.delivered_on >= today - timedelta(days=30))
            .group_by(ServiceRecord.provider_id)
        ).all()
    )
    rows = [
        WorkerLoad(
            user_id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role.value,
            open_files=int(open_files.get(u.id, 0)),
            overdue_follow_ups=int(overdue.get(u.id, 0)),
            follow_ups_next_7_days=int(upcoming.get(u.id, 0)),
            notes_last_30_days=int(notes.get(u.id, 0)),
            service_minutes_last_30_days=int(minutes.get(u.id, 0)),
        )
        for u in session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.id))
    ]
    return sorted(rows, key=lambda r: (-r.open_files, -r.overdue_follow_ups, r.username))


def _display_name(c: Any) -> str:
    given = c.given_name_latin or c.given_name
    family = c.family_name_latin or c.family_name
    return " ".join(p for p in (given, family) if p)


def overdue_follow_ups(
    session: Session, today: date, *, worker_id: int | None = None, limit: int = 1000
) -> list[OverdueItem]:
    """Everything past due on open files, most overdue first: client follow-up dates, open referrals
    whose follow-up date passed, open plan actions past their due date."""
    name_cols = (
        Client.id,
        Client.given_name,
        Client.family_name,
        Client.given_name_latin,
        Client.family_name_latin,
        Client.assigned_worker_id,
    )
    items: list[OverdueItem] = []
    for row in session.execute(
        sa.select(*name_cols, Client.next_follow_up)
        .where(*_open_client(worker_id), Client.next_follow_up < today)
        .order_by(Client.next_follow_up, Client.id)
        .limit(limit)
    ):
        items.append(
            OverdueItem(
                "follow_up",
                row.id,
                _display_name(row),
                row.assigned_worker_id,
                row.next_follow_up,
                (today - row.next_follow_up).days,
                None,
            )
        )
    for ref in session.execute(
        sa.select(*name_cols, Referral.id.label("rid"), Referral.follow_up_on)
        .join(Plan, Plan.client_id == Client.id)
        .join(Referral, Referral.plan_id == Plan.id)
        .where(*_open_client(worker_id), Referral.status.in_(OPEN_REFERRALS), Referral.follow_up_on < today)
        .order_by(Referral.follow_up_on, Referral.id)
        .limit(limit)
    ):
        items.append(
            OverdueItem(
                "referral",
                ref.id,
                _display_name(row),
                ref.assigned_worker_id,
                ref.follow_up_on,
                (today - ref.follow_up_on).days,
                ref.rid,
            )
        )
    for act in session.execute(
        sa.select(*name_cols, Action.id.label("aid"), Action.due_date)
        .join(Plan, Plan.client_id == Client.id)
        .join(Goal, Goal.plan_id == Plan.id)
        .join(Action, Action.goal_id == Goal.id)
        .where(*_open_client(worker_id), Action.status.in_(OPEN_ACTIONS), Action.due_date < today)
        .order_by(Action.due_date, Action.id)
        .limit(limit)
    ):
        items.append(
            OverdueItem(
                "action",
                act.id,
                _display_name(row),
                act.assigned_worker_id,
                act.due_date,
                (today - act.due_date).days,
                act.aid,
            )
        )
    items.sort(key=lambda i: (-i.days_overdue, i.kind, i.client_id))
    return items[:limit]


def needs_mix(session: Session, *, since: date | None = None) -> list[NeedCount]:
    """Needs and assets by domain over each client's latest assessment (optionally only assessments
    on or after ``since``), most frequent need first. Merged files are left out."""
    latest = (
        sa.select(Assessment.client_id, sa.func.max(Assessment.id).label("aid"))
        .join(Client, Client.id == Assessment.client_id)
        .where(Client.file_status != FileStatus.MERGED)
        .group_by(Assessment.client_id)
    )
    if since is not None:
        latest = latest.where(Assessment.assessed_on >= since)
    latest_sq = latest.subquery()
    assessed = session.scalar(sa.select(sa.func.count()).select_from(latest_sq)) or 0
    rows = session.execute(
        sa.select(
            AssessmentItem.domain,
            AssessmentItem.kind,
            sa.func.count(sa.distinct(latest_sq.c.client_id)),
            sa.func.sum(sa.case((AssessmentItem.priority == "high", 1), else_=0)),
        )
        .join(latest_sq, latest_sq.c.aid == AssessmentItem.assessment_id)
        .group_by(AssessmentItem.domain, AssessmentItem.kind)
    ).all()
    need: dict[NeedDomain, int] = {}
    asset: dict[NeedDomain, int] = {}
    high: dict[NeedDomain, int] = {}
    for domain, kind, clients, n_high in rows:
        if kind == AssessmentItemKind.NEED:
            need[domain] = int(clients)
            high[domain] = int(n_high or 0)
        else:
            asset[domain] = int(clients)
    out = [
        NeedCount(
            domain=d,
            clients_with_need=need.get(d, 0),
            clients_with_asset=asset.get(d, 0),
            high_priority=high.get(d, 0),
            share_of_assessed=round(need.get(d, 0) / assessed, 4) if assessed else 0.0,
        )
        for d in NeedDomain
    ]
    return sorted(out, key=lambda n: (-n.clients_with_need, n.domain.value))


def intake_backlog(session: Session, now: datetime) -> BacklogStats:
    """Online requests held here and not yet decided (stored or acknowledged), by waiting time."""
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    received = list(
        session.scalars(
            sa.select(IntakeSubmissionRow.received_at).where(IntakeSubmissionRow.state.in_(PENDING_INTAKE))
        )
    )
    ages = sorted(max(0.0, (now - r).total_seconds() / 86400) for r in received)
    buckets = {name: 0 for name, _ in BACKLOG_BUCKETS} | {OVER_14_DAYS: 0}
    for age in ages:
        for name, limit in BACKLOG_BUCKETS:
            if age < limit.total_seconds() / 86400:
                buckets[name] += 1
                break
        else:
            buckets[OVER_14_DAYS] += 1
    return BacklogStats(
        pending=len(ages),
        oldest_days=round(ages[-1], 2) if ages else None,
        median_days=round(statistics.median(ages), 2) if ages else None,
        buckets=buckets,
    )


def funder_summary(session: Session, start: date, end: date) -> list[FunderRow]:
    """Services delivered from ``start`` to ``end`` (inclusive) by funder and service type."""
    rows = session.execute(
        sa.select(
            ServiceRecord.funder,
            ServiceRecord.service_type,
            sa.func.count(),
            sa.func.count(sa.distinct(ServiceRecord.client_id)),
            sa.func.coalesce(sa.func.sum(ServiceRecord.minutes), 0),
        )
        .where(ServiceRecord.delivered_on.between(start, end))
        .group_by(ServiceRecord.funder, ServiceRecord.service_type)
        .order_by(ServiceRecord.funder, ServiceRecord.service_type)
    ).all()
    return [
        FunderRow(funder or "", getattr(stype, "value", str(stype)), int(n), int(clients), int(minutes))
        for funder, stype, n, clients, minutes in rows
    ]


# tables for CSV export (caseworker.reports.csvsafe.write_csv_file) ----------------------------------

Table = tuple[Sequence[str], list[Sequence[Any]]]


def worker_load_table(rows: Sequence[WorkerLoad]) -> Table:
    header = (
        "user",
        "name",
        "role",
        "open_files",
        "overdue_follow_ups",
        "follow_ups_next_7_days",
        "notes_last_30_days",
        "service_minutes_last_30_days",
    )
    return header, [
        (
            r.username,
            r.display_name,
            r.role,
            r.open_files,
            r.overdue_follow_ups,
            r.follow_ups_next_7_days,
            r.notes_last_30_days,
            r.service_minutes_last_30_days,
        )
        for r in rows
    ]


def overdue_table(rows: Sequence[OverdueItem], usernames: dict[int, str] | None = None) -> Table:
    names = usernames or {}
    header = ("kind", "client_id", "client_name", "worker", "due", "days_overdue", "item_id")
    return header, [
        (
            r.kind,
            r.client_id,
            r.client_name,
            names.get(r.worker_id, "") if r.worker_id else "",
            r.due,
            r.days_overdue,
            r.item_id,
        )
        for r in rows
    ]


def needs_table(rows: Sequence[NeedCount]) -> Table:
    header = ("domain", "clients_with_need", "clients_with_asset", "high_priority", "share_of_assessed")
    return header, [
        (r.domain.value, r.clients_with_need, r.clients_with_asset, r.high_priority, r.share_of_assessed)
        for r in rows
    ]


def funder_table(rows: Sequence[FunderRow]) -> Table:
    header = ("funder", "service_type", "services", "clients", "minutes")
    return header, [(r.funder, r.service_type, r.services, r.clients, r.minutes) for r in rows]
