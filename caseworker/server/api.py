"""The agency queue API under ``/api/v1`` (JSON, bearer device tokens).

Strict at the edge: request bodies are parsed with ``loads_strict`` (NaN, Infinity and duplicate
keys refused) and validated by pydantic models that forbid unknown fields; texts are NFC-normalised
and control characters refused. Error bodies are ``{"error": code, "message": ..., "hint": ...}``
with stable codes (``lease_lost``, ``device_revoked``...) that the desktop client maps to typed errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.core import text as text_rules
from caseworker.core.domain import IntakeOutcome
from caseworker.intake.schema import IntakeSubmission, QueueMetadata, StrictJSONError, loads_strict
from caseworker.server import intake_store, queue
from caseworker.server.app import client_address, context
from caseworker.server.auth import DeviceIdentity, current_device, enrol
from caseworker.server.clock import iso, now_ms
from caseworker.server.db import get_session
from caseworker.server.errors import ServerError
from caseworker.server.models import Agency


class StrictRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = loads_strict(body)
            except StrictJSONError as exc:
                raise json.JSONDecodeError(str(exc), body.decode("utf-8", "replace")[:0], 0) from exc
        return self._json


class StrictRoute(APIRoute):
    """Routes whose JSON bodies go through :func:`loads_strict` instead of ``json.loads``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            return await original(StrictRequest(request.scope, request.receive))

        return handler


class RateLimited(ServerError):
    status = 429
    code = "rate_limited"
    message = "Too many attempts from this address. Wait a minute and try again."


def _clean_line(value: str) -> str:
    return " ".join(text_rules.clean_text(value, multiline=False).split())


def _clean_free(value: str) -> str:
    return text_rules.clean_text(value, multiline=True)


ShortText = Annotated[str, Field(max_length=100), AfterValidator(_clean_line)]
Note = Annotated[str, Field(max_length=2000), AfterValidator(_clean_free)]
Fence = Annotated[int, Field(ge=1, le=2**31 - 1)]
LeaseSeconds = Annotated[int, Field(ge=1, le=24 * 3600)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrolRequest(_In):
    code: Annotated[str, Field(min_length=4, max_length=40)]
    device_name: Annotated[ShortText, Field(min_length=1)]


class AgencyOut(_Out):
    slug: str
    name: str


class DeviceOut(_Out):
    device_id: int
    name: str
    agency: AgencyOut


class EnrolResponse(DeviceOut):
    token: str = Field(description="Bearer token for every other call; shown once, stored hashed")


class QueueEntryOut(_Out):
    item_id: UUID
    queue: Literal["agency", "unrouted"]
    received_at: datetime
    age_seconds: int
    leased: bool
    metadata: QueueMetadata


class QueueOut(_Out):
    items: list[QueueEntryOut]


class ClaimRequest(_In):
    max_items: Annotated[int, Field(ge=1, le=100)] = 1
    lease_seconds: LeaseSeconds | None = None


class ReferralOut(_Out):
    at: datetime
    from_agency: str | None
    to_agency: str | None
    note: str


class ClaimedItemOut(_Out):
    item_id: UUID
    fence: int
    lease_expires_at: datetime
    reference: str
    queue: Literal["agency", "unrouted"]
    referrals: list[ReferralOut]
    submission: IntakeSubmission


class ClaimOut(_Out):
    items: list[ClaimedItemOut]


class RenewRequest(_In):
    fence: Fence
    lease_seconds: LeaseSeconds | None = None


class LeaseOut(_Out):
    item_id: UUID
    fence: int
    lease_expires_at: datetime


class AckRequest(_In):
    fence: Fence
    outcome: IntakeOutcome
    reason: Note = ""


class AckOut(_Out):
    item_id: UUID
    outcome: IntakeOutcome
    result: Literal["acked", "already_acked"]


class BatchAckItem(AckRequest):
    item_id: UUID


class BatchAckRequest(_In):
    acks: Annotated[list[BatchAckItem], Field(min_length=1, max_length=100)]


class BatchAckResult(_Out):
    item_id: UUID
    result: Literal["acked", "already_acked", "lease_lost", "not_found"]


class BatchAckOut(_Out):
    results: list[BatchAckResult]


class ReleaseRequest(_In):
    fence: Fence


class ReferRequest(_In):
    fence: Fence
    to_agency: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    note: Note = ""


class ReferOut(_Out):
    item_id: UUID
    to_agency: str


class PushOut(_Out):
    submission_id: UUID
    reference: str
    secret: str


class ErrorOut(_Out):
    error: str
    message: str
    hint: str = ""


_errors: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "unknown or revoked device"},
}
_lease_errors: dict[int | str, dict[str, Any]] = {
    **_errors,
    404: {"model": ErrorOut, "description": "no such item"},
    409: {"model": ErrorOut, "description": "lease lost: stale fence, expired lease or another holder"},
}

