"""``add-user`` and ``passwd``: local users and their passphrases (only keyslots.json changes)."""

from __future__ import annotations

import argparse
from pathlib import Path

from caseworker.admin import common
from caseworker.core.domain import Role
from caseworker.core.errors import KnownError
from caseworker.store import caseload as caseload_mod


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = subparsers.add_parser(
        "add-user",
        help="add a local user with their own passphrase",
        description="Add a user to the caseload. With --passphrase-stdin give two lines: the unlocking "
        "user's passphrase, then the new user's passphrase.",
    )
    common.add_dir_argument(add)
    add.add_argument("new_user", metavar="NEW_USER", help="the new user's name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.CASEWORKER.value)
    add.add_argument("--display-name", default=None)
    common.add_unlock_arguments(add)
    add.set_defaults(run=run_add_user)

    passwd = subparsers.add_parser(
        "passwd",
        help="change a user's passphrase (the database itself is not rewritten)",
        description="Change a passphrase. With --passphrase-stdin give two lines: old, then new.",
    )
    common.add_dir_argument(passwd)
    passwd.add_argument("--user", "-u", default=None, help="whose passphrase (default: the OS user)")
    passwd.add_argument(
        "--reset-by",
        metavar="SUPERVISOR",
        default=None,
        help="a supervisor sets a new passphrase for a user who forgot theirs (the supervisor's "
        "passphrase is asked instead of the old one)",
    )
    common.add_stdin_argument(passwd)
    passwd.set_defaults(run=run_passwd)

    remove = subparsers.add_parser(
        "remove-user",
        help="remove a user's passphrase (and keyring) slot; run rekey afterwards",
        description="Remove a user's way in. The last passphrase cannot be removed. To make sure an old "
        "copy of the key slots opens nothing new, run rekey afterwards.",
    )
    common.add_dir_argument(remove)
    remove.add_argument("old_user", metavar="USER", help="the user to remove")
    common.add_unlock_arguments(remove)
    remove.set_defaults(run=run_remove_user)


def run_add_user(args: argparse.Namespace) -> int:
    caseload = common.open_caseload(args)
    try:
        if caseload.user.role != Role.SUPERVISOR:
            raise KnownError("Only a supervisor can add users.", hint="Unlock as a supervisor (--user).")
        passphrase = common.read_passphrase(args, f"New passphrase for {args.new_user}", confirm=True)
        user = caseload.add_user(args.new_user, passphrase, Role(args.role), display_name=args.display_name)
    finally:
        caseload.close()
    print(f"Added {user.role.value} '{user.username}'.")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    username = args.user or common.default_username()
    if args.reset_by:
        caseload = caseload_mod.Caseload.open(
            Path(args.dir),
            caseload_mod.Unlocker.passphrase(
                args.reset_by, common.read_passphrase(args, f"Passphrase for {args.reset_by}")
            ),
        )
        try:
            if caseload.recovery_key_unconfirmed():
                common.warn_recovery_unconfirmed(Path(args.dir))
            new = common.read_passphrase(args, f"New passphrase for {username}", confirm=True)
            caseload.set_passphrase(username, new)
        finally:
            caseload.close()
        print(f"Set a new passphrase for '{username}'.")
        return 0
    old = common.read_passphrase(args, f"Current passphrase for {username}")
    new = common.read_passphrase(args, f"New passphrase for {username}", confirm=True)
    caseload_mod.change_passphrase(Path(args.dir), username, old, new)
    print(f"Changed the passphrase of '{username}'.")
    return 0


def run_remove_user(args: argparse.Namespace) -> int:
    caseload = common.open_caseload(args)
    try:
        if caseload.user.role != Role.SUPERVISOR:
            raise KnownError("Only a supervisor can remove users.", hint="Unlock as a supervisor (--user).")
        caseload.remove_user_slot(args.old_user)
    finally:
        caseload.close()
    print(f"Removed the passphrase of '{args.old_user}'. Run 'caseworker-admin rekey' to retire the old key.")
    return 0
