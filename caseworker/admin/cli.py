"""``caseworker-admin``: the command line for agency IT and scripts.

Subcommands live in ``caseworker/admin/cmd_*.py``; each has ``register(subparsers)`` that adds its
parser(s) with ``set_defaults(run=function)``. ``run(args) -> int`` returns the exit code.

Exit codes: 0 success; 1 the command ran and found a problem (e.g. ``verify``); 2 a known error
(wrong passphrase, no caseload, bad usage: message and hint on stderr, never a traceback);
3 a bug (a crash report without client data on stderr); 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from caseworker.core.crashreport import crash_report
from caseworker.core.errors import KnownError

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_KNOWN_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_BUG = 3


def build_parser() -> argparse.ArgumentParser:
    import caseworker.admin as admin_pkg

    parser = argparse.ArgumentParser(
        prog="caseworker-admin",
        description="Set up and look after encrypted Caseworker caseloads.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(admin_pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("cmd_"):
            continue
        module = importlib.import_module(f"caseworker.admin.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(subparsers)
    return parser


def report_known_error(exc: KnownError) -> None:
    sys.stderr.write(f"caseworker-admin: {exc.message}\n")
    if exc.hint:
        sys.stderr.write(f"{exc.hint}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
    except KnownError as exc:
        report_known_error(exc)
        return EXIT_KNOWN_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("caseworker-admin: interrupted.\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a bug: report it without the message, which may hold client data
        sys.stderr.write(
            "caseworker-admin: an unexpected error stopped the command (a bug). Nothing was lost that was\n"
            "already saved. Please give this report to your IT support; it contains no client data:\n\n"
        )
        sys.stderr.write(crash_report(exc) + "\n")
        return EXIT_BUG
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
