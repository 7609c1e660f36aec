"""``backup`` (encrypted, consistent while the app is open) and ``restore`` (verifies first)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from caseworker.admin import common
from caseworker.store.caseload import Caseload


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = subparsers.add_parser(
        "backup",
        help="write an encrypted backup (safe while the app is open)",
        description="Copy the caseload, still encrypted, with its key slots: the backup opens with the "
        "same passphrases and recovery key. Default target: DIR/backups/<date-time>/.",
    )
    common.add_dir_argument(b)
    b.add_argument("--to", type=Path, default=None, metavar="DEST", help="backup folder (must not exist)")
    common.add_unlock_arguments(b)
    b.set_defaults(run=run_backup)

    r = subparsers.add_parser(
        "restore",
        help="verify a backup and put it in place",
        description="Verify BACKUP (unlocked with a passphrase or recovery key valid for the backup) and "
        "restore it into DIR. An existing caseload in DIR is refused unless --force; with --force it is "
        "moved to DIR/replaced-<date-time>/, never deleted.",
    )
    r.add_argument("backup", type=Path, metavar="BACKUP", help="the backup folder")
    common.add_dir_argument(r, "the caseload folder to restore into")
    r.add_argument("--force", action="store_true", help="replace an existing caseload (kept aside)")
    common.add_unlock_arguments(r)
    r.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    dest = args.to or Path(args.dir) / "backups" / datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    caseload = common.open_caseload(args)
    try:
        written = caseload.backup(dest)
    finally:
        caseload.close()
    print(f"Backup written to {written}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    report = Caseload.restore(
        Path(args.backup), Path(args.dir), common.unlocker_from_args(args), force=args.force
    )
    for check, status in report.checks.items():
        print(f"{check}: {status}")
    print(f"Restored {args.backup} into {args.dir}")
    return 0
