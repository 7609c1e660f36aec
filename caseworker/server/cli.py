"""``caseworker-server``: run the intake server, administer it, seed a demo.

caseworker-server serve --db URL [--host 127.0.0.1] [--port 8080] [--certfile F --keyfile F]
caseworker-server admin --db URL create-agency SLUG NAME
caseworker-server admin --db URL set-routing SLUG [--postal K1A,K2P] [--language ar,fa] [--need housing]
caseworker-server admin --db URL create-enrolment-code SLUG [--label "front desk"]
caseworker-server admin --db URL list-devices [SLUG]
caseworker-server admin --db URL revoke-device DEVICE_ID
caseworker-server admin --db URL purge [--days N] [--dry-run]
caseworker-server demo --db URL --submissions 40 --seed 1
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from typing import Any

from caseworker.core.errors import KnownError
from caseworker.server.config import Settings, default_db_url

log = logging.getLogger("caseworker.server")


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=None,
        help="database URL: sqlite:///path/file.sqlite3 (default: ./caseworker-intake.sqlite3) "
        "or postgresql+psycopg://user:pass@host/dbname",
    )


def _settings(args: argparse.Namespace, **extra: Any) -> Settings:
    return Settings(db_url=args.db or default_db_url(), **extra)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caseworker-server", description="Caseworker shared intake server")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the server (public form + agency API)")
    _add_db(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--certfile", help="TLS certificate (PEM); serve HTTPS directly")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="reverse proxies trusted to set X-Forwarded-For/-Proto (comma list, default 127.0.0.1)",
    )
    serve.add_argument(
        "--retention-days",
        type=int,
        default=Settings.retention_days,
        help="closed requests are purged this many days after closing (checked at start and every 6 h)",
    )
    serve.add_argument("--lease-seconds", type=int, default=Settings.lease_seconds)
    serve.add_argument("--body-cap", type=int, default=Settings.body_cap_bytes, help="max request bytes")
    serve.add_argument("--form-rate-limit", default=Settings.form_rate_limit, help='e.g. "30/minute"')
    serve.add_argument(
        "--sqlite-synchronous",
        default=Settings.sqlite_synchronous,
        choices=["FULL", "NORMAL", "full", "normal"],
        help="SQLite only: FULL (default) survives power cuts; NORMAL is faster, survives process crashes",
    )
    serve.add_argument("--status-rate-limit", default=Settings.status_rate_limit)
    serve.add_argument("--enrol-rate-limit", default=Settings.enrol_rate_limit)
    serve.add_argument("--log-level", default="info")

    admin = sub.add_parser("admin", help="agencies, routing, devices, retention")
    _add_db(admin)
    asub = admin.add_subparsers(dest="admin_command", required=True)
    a = asub.add_parser("create-agency", help="add an agency (SLUG is a short id like 'nwd-ottawa')")
    a.add_argument("slug")
    a.add_argument("name")
    a = asub.add_parser("list-agencies", help="agencies and their routing rules")
    a = asub.add_parser("set-routing", help="set an agency's routing rule (replaces its rules unless --add)")
    a.add_argument("slug")
    a.add_argument("--postal", default="", help="postal code prefixes, comma separated (K1A,K2P)")
    a.add_argument("--language", default="", help="language codes, comma separated (ar,fa,uk)")
    a.add_argument("--need", default="", help="need categories, comma separated (housing,employment)")
    a.add_argument("--priority", type=int, default=100, help="lower wins when several agencies match")
    a.add_argument("--add", action="store_true", help="add this rule to the agency's existing rules")
    a.add_argument("--clear", action="store_true", help="remove all of the agency's rules")
    a = asub.add_parser("create-enrolment-code", help="a one-time code a desktop uses to enrol")
    a.add_argument("slug")
    a.add_argument("--label", default="", help="a note for yourself, e.g. the desk it is for")
    a.add_argument("--hours", type=int, default=Settings.enrolment_code_hours, help="valid for (hours)")
    a = asub.add_parser("list-devices", help="enrolled devices")
    a.add_argument("slug", nargs="?")
    a = asub.add_parser("revoke-device", help="revoke a device's token at once")
    a.add_argument("device_id", type=int)
    a = asub.add_parser("purge", help="delete closed submissions older than the retention period")
    a.add_argument("--days", type=int, default=Settings.retention_days)
    a.add_argument("--dry-run", action="store_true")

    demo = sub.add_parser("demo", help="seed synthetic multilingual submissions (never real people)")
    _add_db(demo)
    demo.add_argument("--submissions", type=int, default=40)
    demo.add_argument("--seed", type=int, default=1)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from caseworker.server.app import create_app

    if bool(args.certfile) != bool(args.keyfile):
        raise SystemExit("--certfile and --keyfile go together")
    settings = _settings(
        args,
        retention_days=args.retention_days,
        lease_seconds=args.lease_seconds,
        body_cap_bytes=args.body_cap,
        form_rate_limit=args.form_rate_limit,
        status_rate_limit=args.status_rate_limit,
        enrol_rate_limit=args.enrol_rate_limit,
        sqlite_synchronous=args.sqlite_synchronous.upper(),
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    app = create_app(settings)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=args.log_level,
        access_log=False,  # URLs hold no personal data, but status lookups carry references
        server_header=False,
    )
    return 0


def _print(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _admin(args: argparse.Namespace) -> int:
    from caseworker.server.admin import run

    return run(args, _settings(args), out=_print)


def _demo(args: argparse.Namespace) -> int:
    from caseworker.server.demo import seed_database

    settings = _settings(args)
    started = time.perf_counter()
    summary = seed_database(settings, submissions=args.submissions, seed=args.seed)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    _print(summary)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "admin":
            return _admin(args)
        return _demo(args)
    except KnownError as exc:
        print(f"error: {exc.message}" + (f"\n{exc.hint}" if exc.hint else ""), file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
