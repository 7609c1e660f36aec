"""Client files: validation naming the field, changed-field tracking in the audit trail, list pages
with filters and orders, counts, snapshots."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import DobPrecision, ImmigrationCategory
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import AuditEvent, FileStatus, IdentifierKind
from caseworker.store.repos import clients
from caseworker.store.repos.clients import ClientFilter, ClientInput
from tests.store.schema_fixtures import *  # noqa: F403


def _olena(**kw: object) -> ClientInput:
    base = ClientInput(
        given_name="Олена",
        family_name="Коваль",
        given_name_latin="Olena",
        family_name_latin="Koval",
        languages=["uk", "ru", "en"],
        immigration_category=ImmigrationCategory.CUAET,
        phone="(613) 555-0142",
        date_of_birth=date(1988, 4, 12),
        identifiers=[(IdentifierKind.UCI, "12345678")],
    )
    for k, v in kw.items():
        setattr(base, k, v)
    return base


def test_create_and_read_back(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, _olena(assigned_worker_id=actor))
    db.commit()
    p = clients.get_client(db, c.id)
    assert p is not None
    assert (p.given_name, p.family_name_latin) == ("Олена", "Koval")
    assert p.languages == ("uk", "ru", "en")
    assert p.phone == "+16135550142"
    assert p.dob_precision == DobPrecision.FULL
    assert [(i.kind, i.value) for i in p.identifiers] == [(IdentifierKind.UCI, "1234-5678")]
    assert p.created_at.utcoffset() == timedelta(0)
    ev = db.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "clients")).one()
    fields = json.loads(ev.fields)
    assert {"given_name", "phone", "languages", "identifiers"} <= set(fields)
    assert "Олена" not in ev.fields and "5550142" not in ev.fields


def test_keyword_fields_work_too(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, given_name="Ana", family_name="García")
    assert c.sort_name == "garcia ana"


@pytest.mark.parametrize(
    "field,value",
    [
        ("phone", "12"),
        ("email", "not-an-email"),
        ("postal_code", "12345"),
        ("province", "XX"),
        ("country_of_birth", "Syria"),
        ("languages", ["arabic"]),
        ("given_name_latin", "Олена"),
        ("immigration_category", "tourist"),
        ("date_of_birth", date.today() + timedelta(days=2)),
        ("arrival_date", "2024-02-30"),
        ("given_name", "bad\x07name"),
        ("assigned_worker_id", 999),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    db: Session, actor: int, field: str, value: object
) -> None:
    before = audit.chain_head(db)
    with pytest.raises(ValidationError) as err:
        clients.create_client(db, actor, _olena(**{field: value}))
    assert err.value.field == field
    assert clients.count_clients(db) == 0
    assert audit.chain_head(db) == before


def test_bad_uci_names_the_field(db: Session, actor: int) -> None:
    with pytest.raises(ValidationError) as err:
        clients.create_client(db, actor, _olena(identifiers=[("uci", "12-34")]))
    assert err.value.field == "uci"


def test_a_name_is_required(db: Session, actor: int) -> None:
    with pytest.raises(ValidationError) as err:
        clients.create_client(db, actor, ClientInput(family_name="Koval"))
    assert err.value.field == "given_name"
    c = clients.create_client(db, actor, ClientInput(given_name_latin="Olena"))
    with pytest.raises(ValidationError):
        clients.update_client(db, actor, c.id, given_name_latin="")


def test_dob_precision_truncates(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, _olena(date_of_birth=date(1990, 7, 23), dob_precision="year"))
    assert c.date_of_birth == date(1990, 1, 1) and c.dob_precision == DobPrecision.YEAR
    d = clients.create_client(db, actor, _olena(date_of_birth=date(1990, 7, 23)))
    assert clients.update_client(db, actor, d.id, dob_precision="year_month") == [
        "date_of_birth",
        "dob_precision",
    ]
    assert d.date_of_birth == date(1990, 7, 1)
    assert clients.update_client(db, actor, d.id, date_of_birth=date(1991, 2, 3)) == ["date_of_birth"]
    assert d.date_of_birth == date(1991, 2, 1)  # the precision stays


def test_update_tracks_changed_fields_only(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, _olena())
    db.commit()
    changed = clients.update_client(
        db, actor, c.id, given_name="Олена", city="Ottawa", languages=["uk", "en"]
    )
    assert sorted(changed) == ["city", "languages"]
    db.commit()
    assert clients.update_client(db, actor, c.id, city="Ottawa") == []
    hist = audit.client_history(db, c.id)
    assert [e.action for e in hist] == ["update", "create"]
    assert hist[0].fields == ("city", "languages")
    assert clients.get_client(db, c.id).languages == ("uk", "en")  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as err:
        clients.update_client(db, actor, c.id, favourite_colour="blue")
    assert err.value.field == "favourite_colour"
    assert audit.verify_chain(db) is None


def test_rename_updates_search(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, _olena())
    db.commit()
    clients.update_client(db, actor, c.id, family_name_latin="Kovalenko", family_name="Коваленко")
    db.commit()
    assert [r.id for r in clients.search_clients(db, "kovalenko")] == [c.id]
    assert clients.search_clients(db, "koval ") == [] or all(
        r.family_name_latin == "Kovalenko" for r in clients.search_clients(db, "koval")
    )


def test_identifiers_add_remove(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, _olena(identifiers=[]))
    ident = clients.add_identifier(db, actor, c.id, "imm5292", "e000 123 456")
    assert clients.get_client(db, c.id).identifiers[0].value == "E000 123 456"  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        clients.add_identifier(db, actor, c.id, "imm5292", "E000 123 456")
    assert [r.id for r in clients.search_clients(db, "E000123456")] == [c.id]
    clients.remove_identifier(db, actor, ident)
    assert clients.search_clients(db, "E000123456") == []


def _many(db: Session, actor: int, other: int) -> list[int]:
    today = date(2026, 3, 10)
    specs = [
        ("Ana", "García", "es", actor, today, FileStatus.ACTIVE),
        ("Zoe", "Adams", "en", other, today - timedelta(days=3), FileStatus.ACTIVE),
        ("Omar", "Haddad", "ar", actor, None, FileStatus.ACTIVE),
        ("Lin", "Zhang", "zh", actor, today + timedelta(days=5), FileStatus.CLOSED),
        ("Émile", "Bâtard", "fr", other, today - timedelta(days=1), FileStatus.WAITLIST),
        ("Merged", "Away", "ar", actor, None, FileStatus.MERGED),
    ]
    ids = []
    for given, family, lang, worker, follow, status in specs:
        ids.append(
            clients.create_client(
                db,
                actor,
                ClientInput(
                    given_name=given,
                    family_name=family,
                    languages=[lang],
                    assigned_worker_id=worker,
                    next_follow_up=follow,
                    file_status=status,
                ),
            ).id
        )
    db.commit()
    return ids


def test_list_filters_orders_and_counts(db: Session, actor: int, supervisor_id: int) -> None:
    _many(db, actor, supervisor_id)
    today = date(2026, 3, 10)
    names = lambda rows: [r.given_name for r in rows]  # noqa: E731
    assert names(clients.list_clients(db)) == ["Zoe", "Émile", "Ana", "Omar", "Lin"]  # merged hidden
    assert clients.count_clients(db) == 5
    assert names(clients.list_clients(db, descending=True)) == ["Lin", "Omar", "Ana", "Émile", "Zoe"]
    mine = ClientFilter(assigned_to=actor)
    assert names(clients.list_clients(db, mine)) == ["Ana", "Omar", "Lin"]
    assert clients.count_clients(db, mine) == 3
    due = ClientFilter(follow_up="due_or_overdue", today=today)
    assert names(clients.list_clients(db, due, order="next_follow_up")) == ["Zoe", "Émile", "Ana"]
    assert names(clients.list_clients(db, ClientFilter(follow_up="overdue", today=today))) == ["Zoe", "Émile"]
    assert names(clients.list_clients(db, ClientFilter(follow_up="due", today=today))) == ["Ana"]
    assert names(clients.list_clients(db, ClientFilter(language="ar"))) == ["Omar"]
    assert names(clients.list_clients(db, ClientFilter(statuses=(FileStatus.MERGED,)))) == ["Merged"]
    # nulls last, in both directions; paging across the dated/undated boundary
    by_follow = names(clients.list_clients(db, order="next_follow_up"))
    assert by_follow == ["Zoe", "Émile", "Ana", "Lin", "Omar"]
    assert names(clients.list_clients(db, order="next_follow_up", descending=True)) == [
        "Lin",
        "Ana",
        "Émile",
        "Zoe",
        "Omar",
    ]
    paged = []
    for off in range(0, 5, 2):
        paged += names(clients.list_clients(db, order="next_follow_up", offset=off, limit=2))
    assert paged == by_follow
    with pytest.raises(ValidationError):
        clients.list_clients(db, order="given_name; drop table clients")  # type: ignore[arg-type]


def test_summary_has_both_scripts(db: Session, actor: int) -> None:
    c = clients.create_client(db, actor, _olena())
    (row,) = clients.list_clients(db)
    assert row.id == c.id and row.name == "Олена Коваль" and row.latin_name == "Olena Koval"
    assert row.languages == ("uk", "ru", "en") and row.immigration_category == ImmigrationCategory.CUAET


def test_bulk_create_matches_single_create(db: Session, actor: int) -> None:
    before = audit.chain_head(db)[0]
    ids = clients.bulk_create_clients(
        db, actor, [_olena(), _olena(given_name="Ірина", given_name_latin="Iryna")]
    )
    db.commit()
    assert len(ids) == 2
    assert [r.id for r in clients.search_clients(db, "ірин")] == [ids[1]]
    assert [r.id for r in clients.search_clients(db, "1234-5678")] == ids
    assert clients.get_client(db, ids[0]).languages == ("uk", "ru", "en")  # type: ignore[union-attr]
    assert audit.verify_chain(db) is None
    assert audit.chain_head(db)[0] == before + 2  # one event per client


def test_volunteers_see_what_they_registered(db: Session, actor: int) -> None:
    from caseworker.core.domain import Role
    from caseworker.store.repos import users

    volunteer = users.create_user(db, "vol", Role.VOLUNTEER).id
    mine = clients.create_client(db, volunteer, ClientInput(given_name="Tsega")).id
    clients.create_client(db, actor, ClientInput(given_name="Tsegay"))
    db.commit()
    assert [r.id for r in clients.list_clients(db, ClientFilter(created_by=volunteer))] == [mine]
    assert clients.count_clients(db, ClientFilter(created_by=volunteer)) == 1
    assert [r.id for r in clients.search_clients(db, "tseg", created_by=volunteer)] == [mine]
    assert len(clients.search_clients(db, "tseg")) == 2
