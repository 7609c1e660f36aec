"""Households, consents, needs-and-assets, services: validation naming the field, audit events per write."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import NeedDomain, Relationship
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import AuditEvent, ConsentScope, ServiceChannel, ServiceType
from caseworker.store.repos import assessments, clients, consents, households, services
from caseworker.store.repos.assessments import ItemInput
from caseworker.store.repos.clients import ClientInput
from tests.store.schema_fixtures import *  # noqa: F403


@pytest.fixture
def family(db: Session, actor: int) -> tuple[int, int, int]:
    ids = tuple(
        clients.create_client(db, actor, ClientInput(given_name=g, family_name="Haddad")).id
        for g in ("Omar", "Rana", "Sami")
    )
    db.commit()
    return ids  # type: ignore[return-value]


def test_household_links_clients(db: Session, actor: int, family: tuple[int, int, int]) -> None:
    omar, rana, sami = family
    hh = households.create_household(db, actor, omar, "Haddad family")
    households.add_member(db, actor, hh, rana, Relationship.SPOUSE)
    households.add_member(db, actor, hh, sami, "child")
    db.commit()
    info = households.household_of(db, sami)
    assert info is not None and info.label == "Haddad family"
    assert [(m.name, m.relation, m.is_principal) for m in info.members] == [
        ("Omar Haddad", None, True),
        ("Rana Haddad", Relationship.SPOUSE, False),
        ("Sami Haddad", Relationship.CHILD, False),
    ]
    with pytest.raises(ValidationError) as err:
        households.add_member(db, actor, hh, rana, "spouse")
    assert err.value.field == "household"
    with pytest.raises(ValidationError) as err:
        households.remove_member(db, actor, omar)
    assert err.value.field == "household"
    households.set_principal(db, actor, rana)
    households.remove_member(db, actor, omar)
    info = households.household_of(db, rana)
    assert info is not None and [m.is_principal for m in info.members] == [True, False]
    assert households.household_of(db, omar) is None
    assert {e.entity for e in audit.client_history(db, sami)} == {"household_members", "clients"}
    assert audit.verify_chain(db) is None


def test_consent_lifecycle(db: Session, actor: int, family: tuple[int, int, int]) -> None:
    omar = family[0]
    given = datetime.now(UTC) - timedelta(days=10)
    cid = consents.give_consent(
        db, actor, omar, "privacy_statement", "verbal", "ar", given_at=given, notice_version="2026-01"
    )
    sid = consents.give_consent(
        db, actor, omar, ConsentScope.SHARING, "written", "ar", recipient="Downtown Legal Clinic"
    )
    today = datetime.now(UTC).date()
    assert consents.has_active_consent(db, omar, "sharing", recipient="downtown legal clinic")
    assert not consents.has_active_consent(db, omar, "research")
    consents.expire_consent(db, actor, cid, today - timedelta(days=1))
    consents.revoke_consent(db, actor, sid)
    states = {c.id: c.state(today) for c in consents.consents_of(db, omar)}
    assert states == {cid: "expired", sid: "revoked"}
    with pytest.raises(ValidationError) as err:
        consents.revoke_consent(db, actor, sid)
    assert err.value.field == "revoked_at"
    actions = [e.action for e in audit.client_history(db, omar) if e.entity == "consents"]
    assert actions == ["revoke", "expire", "give", "give"]


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"scope": "sharing"}, "recipient"),
        ({"scope": "marketing"}, "scope"),
        ({"method": "telepathy"}, "method"),
        ({"language": "Arabic"}, "language"),
        ({"given_at": datetime(2030, 1, 1, tzinfo=UTC)}, "given_at"),
        ({"given_at": datetime(2024, 1, 1)}, "given_at"),  # naive
        ({"expires_on": date(2000, 1, 1)}, "expires_on"),
    ],
)
def test_consent_validation(
    db: Session, actor: int, family: tuple[int, int, int], kwargs: dict[str, object], field: str
) -> None:
    args: dict[str, object] = {"scope": "research", "method": "written", "language": "ar"}
    args.update(kwargs)
    with pytest.raises(ValidationError) as err:
        consents.give_consent(db, actor, family[0], **args)  # type: ignore[arg-type]
    assert err.value.field == field


def test_assessment_items(db: Session, actor: int, family: tuple[int, int, int]) -> None:
    omar = family[0]
    aid = assessments.record_assessment(
        db,
        actor,
        omar,
        date.today(),
        [
            ItemInput(NeedDomain.HOUSING, "need", "high", "overcrowded"),
            ItemInput("language", "asset", None, "fluent English"),
        ],
    )
    item = assessments.add_item(db, actor, aid, ItemInput("employment", "need", "medium"))
    assert assessments.update_item(db, actor, item, ItemInput("employment", "need", "low")) == ["priority"]
    (a,) = assessments.assessments_of(db, omar)
    assert [(i.domain, i.kind, i.priority) for i in a.items] == [
        (NeedDomain.HOUSING, "need", "high"),
        (NeedDomain.LANGUAGE, "asset", None),
        (NeedDomain.EMPLOYMENT, "need", "low"),
    ]
    assessments.remove_item(db, actor, item)
    assert len(assessments.assessments_of(db, omar)[0].items) == 2
    with pytest.raises(ValidationError) as err:
        assessments.record_assessment(db, actor, omar, date.today(), [ItemInput("astrology")])
    assert err.value.field == "domain"
    with pytest.raises(ValidationError) as err:
        assessments.add_item(db, actor, aid, ItemInput("health", "asset", "high"))
    assert err.value.field == "priority"


def test_services_move_last_contact(db: Session, actor: int, family: tuple[int, int, int]) -> None:
    omar = family[0]
    day = date.today() - timedelta(days=3)
    sid = services.record_service(
        db, actor, omar, ServiceType.INFORMATION_ORIENTATION, ServiceChannel.PHONE, 45, day, funder="IRCC"
    )
    assert clients.get_client(db, omar).last_contact == day  # type: ignore[union-attr]
    services.record_service(db, actor, omar, "employment", "in_person", 30, day - timedelta(days=5))
    assert clients.get_client(db, omar).last_contact == day  # type: ignore[union-attr]  # never moves back
    assert services.update_service(db, actor, sid, minutes=60) == ["minutes"]
    rows = services.services_of(db, omar)
    assert [r.minutes for r in rows] == [60, 30]
    for kwargs, field in [
        ({"minutes": -5}, "minutes"),
        ({"channel": "pigeon"}, "channel"),
        ({"delivered_on": date.today() + timedelta(days=1)}, "delivered_on"),
        ({"service_type": "magic"}, "service_type"),
    ]:
        args: dict[str, object] = {
            "service_type": "employment",
            "channel": "video",
            "minutes": 10,
            "delivered_on": day,
        }
        args.update(kwargs)
        with pytest.raises(ValidationError) as err:
            services.record_service(db, actor, omar, **args)  # type: ignore[arg-type]
        assert err.value.field == field


def test_every_write_is_audited_without_values(db: Session, actor: int, family: tuple[int, int, int]) -> None:
    omar = family[0]
    consents.give_consent(db, actor, omar, "sharing", "written", "ar", recipient="Secret Clinic Name")
    services.record_service(
        db, actor, omar, "employment", "phone", 5, date.today(), note="very private words"
    )
    db.commit()
    blob = json.dumps([(e.entity, e.fields) for e in db.scalars(sa.select(AuditEvent))])
    assert "Secret" not in blob and "private words" not in blob
    assert audit.verify_chain(db) is None
