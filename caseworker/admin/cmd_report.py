"""``caseworker-admin report DIR --to FOLDER [--from DATE --until DATE] [--force]``: supervisor and funder
reports as CSV files.

Writes worker_load.csv, overdue.csv, needs_mix.csv, intake_backlog.csv and funder_summary.csv through
:func:`caseworker.reports.bundle.write_reports`: each file atomic, owner-only (0600), formula-safe (a
client name like ``=HYPERLINK(...)`` is shown by a spreadsheet, never run). The files name clients in
overdue.csv, so they are personal information. Existing report files are kept unless ``--force``.
Supervisors only; the work is :func:`caseworker.reports.export.export_reports`, shared with the
desktop's Reports screen.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from caseworker.admin import common
from caseworker.reports.export import REPORT_NAMES, default_period, export_reports

__all__ = ["REPORT_NAMES", "register", "run"]


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
