"""``caseworker-admin verify DIR``: encryption (every page's HMAC), structure and the audit chain.

Exit 0 only when every check holds; 1 when one fails (each problem is named); 2 when it cannot even
be unlocked (wrong passphrase...).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker.admin import common
from caseworker.admin.cli import EXIT_OK, EXIT_PROBLEM
from caseworker.store.caseload import verify_directory


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "verify",
        help="check encryption integrity, structure and the audit trail; exit 0 only if all hold",
    )
    common.add_dir_argument(p)
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with common.naming_unknown_user(args):
        report = verify_directory(Path(args.dir), common.unlocker_from_args(args))
    for check, status in report.checks.items():
        print(f"{check}: {status}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    if report.recovery_key_unconfirmed:
        common.warn_recovery_unconfirmed(Path(args.dir))
    if report.ok:
        print("The caseload is intact.")
        return EXIT_OK
    sys.stderr.write(
        "The caseload is damaged. Restore it from a backup: caseworker-admin restore BACKUP DIR\n"
    )
    return EXIT_PROBLEM
