"""All supervisor/funder reports as CSV files in one folder: what the GUI's "Export reports" (or a
script) calls. Every file goes through :mod:`caseworker.reports.csvsafe` (formula-safe, 0600, atomic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.reports import stats
from caseworker.reports.csvsafe import write_csv_file
from caseworker.store.models import User


@dataclass(frozen=True)
class ReportFiles:
    folder: Path
    files: dict[str, int]  # file name -> data rows written


def write_reports(
    session: Session, folder: Path, *, today: date, now: datetime, period: tuple[date, date]
) -> ReportFiles:
    """Write worker_load.csv, overdue.csv, needs_mix.csv, intake_backlog.csv and funder_summary.csv
    (services from ``period[0]`` to ``period[1]`` inclusive) into an existing ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError("the report folder does not exist")
    usernames: dict[int, str] = {
        uid: name for uid, name in session.execute(sa.select(User.id, User.username))
    }
    written: dict[str, int] = {}

    def put(name: str, table: stats.Table) -> None:
        header, rows = table
        written[name] = write_csv_file(folder / name, header, rows)

    put("worker_load.csv", stats.worker_load_table(stats.load_per_worker(session, today)))
    put("overdue.csv", stats.overdue_table(stats.overdue_follow_ups(session, today), usernames))
    put("needs_mix.csv", stats.needs_table(stats.needs_mix(session)))
    backlog = stats.intake_backlog(session, now)
    put(
        "intake_backlog.csv",
        (
            ("measure", "value"),
            [
                ("pending", backlog.pending),
                ("oldest_days", backlog.oldest_days),
                ("median_days", backlog.median_days),
                *[(f"waiting_{k}", v) for k, v in backlog.buckets.items()],
            ],
        ),
    )
    put("funder_summary.csv", stats.funder_table(stats.funder_summary(session, *period)))
    return ReportFiles(folder, written)
