"""``caseworker-admin rekey DIR``: a new data key for the database and a new recovery key.

Use it after someone leaves or a copy of the caseload may have been taken. Passphrases stay the same.
Crash-safe: interrupted, the caseload opens afterwards with the old or the new key (see caseload.py).
"""

from __future__ import annotations

import argparse

from caseworker.admin import common


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "rekey",
        help="re-encrypt the caseload with a new key and print a new recovery key",
        description="Replace the database key (PRAGMA rekey) and the recovery key. Close Caseworker "
        "everywhere this caseload is open first. Passphrases and the keyring keep working.",
    )
    common.add_dir_argument(p)
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    caseload = common.open_caseload(args, warn_recovery=False)  # the rekey issues a new recovery key
    try:
        recovery_key = caseload.rekey()
        print("The caseload has a new key. The old recovery key no longer works.")
        # Killed before this, keyslots.json still says the new key was never shown: every unlock
        # warns and points to `caseworker-admin recovery-key`.
        common.show_recovery_key(caseload, recovery_key)
    finally:
        caseload.close()
    return 0
