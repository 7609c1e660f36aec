"""Households: clients linked together, each with their relationship to the principal member."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import Relationship
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import AuditAction, Client, Household, HouseholdMember
from caseworker.store.repos import _common as v
from caseworker.store.repos.clients import summaries


@dataclass(frozen=True)
class MemberInfo:
    client_id: int
    relation: Relationship | None
    is_principal: bool
    name: str  # as the person writes it
    latin_name: str


@dataclass(frozen=True)
class HouseholdInfo:
    id: int
    label: str
    members: tuple[MemberInfo, ...]  # principal first


def _membership(session: Session, client_id: int) -> HouseholdMember | None:
    return session.scalars(sa.select(HouseholdMember).where(HouseholdMember.client_id == client_id)).first()


def create_household(session: Session, actor_id: int, principal_client_id: int, label: str = "") -> int:
    """A new household with ``principal_client_id`` as its principal member."""
    v.get_or_fail(session, Client, principal_client_id, "client_id")
    if _membership(session, principal_client_id) is not None:
        raise ValidationError("household", "this client is already in a household")
    household = Household(label=v.line("label", label), created_at=v.now())
    session.add(household)
    session.flush()
    audit.record(
        session,
        actor_id,
        "households",
        household.id,
        AuditAction.CREATE,
        v.filled({"label": label}),
        client_id=principal_client_id,
    )
    member = HouseholdMember(household_id=household.id, client_id=principal_client_id, is_principal=True)
    v.created(
        session, actor_id, member, "household_members", principal_client_id, ["household_id", "is_principal"]
    )
    return household.id


def add_member(
    session: Session, actor_id: int, household_id: int, client_id: int, relation: Relationship | str | None
) -> int:
    v.get_or_fail(session, Household, household_id, "household_id")
    v.get_or_fail(session, Client, client_id, "client_id")
    if _membership(session, client_id) is not None:
        raise ValidationError("household", "this client is already in a household")
    rel = v.vocab("relationship", Relationship, relation, optional=True)
    member = HouseholdMember(household_id=household_id, client_id=client_id, relation=rel, is_principal=False)
    return v.created(
        session,
        actor_id,
        member,
        "household_members",
        client_id,
        v.filled({"household_id": household_id, "relationship": rel}),
    )


def set_relation(
    session: Session, actor_id: int, client_id: int, relation: Relationship | str | None
) -> list[str]:
    member = _membership(session, client_id)
    if member is None:
        raise ValidationError("household", "this client is not in a household")
    rel = v.vocab("relationship", Relationship, relation, optional=True)
    return v.update_audited(session, actor_id, member, "household_members", client_id, {"relation": rel})


def remove_member(session: Session, actor_id: int, client_id: int) -> None:
    """Take a client out of their household (a principal can leave only when alone)."""
    member = _membership(session, client_id)
    if member is None:
        return
    others = session.scalars(
        sa.select(HouseholdMember).where(
            HouseholdMember.household_id == member.household_id, HouseholdMember.client_id != client_id
        )
    ).all()
    if member.is_principal and others:
        raise ValidationError("household", "choose another principal member before removing this one")
    member_id = member.id
    session.delete(member)
    session.flush()
    audit.record(
        session, actor_id, "household_members", member_id, AuditAction.DELETE, [], client_id=client_id
    )


def set_principal(session: Session, actor_id: int, client_id: int) -> None:
    member = _membership(session, client_id)
    if member is None:
        raise ValidationError("household", "this client is not in a household")
    for other in session.scalars(
        sa.select(HouseholdMember).where(HouseholdMember.household_id == member.household_id)
    ):
        v.update_audited(
            session,
            actor_id,
            other,
            "household_members",
            other.client_id,
            {"is_principal": other.client_id == client_id},
        )


def household_of(session: Session, client_id: int) -> HouseholdInfo | None:
    member = _membership(session, client_id)
    if member is None:
        return None
    household = session.get(Household, member.household_id)
    assert household is not None
    rows = session.scalars(
        sa.select(HouseholdMember)
        .where(HouseholdMember.household_id == household.id)
        .order_by(HouseholdMember.is_principal.desc(), HouseholdMember.id)
    ).all()
    names = {s.id: s for s in summaries(session, [r.client_id for r in rows])}
    return HouseholdInfo(
        id=household.id,
        label=household.label,
        members=tuple(
            MemberInfo(
                r.client_id,
                r.relation,
                r.is_principal,
                names[r.client_id].name,
                names[r.client_id].latin_name,
            )
            for r in rows
            if r.client_id in names
        ),
    )
