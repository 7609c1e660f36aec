"""Helpers every ``caseworker-admin`` subcommand shares: unlock options and reading passphrases.

Secrets never come from argv (visible in ``ps`` and shell history): they come from a prompt on the
terminal, or with ``--passphrase-stdin`` one per line on standard input, in the order the command
documents (e.g. ``passwd``: old passphrase, then new).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from caseworker.core.errors import KnownError
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.keyslots import UnknownUser


def default_username() -> str:
    """The OS user's login name: the sensible default for the first caseload user."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (e.g. a container without passwd entry)
        return "admin"


def add_dir_argument(parser: argparse.ArgumentParser, help_text: str = "the caseload folder") -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help=help_text)


def add_stdin_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read passphrases from standard input, one per line, instead of prompting",
    )


def add_unlock_arguments(parser: argparse.ArgumentParser) -> None:
    """--user, --passphrase-stdin, --recovery-key / --keyring: how to open an existing caseload."""
    parser.add_argument("--user", "-u", default=None, help="user name to unlock as (default: the OS user)")
    add_stdin_argument(parser)
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--recovery-key",
        action="store_true",
        help="unlock with the recovery key (prompted, or one line on stdin with --passphrase-stdin)",
    )
    how.add_argument("--keyring", action="store_true", help="unlock through this device's keyring")


def _stdin_line(args: argparse.Namespace) -> str:
    line = sys.stdin.readline()
    if not line:
        raise KnownError(
            "Standard input ended before all passphrases were read.",
            hint="With --passphrase-stdin, give each passphrase on its own line.",
        )
    return line.rstrip("\r\n")


def read_passphrase(args: argparse.Namespace, prompt: str, *, confirm: bool = False) -> str:
    """A passphrase from stdin (``--passphrase-stdin``) or an interactive prompt (asked twice when
    ``confirm``: it is being set)."""
    if getattr(args, "passphrase_stdin", False):
        return _stdin_line(args)
    if not sys.stdin.isatty():
        raise KnownError(
            "There is no terminal to ask for the passphrase.",
            hint="Use --passphrase-stdin and give it on standard input.",
        )
    while True:
        first = getpass.getpass(f"{prompt}: ")
        if not confirm:
            return first
        second = getpass.getpass(f"{prompt} (again): ")
        if first == second:
            return first
        sys.stderr.write("The two entries differ; please type it again.\n")


def unlocker_from_args(args: argparse.Namespace) -> Unlocker:
    if getattr(args, "keyring", False):
        return Unlocker.keyring()
    if getattr(args, "recovery_key", False):
        return Unlocker.recovery(read_passphrase(args, "Recovery key"))
    user = getattr(args, "user", None) or default_username()
    return Unlocker.passphrase(user, read_passphrase(args, f"Passphrase for {user}"))


@contextlib.contextmanager
def naming_unknown_user(args: argparse.Namespace) -> Iterator[None]:
    """An unlock by a user name the caseload does not have says so, with the name (the CLI's own
    message; see keyslots.UnknownUser for why this reveals nothing a wrong passphrase would not)."""
    try:
        yield
    except UnknownUser as exc:
        user = getattr(args, "user", None) or default_username()
        raise KnownError(
            f"There is no user named '{user}' in this caseload.",
            hint="Give the user name with --user NAME (without it, your login name is used).",
        ) from exc


def open_caseload(args: argparse.Namespace, *, warn_recovery: bool = True, **options: object) -> Caseload:
    """Open ``args.dir`` the way the unlock arguments say (see :func:`add_unlock_arguments`).

    Warns on stderr when the caseload's recovery key was never shown (``warn_recovery=False`` for the
    commands that issue a new one anyway)."""
    with naming_unknown_user(args):
        caseload = Caseload.open(Path(args.dir), unlocker_from_args(args), **options)  # type: ignore[arg-type]
    if warn_recovery:
        try:
            unconfirmed = caseload.recovery_key_unconfirmed()
        except BaseException:
            caseload.close()
            raise
        if unconfirmed:
            warn_recovery_unconfirmed(Path(args.dir))
    return caseload


RECOVERY_UNCONFIRMED_WARNING = (
    "WARNING: this caseload's recovery key was never shown (an earlier init, rekey or demo was\n"
    "interrupted before printing it), so nobody holds a recovery key that works. Issue a new one now:\n"
    "    caseworker-admin recovery-key {dir}\n"
)


def warn_recovery_unconfirmed(directory: Path, *, err: TextIO | None = None) -> None:
    stream = err if err is not None else sys.stderr
    stream.write(RECOVERY_UNCONFIRMED_WARNING.format(dir=shlex.quote(str(directory))))


def show_recovery_key(caseload: Caseload, key: str, *, out: TextIO | None = None) -> None:
    """Print the new recovery key, then record that it was shown (clears the unconfirmed mark).

    Killed before the print completes, the mark stays and every later unlock warns."""
    print_recovery_key(key, out=out)
    (out if out is not None else sys.stdout).flush()
    caseload.confirm_recovery_key_shown()


def print_recovery_key(key: str, *, out: TextIO | None = None) -> None:
    stream = out if out is not None else sys.stdout
    text = (
        "\nRECOVERY KEY (shown only this once):\n\n"
        f"    {key}\n\n"
        "Write it on paper and keep it locked away from this computer. It opens the caseload if\n"
        "every passphrase is forgotten. Anyone holding it can open the caseload.\n"
    )
    stream.write(text)
