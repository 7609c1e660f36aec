"""``caseworker-admin init DIR``: a new encrypted caseload with its first user (a supervisor)."""

from __future__ import annotations

import argparse
from pathlib import Path

from caseworker.admin import common
from caseworker.core.domain import Role
from caseworker.store.caseload import Caseload


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "init",
        help="create an encrypted caseload and its first user; prints the recovery key",
        description="Create an encrypted caseload in DIR (an empty or new folder). The first user is a "
        "supervisor. The recovery key is printed once: write it down.",
    )
    common.add_dir_argument(p, "folder for the new caseload (created if missing)")
    p.add_argument("--user", "-u", default=None, help="first user's name (default: the OS user)")
    p.add_argument("--display-name", default=None, help="first user's full name as shown in the app")
    common.add_stdin_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    username = args.user or common.default_username()
    passphrase = common.read_passphrase(args, f"New passphrase for {username}", confirm=True)
    caseload, recovery_key = Caseload.create(
        Path(args.dir), username, passphrase, display_name=args.display_name, role=Role.SUPERVISOR
    )
    try:
        print(f"Created an encrypted caseload in {args.dir} with supervisor '{username}'.")
        common.show_recovery_key(caseload, recovery_key)
    finally:
        caseload.close()
    return 0
