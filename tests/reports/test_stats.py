"""Caseload statistics: exact on a hand-built caseload, consistent on a demo caseload."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseworker.core.domain import NeedDomain, Role
from caseworker.reports import stats
from caseworker.reports.csvsafe import to_csv_text
from caseworker.store import demo, keyslots
from caseworker.store.caseload import Caseload
from caseworker.store.keyslots import KdfParams
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
    Plan,
    Priority,
    Referral,
    ReferralStatus,
    ServiceChannel,
    ServiceRecord,
    ServiceType,
)
from caseworker.store.repos import clients as clients_repo
from caseworker.store.repos import users as users_repo

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def caseload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Caseload]:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())
    c, _ = Caseload.create(tmp_path / "c", "boss", "a long test passphrase")
    yield c
    c.close()


def test_exact_figures_on_a_small_caseload(caseload: Caseload) -> None:
    with caseload.session() as s:
        boss = caseload.user.id
        w1 = users_repo.create_user(s, "w1", Role.CASEWORKER, "Worker One", boss).id
        w2 = users_repo.create_user(s, "w2", Role.CASEWORKER, "Worker Two", boss).id

        def client(
            name: str, worker: int, follow: date | None, status: FileStatus = FileStatus.ACTIVE
        ) -> int:
            return clients_repo.create_client(
                s, boss, given_name=name, assigned_worker_id=worker, next_follow_up=follow, file_status=status
            ).id

        a = client("=HYPERLINK(1)", w1, TODAY - timedelta(days=10))  # hostile name, overdue
        b = client("Bea", w1, TODAY + timedelta(days=3))
        client("Cy", w1, TODAY - timedelta(days=2), FileStatus.CLOSED)  # closed: not counted
        d = client("Dee", w2, None)
        plan = Plan(client_id=b, title="p")
        s.add(plan)
        s.flush()
        goal = Goal(plan_id=plan.id, text="g")
        s.add(goal)
        s.flush()
        s.add_all(
            [
                Referral(
                    plan_id=plan.id,
                    to_whom="X",
                    status=ReferralStatus.SENT,
                    follow_up_on=TODAY - timedelta(days=5),
                ),
                Referral(
                    plan_id=plan.id,
                    to_whom="Y",
                    status=ReferralStatus.COMPLETED,
                    follow_up_on=TODAY - timedelta(days=50),
                ),
                Action(
                    goal_id=goal.id, text="a", status=ActionStatus.OPEN, due_date=TODAY - timedelta(days=1)
                ),
                Action(
                    goal_id=goal.id, text="b", status=ActionStatus.DONE, due_date=TODAY - timedelta(days=9)
                ),
            ]
        )
        for cid, items in ((a, [(NeedDomain.HOUSING, "need", Priority.HIGH)]), (d, [])):
            old = Assessment(client_id=cid, assessed_on=TODAY - timedelta(days=100))
            old.items = [AssessmentItem(domain=NeedDomain.LEGAL_IMMIGRATION, kind=AssessmentItemKind.NEED)]
            s.add(old)
            s.flush()
            new = Assessment(client_id=cid, assessed_on=TODAY - timedelta(days=1))
            new.items = [
                AssessmentItem(domain=dom, kind=AssessmentItemKind(kind), priority=prio)
                for dom, kind, prio in items
            ] + [AssessmentItem(domain=NeedDomain.EMPLOYMENT, kind=AssessmentItemKind.ASSET)]
            s.add(new)
        s.add_all(
            [
                ServiceRecord(
                    client_id=a,
                    service_type=ServiceType.HOUSING_SEARCH,
                    channel=ServiceChannel.PHONE,
                    minutes=30,
                    funder="IRCC",
                    delivered_on=TODAY - timedelta(days=3),
                    provider_id=w1,
                ),
                ServiceRecord(
                    client_id=b,
                    service_type=ServiceType.HOUSING_SEARCH,
                    channel=ServiceChannel.IN_PERSON,
                    minutes=45,
                    funder="IRCC",
                    delivered_on=TODAY - timedelta(days=40),
                    provider_id=w1,
                ),
            ]
        )
        for i, (state, age_h) in enumerate(
            [
                (IntakeState.STORED, 2),
                (IntakeState.ACKED, 30),
                (IntakeState.ACKED, 24 * 20),
                (IntakeState.DONE, 999),
            ]
        ):
            s.add(
                IntakeSubmissionRow(
                    submission_id=f"00000000-0000-0000-0000-00000000000{i}",
                    payload="{}",
                    state=state,
                    received_at=NOW - timedelta(hours=age_h),
                )
            )
        s.flush()

        load = {r.username: r for r in stats.load_per_worker(s, TODAY)}
        assert load["w1"].open_files == 2 and load["w1"].overdue_follow_ups == 1
        assert load["w1"].follow_ups_next_7_days == 1
        assert load["w1"].service_minutes_last_30_days == 30
        assert load["w2"].open_files == 1 and load["w2"].overdue_follow_ups == 0

        overdue = stats.overdue_follow_ups(s, TODAY)
        assert [(i.kind, i.client_id, i.days_overdue) for i in overdue] == [
            ("follow_up", a, 10),
            ("referral", b, 5),
            ("action", b, 1),
        ]
        assert [i.kind for i in stats.overdue_follow_ups(s, TODAY, worker_id=w2)] == []

        mix = {n.domain: n for n in stats.needs_mix(s)}
        assert mix[NeedDomain.HOUSING].clients_with_need == 1 and mix[NeedDomain.HOUSING].high_priority == 1
        assert mix[NeedDomain.HOUSING].share_of_assessed == 0.5
        assert mix[NeedDomain.LEGAL_IMMIGRATION].clients_with_need == 0  # only in older assessments
        assert mix[NeedDomain.EMPLOYMENT].clients_with_asset == 2

        backlog = stats.intake_backlog(s, NOW)
        assert backlog.pending == 3
        assert backlog.buckets == {
            "under_1_day": 1,
            "1_to_3_days": 1,
            "3_to_7_days": 0,
            "7_to_14_days": 0,
            "over_14_days": 1,
        }
        assert backlog.oldest_days == 20.0

        funders = stats.funder_summary(s, TODAY - timedelta(days=60), TODAY)
        assert [(f.funder, f.services, f.clients, f.minutes) for f in funders] == [("IRCC", 2, 2, 75)]

        header, rows = stats.overdue_table(overdue, {w1: "w1"})
        text = to_csv_text(header, rows)
        assert "'=HYPERLINK(1)" in text and "\r\n=HYPERLINK" not in text


def test_figures_are_consistent_on_a_demo_caseload(caseload: Caseload) -> None:
    demo.build_demo(caseload, clients=150, seed=3, today=TODAY)
    with caseload.session() as s:
        open_total = s.scalar(
            sa.select(sa.func.count()).where(
                Client.file_status.in_(stats.OPEN_FILES), Client.assigned_worker_id.is_not(None)
            )
        )
        load = stats.load_per_worker(s, TODAY)
        assert sum(r.open_files for r in load) == open_total
        overdue = stats.overdue_follow_ups(s, TODAY, limit=10_000)
        follow = [i for i in overdue if i.kind == "follow_up"]
        assert len(follow) == sum(r.overdue_follow_ups for r in load) > 0
        assert all(i.days_overdue > 0 for i in overdue)
        mix = stats.needs_mix(s)
        assert all(0 <= n.share_of_assessed <= 1 for n in mix)
        assert mix[0].clients_with_need >= mix[-1].clients_with_need
        minutes = s.scalar(sa.select(sa.func.sum(ServiceRecord.minutes)))
        assert sum(f.minutes for f in stats.funder_summary(s, date(2000, 1, 1), TODAY)) == minutes
        assert stats.intake_backlog(s, NOW).pending == 0


def test_report_bundle_writes_every_file_privately(caseload: Caseload, tmp_path: Path) -> None:
    import csv
    import stat

    from caseworker.reports.bundle import write_reports

    demo.build_demo(caseload, clients=60, seed=4, today=TODAY)
    out = tmp_path / "reports"
    out.mkdir()
    with caseload.session() as s:
        result = write_reports(s, out, today=TODAY, now=NOW, period=(date(2020, 1, 1), TODAY))
    assert set(result.files) == {
        "worker_load.csv",
        "overdue.csv",
        "needs_mix.csv",
        "intake_backlog.csv",
        "funder_summary.csv",
    }
    for name, rows in result.files.items():
        path = out / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with path.open(encoding="utf-8-sig", newline="") as fh:
            assert len(list(csv.reader(fh))) == rows + 1
    assert result.files["needs_mix.csv"] == len(NeedDomain)
    with pytest.raises(FileNotFoundError):
        with caseload.session() as s:
            write_reports(s, tmp_path / "missing", today=TODAY, now=NOW, period=(TODAY, TODAY))
