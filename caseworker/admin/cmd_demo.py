"""``caseworker-admin demo DIR --clients N --seed S``: a synthetic multilingual demo caseload.

Creates the caseload when DIR holds none (first user ``supervisor``) or adds N more clients to an
existing demo caseload. A caseload not made by this command (``init``) is refused unless ``--force``:
demo caseloads are marked inside the database (caseload_meta ``demo.caseload``, see store/demo.py).
Users ``supervisor``, ``caseworker1``, ``caseworker2`` and ``volunteer`` can all unlock
it with the same passphrase: the built-in demo passphrase unless ``--passphrase-stdin`` gives another.
Demo data only: every person in it is invented.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker.admin import common
from caseworker.core.domain import Role
from caseworker.core.errors import KnownError
from caseworker.store import demo, keyslots
from caseworker.store.caseload import Caseload, Unlocker

DEMO_SUPERVISOR = demo.DEMO_USERS[0]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "demo",
        help="create or fill a caseload with synthetic multilingual demo clients",
        description="Create an encrypted demo caseload in DIR (or add to the one there) with synthetic "
        "clients in Arabic, Persian, Ukrainian, Spanish, Chinese, Tigrinya, English and French, with "
        "households, consents, needs assessments, plans, notes and services. Every person is invented. "
        f"Without --passphrase-stdin the demo passphrase {demo.DEMO_PASSPHRASE!r} is used and printed.",
    )
    common.add_dir_argument(p, "caseload folder (created if it holds no caseload)")
    p.add_argument("--clients", type=int, default=200, help="number of client files to add (default 200)")
    p.add_argument("--seed", default="1", help="seed: the same seed gives the same people (default 1)")
    p.add_argument(
        "--notes-per-client", type=float, default=3.0, help="average case notes per client (default 3)"
    )
    p.add_argument(
        "--user",
        "-u",
        default=None,
        help=f"user to create or unlock as (default {DEMO_SUPERVISOR.username}, the demo's own supervisor)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="add demo people even to a caseload that was not made by this command (never for real work)",
    )
    common.add_stdin_argument(p)
    p.set_defaults(run=run)


def _seed(value: str) -> int | str:
    return int(value) if value.lstrip("-").isdigit() else value


NOT_A_DEMO_HINT = (
    "Demo people are added only to caseloads made by 'caseworker-admin demo'. Choose an empty "
    "folder for a demo. To add invented people to this caseload anyway (a test copy, never one in "
    "use), add --force and --user NAME."
)


def _open_existing(args: argparse.Namespace, directory: Path, user: str, passphrase: str) -> Caseload:
    """Open the caseload already in ``directory``, refusing one that is not a demo unless --force.

    User names are read from keyslots.json, where they are in the clear: saying which name is
    missing reveals nothing a wrong passphrase would not (see keyslots.UnknownUser)."""
    slots = keyslots.load(directory)
    if slots.find_passphrase_slot(user) is None:
        if args.user is None and not args.force:
            raise KnownError(
                f"{directory} holds a caseload that was not made by 'caseworker-admin demo' "
                f"(it has no user '{user}'), so no demo data was added.",
                hint=NOT_A_DEMO_HINT,
            )
        raise KnownError(
            f"There is no user named '{user}' in this caseload.",
            hint="Give the user name with --user NAME.",
        )
    caseload = Caseload.open(directory, Unlocker.passphrase(user, passphrase))
    try:
        if not demo.is_demo(caseload) and not args.force:
            raise KnownError(
                f"{directory} holds a caseload that was not made by 'caseworker-admin demo', "
                "so no demo data was added.",
                hint=NOT_A_DEMO_HINT,
            )
        if caseload.recovery_key_unconfirmed():
            common.warn_recovery_unconfirmed(directory)
    except BaseException:
        caseload.close()
        raise
    return caseload


def run(args: argparse.Namespace) -> int:
    if args.clients < 0:
        sys.stderr.write("caseworker-admin: --clients must be 0 or more.\n")
        return 2
    directory = Path(args.dir)
    if args.passphrase_stdin:
        passphrase = common.read_passphrase(args, "Passphrase")
        shown = "the passphrase you gave"
    else:
        passphrase = demo.DEMO_PASSPHRASE
        shown = repr(demo.DEMO_PASSPHRASE)
    recovery_key: str | None = None
    user = args.user or DEMO_SUPERVISOR.username
    if Caseload.exists(directory):
        caseload = _open_existing(args, directory, user, passphrase)
        verb = "Added to"
    else:
        caseload, recovery_key = Caseload.create(
            directory,
            user,
            passphrase,
            display_name=DEMO_SUPERVISOR.display_name if user == DEMO_SUPERVISOR.username else None,
            role=Role.SUPERVISOR,
        )
        verb = "Created"
    step = max(1000, args.clients // 20)
    last = [0]

    def progress(done: int, total: int) -> None:
        if done - last[0] >= step or done == total:
            last[0] = done
            sys.stderr.write(f"  {done:,} / {total:,} clients\n")

    try:
        summary = demo.build_demo(
            caseload,
            clients=args.clients,
            seed=_seed(args.seed),
            user_passphrase=passphrase,
            notes_per_client=args.notes_per_client,
            progress=progress if args.clients >= 5000 else None,
        )
        counts = summary.counts
        print(
            f"{verb} the demo caseload in {directory}: {counts.get('clients', 0):,} clients "
            f"({summary.people:,} households or single people), {counts.get('notes', 0):,} notes, "
            f"{counts.get('plans', 0):,} plans, {counts.get('services', 0):,} services (seed {args.seed})."
        )
        users = ", ".join(u.username for u in demo.DEMO_USERS)
        print(f"Users {users} unlock it with {shown}.")
        print("Demo data only: every person in it is invented. Do not enter real clients in a demo caseload.")
        if recovery_key is not None:
            common.show_recovery_key(caseload, recovery_key)
    finally:
        caseload.close()
    return 0