router = APIRouter(route_class=StrictRoute, tags=["agency"])

SessionDep = Annotated[Session, Depends(get_session)]
DeviceDep = Annotated[DeviceIdentity, Depends(current_device)]


def _lease_ms(request: Request, seconds: int | None) -> int:
    settings = context(request).settings
    chosen = settings.lease_seconds if seconds is None else seconds
    return min(chosen, settings.max_lease_seconds) * 1000


def _now(request: Request) -> int:
    return now_ms(context(request).clock)


@router.post(
    "/enrol",
    response_model=EnrolResponse,
    responses={403: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def enrol_device(body: EnrolRequest, request: Request, session: SessionDep) -> EnrolResponse:
    """Trade a one-time code (``caseworker-server admin create-enrolment-code``) for a device token."""
    if not context(request).limits.hit("enrol", client_address(request)):
        raise RateLimited()
    identity, token = enrol(session, body.code, body.device_name, now_ms=_now(request))
    return EnrolResponse(
        device_id=identity.device_id,
        name=identity.name,
        agency=AgencyOut(slug=identity.agency_slug, name=identity.agency_name),
        token=token,
    )


@router.get("/device", response_model=DeviceOut, responses=_errors)
def whoami(device: DeviceDep, session: SessionDep) -> DeviceOut:
    """The device this token belongs to (a cheap way to check a token is still valid)."""
    session.commit()  # last_seen_at
    return DeviceOut(
        device_id=device.device_id,
        name=device.name,
        agency=AgencyOut(slug=device.agency_slug, name=device.agency_name),
    )


@router.get("/agencies", response_model=list[AgencyOut], responses=_errors)
def agencies(device: DeviceDep, session: SessionDep) -> list[AgencyOut]:
    """Agencies an item can be referred to."""
    rows = session.execute(select(Agency.slug, Agency.name).order_by(Agency.name)).all()
    session.commit()
    return [AgencyOut(slug=r.slug, name=r.name) for r in rows]


@router.get("/queue", response_model=QueueOut, responses=_errors)
def list_queue(
    request: Request,
    device: DeviceDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    include_leased: bool = False,
) -> QueueOut:
    """The agency's queue and the shared unrouted queue, oldest first: metadata only, nothing personal."""
    now = _now(request)
    session.commit()
    entries = queue.list_queue(
        session, device.agency_id, now_ms=now, limit=limit, include_leased=include_leased
    )
    return QueueOut(
        items=[
            QueueEntryOut(
                item_id=UUID(e.submission_id),
                queue="unrouted" if e.unrouted else "agency",
                received_at=datetime.fromisoformat(iso(e.enqueued_at) or ""),
                age_seconds=max(0, (now - e.enqueued_at) // 1000),
                leased=e.leased,
                metadata=QueueMetadata.model_validate(e.metadata),
            )
            for e in entries
        ]
    )


def _claim_json(items: list[queue.ClaimedItem]) -> bytes:
    # The stored payload is already canonical JSON of a validated IntakeSubmission: splice it in
    # rather than parse and re-validate it on the hot path.
    parts = []
    for i in items:
        head = json.dumps(
            {
                "item_id": i.submission_id,
                "fence": i.fence,
                "lease_expires_at": iso(i.lease_expires_at),
                "reference": i.reference,
                "queue": "unrouted" if i.unrouted else "agency",
                "referrals": [
                    {"at": iso(r.at), "from_agency": r.from_agency, "to_agency": r.to_agency, "note": r.note}
                    for r in i.referrals
                ],
            },
            ensure_ascii=False,
        )
        parts.append(head[:-1] + ',"submission":' + i.payload + "}")
    return ('{"items":[' + ",".join(parts) + "]}").encode()


@router.post("/claims", response_model=ClaimOut, responses=_errors)
def claim(body: ClaimRequest, request: Request, device: DeviceDep, session: SessionDep) -> Response:
    """Lease up to ``max_items`` of the oldest free items; each comes with its fence and lease expiry."""
    n = min(body.max_items, context(request).settings.max_claim)
    items = queue.claim(
        session,
        device,
        n,
        lease_ms=_lease_ms(request, body.lease_seconds),
        now_ms=_now(request),
        retries=context(request).settings.sqlite_lock_retries,
    )
    return Response(_claim_json(items), media_type="application/json")


@router.post("/items/{item_id}/renew", response_model=LeaseOut, responses=_lease_errors)
def renew(
    item_id: UUID, body: RenewRequest, request: Request, device: DeviceDep, session: SessionDep
) -> LeaseOut:
    expires = queue.renew(
        session,
        device,
        str(item_id),
        body.fence,
        lease_ms=_lease_ms(request, body.lease_seconds),
        now_ms=_now(request),
    )
    return LeaseOut(
        item_id=item_id, fence=body.fence, lease_expires_at=datetime.fromisoformat(iso(expires) or "")
    )


@router.post("/items/{item_id}/ack", response_model=AckOut, responses=_lease_errors)
def ack(item_id: UUID, body: AckRequest, request: Request, device: DeviceDep, session: SessionDep) -> AckOut:
    """Close the item: accepted, referred (outside this server) or rejected, with a reason."""
    result = queue.ack(
        session, device, str(item_id), body.fence, body.outcome, body.reason, now_ms=_now(request)
    )
    assert result in ("acked", "already_acked")
    return AckOut(item_id=item_id, outcome=body.outcome, result=result)


@router.post("/acks", response_model=BatchAckOut, responses=_errors)
def ack_many(body: BatchAckRequest, request: Request, device: DeviceDep, session: SessionDep) -> BatchAckOut:
    """Several acks at once; each has its own result, a stale one spoils nothing else."""
    results = queue.ack_many(
        session,
        device,
        [(str(a.item_id), a.fence, a.outcome, a.reason) for a in body.acks],
        now_ms=_now(request),
    )
    return BatchAckOut(
        results=[BatchAckResult(item_id=a.item_id, result=r) for a, r in zip(body.acks, results, strict=True)]
    )


@router.post("/items/{item_id}/release", status_code=204, responses=_lease_errors)
def release(
    item_id: UUID, body: ReleaseRequest, request: Request, device: DeviceDep, session: SessionDep
) -> Response:
    """Give the item back to the queue at once."""
    queue.release(session, device, str(item_id), body.fence, now_ms=_now(request))
    return Response(status_code=204)


@router.post(
    "/items/{item_id}/refer",
    response_model=ReferOut,
    responses={**_lease_errors, 422: {"model": ErrorOut, "description": "unknown agency or bad body"}},
)
def refer(
    item_id: UUID, body: ReferRequest, request: Request, device: DeviceDep, session: SessionDep
) -> ReferOut:
    """Move the item to another agency's queue with a note (No Wrong Door: the newcomer never starts over)."""
    slug = queue.refer(
        session, device, str(item_id), body.fence, body.to_agency, body.note, now_ms=_now(request)
    )
    return ReferOut(item_id=item_id, to_agency=slug)


@router.post(
    "/submissions",
    response_model=PushOut,
    responses={**_errors, 409: {"model": ErrorOut, "description": "same id, different content"}},
)
def push(body: IntakeSubmission, request: Request, device: DeviceDep, session: SessionDep) -> JSONResponse:
    """A submission taken offline (a volunteer's laptop). The submission id is the idempotency key."""
    session.commit()  # last_seen_at, and end the auth transaction before submit's own
    result = intake_store.submit(session, body, device_id=device.device_id, clock=context(request).clock)
    out = PushOut(submission_id=body.submission_id, reference=result.reference, secret=result.secret)
    headers = {} if result.created else {"Idempotent-Replay": "true"}
    return JSONResponse(out.model_dump(mode="json"), headers=headers)
