"""Devices: one-time enrolment codes, bearer tokens stored only as SHA-256 hashes, revocation.

Agency IT creates an enrolment code with the admin CLI (shown once, stored hashed, valid for a few
days, usable once). A desktop trades it for a device token: 256 random bits, so a plain SHA-256 is
enough to store it (no password stretching needed for a secret nobody chose). Revoking a device
takes effect on its next request: every request looks the token up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from caseworker.server import ids
from caseworker.server.db import get_session
from caseworker.server.errors import DeviceRevoked, EnrolmentRefused, Unauthorized, UnknownAgency
from caseworker.server.models import Agency, Device, EnrolmentCode

LAST_SEEN_RESOLUTION_MS = 60_000  # write last_seen_at at most once a minute per device


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: int
    agency_id: int
    agency_slug: str
    agency_name: str
    name: str


def agency_by_slug(session: Session, slug: str) -> Agency:
    agency = session.execute(select(Agency).where(Agency.slug == slug)).scalar_one_or_none()
    if agency is None:
        raise UnknownAgency()
    return agency


def create_enrolment_code(session: Session, agency_id: int, *, label: str, now_ms: int, hours: int) -> str:
    """A new one-time code for ``agency_id``; returns the code (shown once). Caller commits."""
    code = ids.new_enrolment_code()
    session.add(
        EnrolmentCode(
            agency_id=agency_id,
            code_hash=ids.code_hash(code),
            label=label[:100],
            created_at=now_ms,
            expires_at=now_ms + hours * 3_600_000,
        )
    )
    return code


def enrol(session: Session, code: str, device_name: str, *, now_ms: int) -> tuple[DeviceIdentity, str]:
    """Trade a one-time code for a device token. The code is spent atomically (one winner). Commits."""
    used = session.execute(
        update(EnrolmentCode)
        .where(
            EnrolmentCode.code_hash == ids.code_hash(code),
            EnrolmentCode.used_at.is_(None),
            EnrolmentCode.expires_at > now_ms,
        )
        .values(used_at=now_ms)
        .returning(EnrolmentCode.id, EnrolmentCode.agency_id)
    ).first()
    if used is None:
        session.rollback()
        raise EnrolmentRefused()
    token = ids.new_device_token()
    device = Device(
        agency_id=used.agency_id,
        name=device_name[:100],
        token_hash=ids.token_hash(token),
        created_at=now_ms,
        last_seen_at=now_ms,
    )
    session.add(device)
    session.flush()
    session.execute(update(EnrolmentCode).where(EnrolmentCode.id == used.id).values(device_id=device.id))
    agency = session.get_one(Agency, used.agency_id)
    identity = DeviceIdentity(device.id, agency.id, agency.slug, agency.name, device.name)
    session.commit()
    return identity, token


def authenticate(session: Session, token: str, *, now_ms: int) -> DeviceIdentity:
    """The device holding ``token``, or :class:`Unauthorized` / :class:`DeviceRevoked`.

    Ends its transaction before returning: FastAPI runs this dependency and the endpoint in
    different pool threads, and a transaction (on SQLite: the write lock) held across that hop
    deadlocks once every pool thread is waiting for the lock its holder needs a thread to release.
    """
    if not token or len(token) > 200:
        raise Unauthorized()
    row = session.execute(
        select(
            Device.id,
            Device.name,
            Device.revoked_at,
            Device.last_seen_at,
            Agency.id.label("agency_id"),
            Agency.slug,
            Agency.name.label("agency_name"),
        )
        .join(Agency, Agency.id == Device.agency_id)
        .where(Device.token_hash == ids.token_hash(token))
    ).first()
    if row is None or row.revoked_at is not None:
        session.rollback()
        raise Unauthorized() if row is None else DeviceRevoked()
    if row.last_seen_at is None or now_ms - row.last_seen_at > LAST_SEEN_RESOLUTION_MS:
        session.execute(update(Device).where(Device.id == row.id).values(last_seen_at=now_ms))
    session.commit()
    return DeviceIdentity(row.id, row.agency_id, row.slug, row.agency_name, row.name)


def revoke(session: Session, device_id: int, *, now_ms: int) -> bool:
    """Revoke a device; False if there is no such device. Commits."""
    done = session.execute(
        update(Device)
        .where(Device.id == device_id, Device.revoked_at.is_(None))
        .values(revoked_at=now_ms)
        .returning(Device.id)
    ).first()
    exists = done is not None or session.get(Device, device_id) is not None
    session.commit()
    return exists


_bearer = HTTPBearer(auto_error=False, description="Device token from POST /api/v1/enrol")


def current_device(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceIdentity:
    """FastAPI dependency: the enrolled, unrevoked device making this request."""
    from caseworker.server.clock import now_ms

    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    return authenticate(session, credentials.credentials, now_ms=now_ms(request.app.state.ctx.clock))
