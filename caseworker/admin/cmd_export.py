"""``caseworker-admin export DIR --format jsonl [-o FILE] [--client ID ...]``: a decrypted export.

For a client's access request (``--client ID``: everything the caseload holds about them) or a full
hand-over. One JSON object per line and per client: id, names, personal details, contact, identifiers,
languages, household, consents, assessments (needs and assets), plans (goals, actions, referrals),
notes and services. The output is NOT encrypted: it is written with owner-only permissions (0600),
atomically (a crash leaves no half file), and every exported client gets an "export" event in the
audit trail.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from caseworker.admin import common
from caseworker.core.errors import KnownError
from caseworker.store import audit
from caseworker.store.models import (
    Action,
    Assessment,
    AssessmentItem,
    AuditAction,
    Client,
    ClientLanguage,
    Consent,
    Goal,
    Household,
    HouseholdMember,
    Identifier,
    Note,
    Plan,
    Referral,
    ServiceRecord,
    User,
)

CHUNK = 500
FORMAT_VERSION = 1

WARNING = (
    "caseworker-admin: WARNING: this export is decrypted. Anyone who can read it sees these clients' "
    "personal information. Keep it only as long as needed, on an encrypted disk, and delete it securely.\n"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "export",
        help="write a DECRYPTED export, one JSON object per client (for an access request)",
        description="Export client files as JSON Lines: one object per client with its names, contact, "
        "identifiers, household, consents, assessments, plan, notes and services. The output is not "
        "encrypted. With -o the file is written atomically with owner-only permissions.",
    )
    common.add_dir_argument(p)
    p.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)")
    p.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    p.add_argument(
        "--client",
        type=int,
        action="append",
        default=None,
        metavar="ID",
        help="export only this client id (repeat for several); default: every client",
    )
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


def _json_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def _row(obj: Any, columns: Sequence[str]) -> dict[str, Any]:
    return {c: getattr(obj, c) for c in columns}


_CLIENT_COLUMNS = (
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "preferred_name",
    "date_of_birth",
    "dob_precision",
    "gender",
    "marital_status",
    "preferred_official_language",
    "interpreter_needed",
    "country_of_birth",
    "citizenship",
    "immigration_category",
    "arrival_date",
    "landing_date",
    "status_date",
    "file_status",
    "next_follow_up",
    "last_contact",
    "merged_into_id",
    "created_at",
    "updated_at",
)
_CONTACT_COLUMNS = ("phone", "email", "messaging_app", "address", "city", "province", "postal_code")


def _by_client(
    session: Session, model: Any, ids: Sequence[int], order: Any, *options: Any
) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    stmt = sa.select(model).where(model.client_id.in_(ids)).order_by(order).options(*options)
    for obj in session.scalars(stmt):
        out.setdefault(obj.client_id, []).append(obj)
    return out


def client_records(session: Session, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """The export objects of ``ids`` (in that order), loaded a chunk at a time with a few queries."""
    users = {u.id: u.username for u in session.scalars(sa.select(User))}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        clients = {c.id: c for c in session.scalars(sa.select(Client).where(Client.id.in_(chunk)))}
        languages = _by_client(session, ClientLanguage, chunk, ClientLanguage.position)
        identifiers = _by_client(session, Identifier, chunk, Identifier.id)
        consents = _by_client(session, Consent, chunk, Consent.id)
        assessments = _by_client(session, Assessment, chunk, Assessment.id, selectinload(Assessment.items))
        plans = _by_client(
            session,
            Plan,
            chunk,
            Plan.id,
            selectinload(Plan.goals).selectinload(Goal.actions),
            selectinload(Plan.referrals),
        )
        notes = _by_client(session, Note, chunk, Note.id)
        services = _by_client(session, ServiceRecord, chunk, ServiceRecord.id)
        memberships = {
            m.client_id: m
            for m in session.scalars(sa.select(HouseholdMember).where(HouseholdMember.client_id.in_(chunk)))
        }
        household_ids = sorted({m.household_id for m in memberships.values()})
        households = {
            h.id: h
            for h in session.scalars(
                sa.select(Household)
                .where(Household.id.in_(household_ids))
                .options(selectinload(Household.members))
            )
        }
        for cid in chunk:
            c = clients.get(cid)
            if c is None:
                continue
            record: dict[str, Any] = {"format": FORMAT_VERSION, "id": c.id}
            record.update(_row(c, _CLIENT_COLUMNS))
            record["assigned_worker"] = users.get(c.assigned_worker_id) if c.assigned_worker_id else None
            record["languages"] = [lang.code for lang in languages.get(cid, [])]
            record["contact"] = _row(c, _CONTACT_COLUMNS)
            record["identifiers"] = [{"kind": i.kind, "value": i.value} for i in identifiers.get(cid, [])]
            membership = memberships.get(cid)
            if membership is not None:
                household = households[membership.household_id]
                record["household"] = {
                    "id": household.id,
                    "label": household.label,
                    "relationship": membership.relation,
                    "is_principal": membership.is_principal,
                    "members": [
                        {"client_id": m.client_id, "relationship": m.relation, "is_principal": m.is_principal}
                        for m in household.members
                        if m.client_id != cid
                    ],
                }
            else:
                record["household"] = None
            record["consents"] = [
                _row(x, ("id", "scope", "recipient", "method", "language", "notice_version"))
                | _row(x, ("given_at", "expires_on", "revoked_at"))
                | {"recorded_by": users.get(x.recorded_by) if x.recorded_by else None}
                for x in consents.get(cid, [])
            ]
            record["assessments"] = [_assessment(a, users) for a in assessments.get(cid, [])]
            record["plans"] = [_plan(p, users) for p in plans.get(cid, [])]
            record["notes"] = [
                {
                    "id": n.id,
                    "author": users.get(n.author_id),
                    "created_at": n.created_at,
                    "updated_at": n.updated_at,
                    "private": n.private,
                    "body": n.body,
                }
                for n in notes.get(cid, [])
            ]
            record["services"] = [
                _row(s, ("id", "service_type", "channel", "minutes", "funder", "delivered_on", "note"))
                | {"provider": users.get(s.provider_id) if s.provider_id else None}
                for s in services.get(cid, [])
            ]
            yield record
        session.expunge_all()


def _assessment(a: Assessment, users: dict[int, str]) -> dict[str, Any]:
    items: list[AssessmentItem] = a.items
    return {
        "id": a.id,
        "assessed_on": a.assessed_on,
        "assessor": users.get(a.assessor_id) if a.assessor_id else None,
        "summary": a.summary,
        "items": [_row(i, ("domain", "kind", "priority", "description")) for i in items],
    }


def _plan(p: Plan, users: dict[int, str]) -> dict[str, Any]:
    goals: list[Goal] = p.goals
    referrals: list[Referral] = p.referrals
    out = _row(p, ("id", "title", "title_translation", "translation_language", "status"))
    out["approved_by"] = users.get(p.approved_by) if p.approved_by else None
    out |= _row(p, ("approved_at", "created_at", "updated_at"))
    out["goals"] = [
        _row(g, ("id", "position", "domain", "text", "text_translation", "status", "target_date"))
        | {"actions": [_action(a, users) for a in g.actions]}
        for g in goals
    ]
    out["referrals"] = [
        _row(
            r,
            (
                "id",
                "goal_id",
                "to_whom",
                "contact_details",
                "reason",
                "reason_translation",
                "consent_id",
                "status",
                "referred_on",
                "follow_up_on",
            ),
        )
        for r in referrals
    ]
    return out


def _action(a: Action, users: dict[int, str]) -> dict[str, Any]:
    return _row(a, ("id", "position", "text", "text_translation", "owner", "owner_name")) | {
        "owner_user": users.get(a.owner_user_id) if a.owner_user_id else None,
        "due_date": a.due_date,
        "status": a.status,
        "completed_at": a.completed_at,
    }


def write_jsonl(session: Session, ids: Sequence[int], out: IO[str]) -> int:
    n = 0
    for record in client_records(session, ids):
        out.write(json.dumps(record, ensure_ascii=False, default=_json_default, separators=(",", ":")))
        out.write("\n")
        n += 1
    return n


@contextlib.contextmanager
def atomic_private_file(path: Path, *, overwrite: bool) -> Iterator[IO[str]]:
    """A new file readable only by its owner, appearing at ``path`` complete or not at all."""
    path = path.resolve()
    if path.exists() and not overwrite:
        raise KnownError("The output file already exists.", hint="Choose another name, or add --force.")
    if not path.parent.is_dir():
        raise KnownError("The output folder does not exist.", hint="Create it first or choose another path.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        with contextlib.suppress(OSError):  # make the rename durable where the platform allows
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def run(args: argparse.Namespace) -> int:
    caseload = common.open_caseload(args)
    try:
        with caseload.session() as session:
            if args.client:
                wanted = list(dict.fromkeys(args.client))
                found = set(session.scalars(sa.select(Client.id).where(Client.id.in_(wanted))))
                missing = [i for i in wanted if i not in found]
                if missing:
                    raise KnownError(
                        f"No client with id {missing[0]} in this caseload.",
                        hint="Check the client id shown in the client file.",
                    )
                ids = wanted
            else:
                ids = list(session.scalars(sa.select(Client.id).order_by(Client.id)))
            sys.stderr.write(WARNING)
            if args.output is not None:
                with atomic_private_file(args.output, overwrite=args.force) as fh:
                    count = write_jsonl(session, ids, fh)
            else:
                count = write_jsonl(session, ids, sys.stdout)
                sys.stdout.flush()
            audit.record_many(session, caseload.user.id, "clients", ids, AuditAction.EXPORT, [])
        where = f" to {args.output}" if args.output is not None else ""
        sys.stderr.write(f"caseworker-admin: exported {count:,} client(s){where}.\n")
    finally:
        caseload.close()
    return 0
