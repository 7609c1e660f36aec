"""Export every supervisor/funder report as CSV files into a folder: shared by ``caseworker-admin report``
and the desktop's Reports screen.

Each file is written atomically, owner-only (0600) and formula-safe by :mod:`caseworker.reports.bundle`.
Supervisors only; existing report files are kept unless ``overwrite``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from caseworker.core.domain import Role
from caseworker.core.errors import KnownError
from caseworker.reports.bundle import ReportFiles, write_reports
from caseworker.store.caseload import Caseload

REPORT_NAMES = (
    "worker_load.csv",
    "overdue.csv",
    "needs_mix.csv",
    "intake_backlog.csv",
    "funder_summary.csv",
)


def default_period(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


def existing_reports(folder: Path) -> list[str]:
    return [name for name in REPORT_NAMES if (folder / name).exists()]


def export_reports(
    caseload: Caseload,
    folder: Path,
    *,
    today: date,
    now: datetime,
    period: tuple[date, date],
    overwrite: bool = False,
) -> ReportFiles:
    """Check the role and the folder, then write every report CSV. KnownError for what a person can fix."""
    if caseload.user.role != Role.SUPERVISOR:
        raise KnownError(
            "Only a supervisor can export reports.", hint="Ask a supervisor to export them for you."
        )
    if period[0] > period[1]:
        raise KnownError("The report period ends before it starts.", hint="Check --from and --until.")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise KnownError("The report folder is a file.", hint="Choose a folder.")
    taken = existing_reports(folder) if folder.is_dir() else []
    if taken and not overwrite:
        raise KnownError(
            f"The folder already has report files ({', '.join(taken)}).",
            hint="Choose another folder, or overwrite them (--force).",
        )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError("The report folder cannot be created.", hint="Choose another folder.") from exc
    try:
        with caseload.session() as session:
            return write_reports(session, folder, today=today, now=now, period=period)
    except PermissionError as exc:
        raise KnownError("The report folder cannot be written to.", hint="Choose another folder.") from exc
