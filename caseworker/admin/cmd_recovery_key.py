"""``caseworker-admin recovery-key DIR``: issue a new recovery key (the old one stops working).

For a lost or exposed recovery key, and for a caseload whose recovery key was never shown (an init,
rekey or demo interrupted before printing it: unlocking warns about it).
"""

from __future__ import annotations

import argparse

from caseworker.admin import common
from caseworker.core.domain import Role
from caseworker.core.errors import KnownError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "recovery-key",
        help="issue and print a new recovery key; the old one stops working",
        description="Replace the caseload's recovery key and print the new one once. Only keyslots.json "
        "changes. Unlock as a supervisor with the passphrase (prompted, or --passphrase-stdin).",
    )
    common.add_dir_argument(p)
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    caseload = common.open_caseload(args, warn_recovery=False)
    try:
        if caseload.user.role != Role.SUPERVISOR:
            raise KnownError(
                "Only a supervisor can issue a new recovery key.", hint="Unlock as a supervisor (--user)."
            )
        recovery_key = caseload.new_recovery_key()
        print("The caseload has a new recovery key. The old recovery key no longer works.")
        common.show_recovery_key(caseload, recovery_key)
    finally:
        caseload.close()
    return 0
