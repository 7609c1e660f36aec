"""Needs-and-assets assessments: on a date, a list of items (domain, need or asset, priority)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import NeedDomain
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import (
    Assessment,
    AssessmentItem,
    AssessmentItemKind,
    AuditAction,
    Client,
    Priority,
)
from caseworker.store.repos import _common as v


@dataclass(frozen=True)
class ItemInput:
    domain: NeedDomain | str
    kind: AssessmentItemKind | str = AssessmentItemKind.NEED
    priority: Priority | str | None = None
    description: str = ""


@dataclass(frozen=True)
class ItemInfo:
    id: int
    domain: NeedDomain
    kind: AssessmentItemKind
    priority: Priority | None
    description: str


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    client_id: int
    assessed_on: date
    assessor_id: int | None
    summary: str
    items: tuple[ItemInfo, ...]


def _item_values(item: ItemInput) -> dict[str, object]:
    kind = v.required_vocab("kind", AssessmentItemKind, item.kind)
    priority = v.vocab("priority", Priority, item.priority, optional=True)
    if kind == AssessmentItemKind.ASSET and priority is not None:
        raise ValidationError("priority", "an asset has no priority")
    return {
        "domain": v.required_vocab("domain", NeedDomain, item.domain),
        "kind": kind,
        "priority": priority,
        "description": v.free_text("description", item.description, max_len=4000),
    }


def record_assessment(
    session: Session,
    actor_id: int,
    client_id: int,
    assessed_on: date,
    items: list[ItemInput],
    summary: str = "",
) -> int:
    v.get_or_fail(session, Client, client_id, "client_id")
    day = v.a_date("assessed_on", assessed_on, optional=False)
    assert day is not None
    if day > v.now().date():
        raise ValidationError("assessed_on", "cannot be in the future")
    values = [_item_values(i) for i in items]
    row = Assessment(
        client_id=client_id,
        assessed_on=day,
        assessor_id=actor_id,
        summary=v.free_text("summary", summary, max_len=4000),
        created_at=v.now(),
    )
    row.items = [AssessmentItem(**val) for val in values]
    session.add(row)
    session.flush()
    fields = ["assessed_on", "items"] + (["summary"] if row.summary else [])
    audit.record(session, actor_id, "assessments", row.id, AuditAction.CREATE, fields, client_id=client_id)
    return row.id


def add_item(session: Session, actor_id: int, assessment_id: int, item: ItemInput) -> int:
    assessment = v.get_or_fail(session, Assessment, assessment_id, "assessment_id")
    row = AssessmentItem(**_item_values(item))
    assessment.items.append(row)
    session.flush()
    audit.record(
        session,
        actor_id,
        "assessment_items",
        row.id,
        AuditAction.CREATE,
        ["domain", "kind", "priority", "description"],
        client_id=assessment.client_id,
    )
    return row.id


def update_item(session: Session, actor_id: int, item_id: int, item: ItemInput) -> list[str]:
    row = v.get_or_fail(session, AssessmentItem, item_id, "item_id")
    assessment = v.get_or_fail(session, Assessment, row.assessment_id, "assessment_id")
    return v.update_audited(
        session, actor_id, row, "assessment_items", assessment.client_id, _item_values(item)
    )


def remove_item(session: Session, actor_id: int, item_id: int) -> None:
    row = v.get_or_fail(session, AssessmentItem, item_id, "item_id")
    assessment = v.get_or_fail(session, Assessment, row.assessment_id, "assessment_id")
    assessment.items.remove(row)
    session.flush()
    audit.record(
        session, actor_id, "assessment_items", item_id, AuditAction.DELETE, [], client_id=assessment.client_id
    )


def assessments_of(session: Session, client_id: int) -> list[AssessmentInfo]:
    """Every assessment of a client, newest first."""
    stmt = (
        sa.select(Assessment)
        .where(Assessment.client_id == client_id)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
    )
    return [
        AssessmentInfo(
            id=a.id,
            client_id=a.client_id,
            assessed_on=a.assessed_on,
            assessor_id=a.assessor_id,
            summary=a.summary,
            items=tuple(ItemInfo(i.id, i.domain, i.kind, i.priority, i.description) for i in a.items),
        )
        for a in session.scalars(stmt)
    ]
