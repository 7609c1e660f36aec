"""Service records: what was delivered, how (channel), for how long, for which funder, on which day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.errors import ValidationError
from caseworker.store.models import Client, ServiceChannel, ServiceRecord, ServiceType
from caseworker.store.repos import _common as v
from caseworker.store.repos.clients import touch_contact

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    client_id: int
    service_type: ServiceType
    channel: ServiceChannel
    minutes: int
    funder: str
    delivered_on: date
    provider_id: int | None
    note: str


def _info(s: ServiceRecord) -> ServiceInfo:
    return ServiceInfo(
        s.id,
        s.client_id,
        s.service_type,
        s.channel,
        s.minutes,
        s.funder,
        s.delivered_on,
        s.provider_id,
        s.note,
    )


def _values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, val in values.items():
        if key == "service_type":
            out[key] = v.required_vocab(key, ServiceType, val)
        elif key == "channel":
            out[key] = v.required_vocab(key, ServiceChannel, val)
        elif key == "minutes":
            out[key] = v.integer(key, val, minimum=0, maximum=MAX_MINUTES)
        elif key == "funder":
            out[key] = v.line(key, val, max_len=100)
        elif key == "delivered_on":
            day = v.a_date(key, val, optional=False)
            assert day is not None
            if day > v.now().date():
                raise ValidationError(key, "cannot be in the future")
            out[key] = day
        elif key == "note":
            out[key] = v.free_text(key, val, max_len=4000)
        else:
            raise ValidationError(key, "is not a service field")
    return out


def record_service(
    session: Session,
    actor_id: int,
    client_id: int,
    service_type: ServiceType | str,
    channel: ServiceChannel | str,
    minutes: int,
    delivered_on: date,
    *,
    funder: str = "",
    note: str = "",
) -> int:
    """Record a service; the client's last contact moves forward to its day."""
    v.get_or_fail(session, Client, client_id, "client_id")
    values = _values(
        {
            "service_type": service_type,
            "channel": channel,
            "minutes": minutes,
            "delivered_on": delivered_on,
            "funder": funder,
            "note": note,
        }
    )
    row = ServiceRecord(client_id=client_id, provider_id=actor_id, created_at=v.now(), **values)
    new_id = v.created(session, actor_id, row, "services", client_id, v.filled(values))
    touch_contact(session, actor_id, client_id, values["delivered_on"])
    return new_id


def update_service(session: Session, actor_id: int, service_id: int, **changes: Any) -> list[str]:
    row = v.get_or_fail(session, ServiceRecord, service_id, "service_id")
    return v.update_audited(session, actor_id, row, "services", row.client_id, _values(changes))


def services_of(session: Session, client_id: int, *, limit: int = 500) -> list[ServiceInfo]:
    """A client's services, most recent first."""
    stmt = (
        sa.select(ServiceRecord)
        .where(ServiceRecord.client_id == client_id)
        .order_by(ServiceRecord.delivered_on.desc(), ServiceRecord.id.desc())
        .limit(limit)
    )
    return [_info(s) for s in session.scalars(stmt)]
