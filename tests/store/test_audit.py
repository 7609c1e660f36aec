"""The audit chain: every kind of tampering is detected and the first broken link is named."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.store import audit
from caseworker.store.models import AuditEvent
from tests.store.schema_fixtures import *  # noqa: F403


def _write_events(plain_db: Session, n: int = 6) -> None:
    for i in range(n):
        audit.record(plain_db, 1, "clients", 100 + i, "update", ["given_name", "phone"], client_id=100 + i)
    plain_db.commit()


def _raw(plain_db: Session, sql: str, **params: object) -> None:
    plain_db.execute(sa.text(sql), params)
    plain_db.commit()
    plain_db.expunge_all()


def test_intact_chain_verifies(plain_db: Session) -> None:
    assert audit.verify_chain(plain_db) is None  # empty chain
    _write_events(plain_db)
    assert audit.verify_chain(plain_db) is None
    count, head = audit.chain_head(plain_db)
    assert count == 6 and len(head) == 64


def test_events_hold_field_names_not_values(plain_db: Session) -> None:
    ev = audit.record(plain_db, 1, "clients", 1, "update", ["phone", "given_name", "phone"])
    assert json.loads(ev.fields) == ["given_name", "phone"]
    with pytest.raises(ValueError, match="field names"):
        audit.record(plain_db, 1, "clients", 1, "update", ["Mohammed Al-Hassan"])
    with pytest.raises(ValueError):
        audit.record(plain_db, 1, "clients", 1, "not-an-action", [])


def test_edited_event_is_named(plain_db: Session) -> None:
    _write_events(plain_db)
    _raw(plain_db, "UPDATE audit_events SET fields = :f WHERE id = 3", f='["given_name"]')
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 3 and "edited" in broken.reason


@pytest.mark.parametrize(
    "column,value",
    [
        ("actor_id", 2),
        ("entity_id", 7),
        ("action", "delete"),
        ("at", "2020-01-01 00:00:00.000000"),
        ("client_id", 9),
    ],
)
def test_every_column_is_covered_by_the_hash(plain_db: Session, column: str, value: object) -> None:
    _write_events(plain_db)
    _raw(plain_db, f"UPDATE audit_events SET {column} = :v WHERE id = 4", v=value)
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 4


def test_edit_with_recomputed_hash_breaks_the_next_link(plain_db: Session) -> None:
    _write_events(plain_db)
    ev = plain_db.get(AuditEvent, 2)
    assert ev is not None
    ev.actor_id = 99
    new_hash = audit.compute_hash(ev)
    plain_db.rollback()
    _raw(plain_db, "UPDATE audit_events SET actor_id = 99, hash = :h WHERE id = 2", h=new_hash)
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 3 and "previous" in broken.reason


def test_deleted_event_is_named(plain_db: Session) -> None:
    _write_events(plain_db)
    _raw(plain_db, "DELETE FROM audit_events WHERE id = 4")
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 5 and "missing" in broken.reason


def test_deleted_first_event_is_named(plain_db: Session) -> None:
    _write_events(plain_db)
    _raw(plain_db, "DELETE FROM audit_events WHERE id = 1")
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 2


def test_swapped_events_are_detected(plain_db: Session) -> None:
    _write_events(plain_db)
    # swap the contents of events 2 and 5 (ids stay in place)
    _raw(plain_db, "UPDATE audit_events SET id = -2 WHERE id = 2")
    _raw(plain_db, "UPDATE audit_events SET id = 2 WHERE id = 5")
    _raw(plain_db, "UPDATE audit_events SET id = 5 WHERE id = -2")
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 2


def test_inserted_event_is_detected(plain_db: Session) -> None:
    _write_events(plain_db)
    # make room after event 3 and insert a forged event with a self-consistent hash
    for i in range(6, 3, -1):
        _raw(plain_db, "UPDATE audit_events SET id = :n WHERE id = :o", n=i + 1, o=i)
    prev = plain_db.get(AuditEvent, 3)
    assert prev is not None
    forged = AuditEvent(
        id=4,
        at=prev.at,
        actor_id=1,
        entity="clients",
        entity_id=1,
        client_id=1,
        action="delete",
        fields="[]",
        prev_hash=prev.hash,
    )
    forged.hash = audit.compute_hash(forged)
    plain_db.expunge_all()
    _raw(
        plain_db,
        "INSERT INTO audit_events (id, at, actor_id, entity, entity_id, client_id, action, fields, "
        "prev_hash, hash) VALUES (4, '2026-01-01 00:00:00.000000', 1, 'clients', 1, 1, 'delete', '[]', "
        ":p, :h)",
        p="f" * 64,
        h=forged.hash,
    )
    broken = audit.verify_chain(plain_db)
    assert broken is not None and broken.event_id == 4


def test_chain_cannot_fork(plain_db: Session) -> None:
    _write_events(plain_db, 2)
    last = plain_db.get(AuditEvent, 2)
    assert last is not None
    with pytest.raises(sa.exc.IntegrityError):
        plain_db.execute(
            sa.text(
                "INSERT INTO audit_events (id, at, actor_id, entity, entity_id, action, fields, "
                "prev_hash, hash) VALUES (9, '2026-01-01 00:00:00', 1, 'x', 1, 'create', '[]', "
                ":p, :h)"
            ),
            {"p": last.prev_hash, "h": "a" * 64},
        )
    plain_db.rollback()


def test_record_many_continues_the_chain(plain_db: Session) -> None:
    _write_events(plain_db, 2)
    assert audit.record_many(plain_db, 1, "clients", [10, 11, 12], "create", ["given_name"]) == 3
    audit.record(plain_db, 1, "notes", 5, "create", ["body"], client_id=10)
    plain_db.commit()
    assert audit.verify_chain(plain_db) is None
    hist = audit.client_history(plain_db, 10)
    assert [e.entity for e in hist] == ["notes", "clients"]


def test_timestamps_are_utc_aware(plain_db: Session) -> None:
    ev_id = audit.record(plain_db, 1, "clients", 1, "create", []).id
    plain_db.commit()
    plain_db.expunge_all()
    again = plain_db.get(AuditEvent, ev_id)
    assert (
        again is not None and again.at.utcoffset() is not None and again.at.utcoffset().total_seconds() == 0
    )
