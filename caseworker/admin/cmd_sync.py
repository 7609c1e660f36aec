"""``caseworker-admin enrol`` and ``caseworker-admin sync``: the intake queue without a GUI.

    caseworker-admin enrol DIR --server URL --code CODE [--name "Front desk 2"]
    caseworker-admin sync DIR [--server URL] [--batch 100] [--limit N] [--lease-seconds S] [--json]
                              [--create-clients]

``enrol`` trades agency IT's one-time code for a device token kept inside the encrypted caseload.
``sync`` pulls every request waiting in the agency's queue, stores each durably in the caseload, acks it
"accepted", and sends decisions waiting in the outbox. With ``--create-clients`` each request also
becomes a client file (profile, household, consent, first needs) in the transaction that stores it,
decided "new client" (an agency that accepts everything routed to it; a volunteer clinic's bulk import).
Safe to interrupt or kill at any moment: run it again and nothing is lost or doubled. Exit 0 when the
queue was emptied, 1 when the server could not be reached part-way (what was stored is kept), 2 for a
known error (wrong passphrase, not enrolled...).
"""

from __future__ import annotations

import argparse
import json
import socket
import sys

from caseworker.admin import common
from caseworker.admin.cli import EXIT_OK, EXIT_PROBLEM
from caseworker.intake.client import IntakeClient
from caseworker.intake.errors import ServerFailure, ServerUnreachable
from caseworker.intake.sync import PullReport, SyncEngine, enrol, load_device


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("enrol", help="enrol this caseload with an intake server (one-time code)")
    common.add_dir_argument(p)
    p.add_argument("--server", required=True, help="the intake server, e.g. https://intake.example.org")
    p.add_argument("--code", required=True, help="the one-time enrolment code from agency IT")
    p.add_argument("--name", default=None, help="a name for this computer (default: its host name)")
    common.add_unlock_arguments(p)
    p.set_defaults(run=run_enrol)

    s = subparsers.add_parser("sync", help="pull the intake queue into the caseload and send decisions")
    common.add_dir_argument(s)
    s.add_argument("--server", default=None, help="override the server URL stored at enrolment")
    s.add_argument("--batch", type=int, default=100, help="requests per claim (1-100, default 100)")
    s.add_argument("--limit", type=int, default=None, help="stop after claiming this many")
    s.add_argument("--lease-seconds", type=int, default=None, help="lease asked for each claim")
    s.add_argument("--json", action="store_true", help="print the report as JSON")
    s.add_argument("--progress", action="store_true", help="print a line after each batch")
    s.add_argument(
        "--create-clients",
        action="store_true",
        help=(
            "also make each request a new client file, decided 'new client' (no triage: for an agency "
            "that accepts everything routed to it, or a volunteer clinic's bulk import)"
        ),
    )
    common.add_unlock_arguments(s)
    s.set_defaults(run=run_sync)


def run_enrol(args: argparse.Namespace) -> int:
    caseload = common.open_caseload(args)
    try:
        device = enrol(caseload, args.server, args.code, args.name or socket.gethostname() or "desktop")
    finally:
        caseload.close()
    print(f"Enrolled as device {device.device_id} of agency {device.agency_name} ({device.agency_slug}).")
    print("The device token is kept inside the encrypted caseload.")
    return EXIT_OK


def _print_progress(report: PullReport) -> None:
    print(
        f"progress claimed={report.claimed} stored={report.stored_new} acked={report.acked} "
        f"clients={report.clients_created}",
        flush=True,
    )


def run_sync(args: argparse.Namespace) -> int:
    batch = max(1, min(100, args.batch))
    caseload = common.open_caseload(args)
    try:
        device = load_device(caseload)
        api = IntakeClient(args.server or device.server_url, device.token)
        engine = SyncEngine(caseload, api, lease_seconds=args.lease_seconds)
        try:
            report = engine.pull_and_accept(
                batch=batch,
                limit=args.limit,
                progress=_print_progress if args.progress else None,
                create_clients=args.create_clients,
                actor_id=caseload.user.id or None,
            )
        except (ServerUnreachable, ServerFailure) as exc:
            sys.stderr.write(f"caseworker-admin: {exc.message}\n{exc.hint}\n")
            report = PullReport(offline=True)
        finally:
            engine.close()
    finally:
        caseload.close()
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(
            f"Claimed {report.claimed}, stored {report.stored_new} new ({report.replays} already held), "
            f"acked {report.acked}, refused {len(report.refused)}; "
            f"decisions sent {report.outbox_sent}, waiting {report.outbox_remaining}."
        )
        if args.create_clients:
            print(
                f"Client files created: {report.clients_created}; "
                f"left in the Intake tab for a worker (the form did not make a valid file): "
                f"{report.left_for_triage}."
            )
    return EXIT_PROBLEM if report.offline else EXIT_OK
