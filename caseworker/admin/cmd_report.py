"""``caseworker-admin report DIR --to FOLDER [--from DATE --until DATE] [--force]``: supervisor and funder
reports as CSV files.

Writes worker_load.csv, overdue.csv, needs_mix.csv, intake_backlog.csv and funder_summary.csv through
:func:`caseworker.reports.bundle.write_reports`: each file atomic, owner-only (0600), formula-safe (a
client name like ``=HYPERLINK(...)`` is shown by a spreadsheet, never run). The files name clients in
overdue.csv, so they are personal information. Existing report files are kept unless ``--force``.
Supervisors only (the desktop's Reports screen calls :func:`export_reports` too).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from caseworker.admin import common
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


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {text!r}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "report",
        help="write the supervisor/funder reports as CSV files into a folder (supervisors)",
        description="Write worker_load.csv, overdue.csv, needs_mix.csv, intake_backlog.csv and "
        "funder_summary.csv into FOLDER (created if missing). Files are owner-only, written atomically, "
        "and safe to open in a spreadsheet. Services are counted from --from to --until inclusive "
        "(default: the first of this month to today).",
    )
    common.add_dir_argument(p)
    p.add_argument("--to", dest="to", type=Path, required=True, metavar="FOLDER", help="folder to write to")
    p.add_argument("--from", dest="start", type=_iso_date, default=None, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--until", dest="until", type=_iso_date, default=None, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--force", action="store_true", help="overwrite report files already in FOLDER")
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


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


def run(args: argparse.Namespace) -> int:
    today = date.today()
    start, until = default_period(today)
    period = (args.start or start, args.until or until)
    caseload = common.open_caseload(args)
    try:
        result = export_reports(
            caseload, args.to, today=today, now=datetime.now(UTC), period=period, overwrite=args.force
        )
    finally:
        caseload.close()
    for name, rows in result.files.items():
        sys.stdout.write(f"{result.folder / name}\t{rows} row(s)\n")
    sys.stderr.write(
        "caseworker-admin: these reports name clients (overdue.csv): keep them as personal information.\n"
    )
    return 0
