"""The audit trail: an append-only, hash-chained log of who changed what, and when.

Each event holds the actor's user id, the UTC time, the entity (table name) and its id, the action and
the NAMES of the fields that changed - never their values, so the trail itself holds no personal data
beyond the link to a record. Events form a chain::

    hash = SHA-256( canonical JSON of
                    [id, at, actor_id, entity, entity_id, client_id, action, fields, prev_hash] )

with ``prev_hash`` of the first event = 64 zeros and ``prev_hash`` UNIQUE in the table, so the chain
cannot fork. :func:`verify_chain` walks it and names the first broken link: an edited event (its hash
no longer matches), a deleted one (a gap in the ids / a prev_hash pointing nowhere), swapped or inserted
events (ids are inside the hash).

What it does NOT prove: the chain uses no secret key, so someone who can already decrypt the caseload
could rewrite the whole tail consistently, or drop the newest events. Protection against that needs the
head (:func:`chain_head`) recorded somewhere else (a printed verify report, a backup log); see
docs/store-schema.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.store.models import AuditAction, AuditEvent

GENESIS = "0" * 64
_FIELD_RE = re.compile(r"^[a-z_][a-z0-9_.]{0,63}$")
_ENTITY_RE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class BrokenLink:
    """The first event that does not hold (``event_id``) and why, in plain words without data."""

    event_id: int
    reason: str

    def __str__(self) -> str:
        return f"audit event {self.event_id}: {self.reason}"


@dataclass(frozen=True)
class AuditEntry:
    """A snapshot of one event for the History tab (crosses threads safely)."""

    id: int
    at: datetime
    actor_id: int | None
    entity: str
    entity_id: int | None
    client_id: int | None
    action: str
    fields: tuple[str, ...]


def _canonical(
    event_id: int,
    at: datetime,
    actor_id: int | None,
    entity: str,
    entity_id: int | None,
    client_id: int | None,
    action: str,
    fields_json: str,
    prev_hash: str,
) -> bytes:
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = [event_id, stamp, actor_id, entity, entity_id, client_id, action, fields_json, prev_hash]
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        _canonical(
            event.id,
            event.at,
            event.actor_id,
            event.entity,
            event.entity_id,
            event.client_id,
            event.action,
            event.fields,
            event.prev_hash,
        )
    ).hexdigest()


def _fields_json(fields: Iterable[str]) -> str:
    names = sorted(set(fields))
    for name in names:
        if not _FIELD_RE.match(name):
            # a programming error: a value, not a field name, was about to enter the trail
            raise ValueError("audit fields must be field names (lowercase identifiers)")
    return json.dumps(names, separators=(",", ":"))


def _head(session: Session) -> tuple[int, str]:
    row = session.execute(
        sa.select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if row is None:
        return 0, GENESIS
    return int(row[0]), str(row[1])


def record(
    session: Session,
    actor_id: int | None,
    entity: str,
    entity_id: int | None,
    action: AuditAction | str,
    changed_fields: Iterable[str] = (),
    *,
    client_id: int | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain in the session's transaction (flushed at once)."""
    if not _ENTITY_RE.match(entity):
        raise ValueError("audit entity must be a table name")
    action_value = AuditAction(action).value
    last_id, last_hash = _head(session)
    event = AuditEvent(
        id=last_id + 1,
        at=at or datetime.now(UTC),
        actor_id=actor_id,
        entity=entity,
        entity_id=entity_id,
        client_id=client_id if client_id is not None else (entity_id if entity == "clients" else None),
        action=action_value,
        fields=_fields_json(changed_fields),
        prev_hash=last_hash,
    )
    event.hash = compute_hash(event)
    session.add(event)
    session.flush()
    return event


def record_many(
    session: Session,
    actor_id: int | None,
    entity: str,
    entity_ids: Iterable[int],
    action: AuditAction | str,
    changed_fields: Iterable[str] = (),
    *,
    client_ids: Iterable[int | None] | None = None,
) -> int:
    """Append one event per id with Core inserts (bulk loads). Returns how many were written.

    ``client_ids`` (same length as ``entity_ids``) links each event to its client file; for entity
    "clients" it defaults to the entity id."""
    if not _ENTITY_RE.match(entity):
        raise ValueError("audit entity must be a table name")
    action_value = AuditAction(action).value
    fields = _fields_json(changed_fields)
    last_id, prev = _head(session)
    now = datetime.now(UTC)
    rows: list[dict[str, object]] = []
    ids = list(entity_ids)
    owners = list(client_ids) if client_ids is not None else [i if entity == "clients" else None for i in ids]
    if len(owners) != len(ids):
        raise ValueError("client_ids must match entity_ids")
    for entity_id, owner in zip(ids, owners, strict=True):
        last_id += 1
        digest = hashlib.sha256(
            _canonical(last_id, now, actor_id, entity, entity_id, owner, action_value, fields, prev)
        ).hexdigest()
        rows.append(
            {
                "id": last_id,
                "at": now,
                "actor_id": actor_id,
                "entity": entity,
                "entity_id": entity_id,
                "client_id": owner,
                "action": action_value,
                "fields": fields,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    if rows:
        session.connection().execute(sa.insert(AuditEvent), rows)
    return len(rows)


def verify_chain(session: Session, *, batch: int = 5000) -> BrokenLink | None:
    """Walk the whole chain; return the first broken link, or None when every link holds."""
    expected_id = 1
    prev = GENESIS
    t = AuditEvent.__table__
    stmt = (
        sa.select(
            t.c.id,
            t.c.at,
            t.c.actor_id,
            t.c.entity,
            t.c.entity_id,
            t.c.client_id,
            t.c.action,
            t.c.fields,
            t.c.prev_hash,
            t.c.hash,
        )
        .order_by(t.c.id)
        .execution_options(yield_per=batch)
    )
    for row in session.execute(stmt):
        event_id, at, actor_id, entity, entity_id, client_id, action, fields, prev_hash, stored = row
        if event_id != expected_id:
            return BrokenLink(event_id, f"events are missing before this one (expected id {expected_id})")
        if prev_hash != prev:
            return BrokenLink(
                event_id, "its link to the previous event does not match (an event was removed)"
            )
        digest = hashlib.sha256(
            _canonical(event_id, at, actor_id, entity, entity_id, client_id, action, fields, prev_hash)
        ).hexdigest()
        if digest != stored:
            return BrokenLink(event_id, "its content does not match its hash (the event was edited)")
        prev = stored
        expected_id += 1
    return None


def chain_head(session: Session) -> tuple[int, str]:
    """(number of events, hash of the newest): write this down to anchor the chain elsewhere."""
    return _head(session)


def client_history(session: Session, client_id: int, *, limit: int = 500) -> list[AuditEntry]:
    """Every event of one client file (the client and everything in it), newest first: the History tab."""
    stmt = (
        sa.select(AuditEvent)
        .where(AuditEvent.client_id == client_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return [
        AuditEntry(
            id=e.id,
            at=e.at,
            actor_id=e.actor_id,
            entity=e.entity,
            entity_id=e.entity_id,
            client_id=e.client_id,
            action=e.action,
            fields=tuple(json.loads(e.fields)),
        )
        for e in session.scalars(stmt)
    ]
