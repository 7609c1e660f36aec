"""``caseworker-server admin ...``: what agency IT does by hand. Output is JSON (easy to script)."""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from caseworker.server import auth, migrations, retention, routing
from caseworker.server.clock import iso, now_ms
from caseworker.server.config import Settings
from caseworker.server.db import make_engine
from caseworker.server.errors import ServerError, UnknownAgency
from caseworker.server.models import Agency, Device

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class AdminError(ServerError):
    pass


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def create_agency(session: Session, slug: str, name: str, *, now: int) -> Agency:
    if not SLUG_RE.match(slug):
        raise AdminError("An agency id is lower-case letters, digits and dashes, like nwd-ottawa.")
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise AdminError("An agency name is 1 to 200 characters.")
    agency = Agency(slug=slug, name=name, created_at=now)
    session.add(agency)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise AdminError("An agency with this id already exists.") from exc
    return agency


def _agency(session: Session, slug: str) -> Agency:
    try:
        return auth.agency_by_slug(session, slug)
    except UnknownAgency as exc:
        raise AdminError(
            f"No agency with the id {slug!r}. See: caseworker-server admin list-agencies"
        ) from exc


def _rule_dict(rule: routing.Rule) -> dict[str, Any]:
    return {
        "postal_prefixes": list(rule.postal_prefixes),
        "languages": list(rule.languages),
        "needs": list(rule.needs),
        "priority": rule.priority,
    }


def run(args: argparse.Namespace, settings: Settings, *, out: Callable[[Any], None]) -> int:
    engine = make_engine(settings.db_url)
    try:
        migrations.upgrade(engine)
        _run(args, engine, out)
    finally:
        engine.dispose()
    return 0


def _run(args: argparse.Namespace, engine: Engine, out: Callable[[Any], None]) -> None:
    now = now_ms(time.time)
    cmd = args.admin_command
    with Session(engine) as session:
        if cmd == "create-agency":
            agency = create_agency(session, args.slug, args.name, now=now)
            out({"agency": agency.slug, "name": agency.name})
        elif cmd == "list-agencies":
            rules = routing.list_rules(session)
            out(
                [
                    {
                        "agency": a.slug,
                        "name": a.name,
                        "rules": [_rule_dict(r) for r in rules if r.agency_id == a.id],
                    }
                    for a in session.execute(select(Agency).order_by(Agency.slug)).scalars()
                ]
            )
        elif cmd == "set-routing":
            agency = _agency(session, args.slug)
            if args.clear:
                routing.set_rules(session, agency.id, [], now_ms=now, replace=True)
            else:
                rule = routing.Rule.create(
                    _split(args.postal), _split(args.language), _split(args.need), priority=args.priority
                )
                routing.set_rules(session, agency.id, [rule], now_ms=now, replace=not args.add)
            session.commit()
            out(
                {
                    "agency": agency.slug,
                    "rules": [_rule_dict(r) for r in routing.list_rules(session, agency.id)],
                }
            )
        elif cmd == "create-enrolment-code":
            agency = _agency(session, args.slug)
            code = auth.create_enrolment_code(
                session, agency.id, label=args.label, now_ms=now, hours=args.hours
            )
            session.commit()
            out(
                {
                    "agency": agency.slug,
                    "code": code,
                    "expires_at": iso(now + args.hours * 3_600_000),
                    "note": "shown once; it works for one device, once",
                }
            )
        elif cmd == "list-devices":
            query = (
                select(Device, Agency.slug).join(Agency, Agency.id == Device.agency_id).order_by(Device.id)
            )
            if args.slug:
                query = query.where(Agency.slug == _agency(session, args.slug).slug)
            out(
                [
                    {
                        "device_id": d.id,
                        "agency": slug,
                        "name": d.name,
                        "enrolled_at": iso(d.created_at),
                        "last_seen_at": iso(d.last_seen_at),
                        "revoked_at": iso(d.revoked_at),
                    }
                    for d, slug in session.execute(query).all()
                ]
            )
        elif cmd == "revoke-device":
            if not auth.revoke(session, args.device_id, now_ms=now):
                raise AdminError(
                    f"No device with id {args.device_id}. See: caseworker-server admin list-devices"
                )
            out({"device_id": args.device_id, "revoked": True})
        elif cmd == "purge":
            result = retention.purge(session, retention_days=args.days, now_ms=now, dry_run=args.dry_run)
            out(
                {
                    "purged_submissions": result.submissions,
                    "purged_enrolment_codes": result.enrolment_codes,
                    "closed_before": iso(result.cutoff_ms),
                    "dry_run": bool(args.dry_run),
                }
            )
        else:  # pragma: no cover - argparse refuses unknown commands
            raise AdminError(f"unknown command {cmd}")
