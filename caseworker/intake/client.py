"""An httpx client for the intake server's agency API (``/api/v1``), used by the desktop sync.

Every method either returns typed data or raises a typed :mod:`caseworker.intake.errors` error:
network trouble is :class:`ServerUnreachable` (connection failures are retried a couple of times by
the transport first, which is safe for any method because the request never arrived); the server's
JSON error codes map to their own types (``lease_lost`` → :class:`LeaseLost`, ``device_revoked`` →
:class:`TokenRevoked`...). Nothing here keeps state except the token: the caller stores it (in the
encrypted caseload, never in settings).

    with IntakeClient("https://intake.example.org", token) as client:
        for claim in client.claim(10):
            ...store claim.submission durably...
            client.ack(claim.item_id, claim.fence, IntakeOutcome.ACCEPTED)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Literal

import httpx
from pydantic import ValidationError as PydanticValidationError

from caseworker.core.domain import IntakeOutcome
from caseworker.intake import errors
from caseworker.intake.schema import IntakeSubmission, QueueMetadata

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

_BY_CODE: dict[str, type[errors.IntakeServerError]] = {
    "unauthorized": errors.Unauthorized,
    "device_revoked": errors.TokenRevoked,
    "enrolment_refused": errors.EnrolmentRefused,
    "lease_lost": errors.LeaseLost,
    "conflict": errors.SubmissionConflict,
    "not_found": errors.ItemNotFound,
    "unknown_agency": errors.UnknownAgency,
    "rate_limited": errors.RateLimited,
    "busy": errors.ServerBusy,
}
_BY_STATUS: dict[int, type[errors.IntakeServerError]] = {
    401: errors.Unauthorized,
    403: errors.EnrolmentRefused,
    404: errors.ItemNotFound,
    409: errors.LeaseLost,
    413: errors.RequestRejected,
    422: errors.RequestRejected,
    429: errors.RateLimited,
    503: errors.ServerBusy,
}


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str


@dataclass(frozen=True)
class Enrolment:
    token: str
    device_id: int
    device_name: str
    agency: Agency


@dataclass(frozen=True)
class DeviceInfo:
    device_id: int
    name: str
    agency: Agency


@dataclass(frozen=True)
class QueueEntry:
    item_id: uuid.UUID
    queue: Literal["agency", "unrouted"]
    received_at: datetime
    age_seconds: int
    leased: bool
    metadata: QueueMetadata


@dataclass(frozen=True)
class Referral:
    at: datetime
    from_agency: str | None
    to_agency: str | None
    note: str


@dataclass(frozen=True)
class Claim:
    """A leased item. ``submission`` is None only if the stored request does not validate here
    (``problem`` says why); the caller should then reject or release it rather than lose it."""

    item_id: uuid.UUID
    fence: int
    lease_expires_at: datetime
    reference: str
    queue: Literal["agency", "unrouted"]
    referrals: tuple[Referral, ...]
    submission: IntakeSubmission | None
    raw_submission: Mapping[str, Any] = field(repr=False, default_factory=dict)
    problem: str | None = None


@dataclass(frozen=True)
class AckRequest:
    item_id: uuid.UUID
    fence: int
    outcome: IntakeOutcome
    reason: str = ""


AckResultKind = Literal["acked", "already_acked", "lease_lost", "not_found"]


@dataclass(frozen=True)
class AckResult:
    item_id: uuid.UUID
    result: AckResultKind


@dataclass(frozen=True)
class PushResult:
    submission_id: uuid.UUID
    reference: str
    secret: str
    replayed: bool


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class IntakeClient:
    """One device talking to one intake server. Not thread-safe: one per worker thread."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        connect_retries: int = 2,
        transport: httpx.BaseTransport | None = None,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            timeout=timeout,
            transport=transport or httpx.HTTPTransport(retries=connect_retries, verify=verify),
            headers={"User-Agent": "caseworker-desktop"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> IntakeClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- plumbing -----------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        headers = {}
        if auth:
            if not self.token:
                raise errors.Unauthorized()
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(method, path, json=json, params=params, headers=headers)
        except (
            httpx.TimeoutException,
            httpx.NetworkError,
            httpx.RemoteProtocolError,
            httpx.ProxyError,
        ) as exc:
            raise errors.ServerUnreachable() from exc
        if response.status_code >= 400:
            raise self._error(response)
        return response

    @staticmethod
    def _error(response: httpx.Response) -> errors.IntakeServerError:
        code = ""
        try:
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("error"), str):
                code = body["error"]
        except ValueError:
            pass
        status = response.status_code
        cls = _BY_CODE.get(code) or _BY_STATUS.get(status)
        if cls is None:
            cls = errors.ServerFailure if status >= 500 else errors.RequestRejected
        return cls(status=status, code=code or cls.code)

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise errors.ServerFailure() from exc

    # --- enrolment ------------------------------------------------------------------------------

    def enrol(self, code: str, device_name: str) -> Enrolment:
        """Trade a one-time code for a device token (kept on this client; store it safely)."""
        body = self._json(
            self._request("POST", "/enrol", json={"code": code, "device_name": device_name}, auth=False)
        )
        enrolment = Enrolment(
            token=str(body["token"]),
            device_id=int(body["device_id"]),
            device_name=str(body["name"]),
            agency=Agency(slug=str(body["agency"]["slug"]), name=str(body["agency"]["name"])),
        )
        self.token = enrolment.token
        return enrolment

    def device(self) -> DeviceInfo:
        body = self._json(self._request("GET", "/device"))
        return DeviceInfo(
            device_id=int(body["device_id"]),
            name=str(body["name"]),
            agency=Agency(slug=str(body["agency"]["slug"]), name=str(body["agency"]["name"])),
        )

    def agencies(self) -> list[Agency]:
        body = self._json(self._request("GET", "/agencies"))
        return [Agency(slug=str(a["slug"]), name=str(a["name"])) for a in body]

    # --- queue ------------------------------------------------------------------------------------

    def queue(self, *, limit: int = 100, include_leased: bool = False) -> list[QueueEntry]:
        body = self._json(
            self._request(
                "GET", "/queue", params={"limit": limit, "include_leased": str(include_leased).lower()}
            )
        )
        return [
            QueueEntry(
                item_id=uuid.UUID(i["item_id"]),
                queue=i["queue"],
                received_at=_dt(i["received_at"]),
                age_seconds=int(i["age_seconds"]),
                leased=bool(i["leased"]),
                metadata=QueueMetadata.model_validate(i["metadata"]),
            )
            for i in body["items"]
        ]

    def claim(self, max_items: int = 1, *, lease_seconds: int | None = None) -> list[Claim]:
        """Lease up to ``max_items``; store each durably *before* acking it."""
        payload: dict[str, Any] = {"max_items": max_items}
        if lease_seconds is not None:
            payload["lease_seconds"] = lease_seconds
        body = self._json(self._request("POST", "/claims", json=payload))
        return [self._claim(i) for i in body["items"]]

    @staticmethod
    def _claim(item: Mapping[str, Any]) -> Claim:
        raw = item["submission"]
        submission: IntakeSubmission | None = None
        problem: str | None = None
        try:
            submission = IntakeSubmission.model_validate(raw)
        except PydanticValidationError as exc:
            problem = f"{exc.error_count()} field(s) do not validate"
        return Claim(
            item_id=uuid.UUID(item["item_id"]),
            fence=int(item["fence"]),
            lease_expires_at=_dt(item["lease_expires_at"]),
            reference=str(item["reference"]),
            queue=item["queue"],
            referrals=tuple(
                Referral(
                    at=_dt(r["at"]), from_agency=r["from_agency"], to_agency=r["to_agency"], note=r["note"]
                )
                for r in item["referrals"]
            ),
            submission=submission,
            raw_submission=raw,
            problem=problem,
        )

    def renew(self, item_id: uuid.UUID, fence: int, *, lease_seconds: int | None = None) -> datetime:
        payload: dict[str, Any] = {"fence": fence}
        if lease_seconds is not None:
            payload["lease_seconds"] = lease_seconds
        body = self._json(self._request("POST", f"/items/{item_id}/renew", json=payload))
        return _dt(body["lease_expires_at"])

    def ack(self, item_id: uuid.UUID, fence: int, outcome: IntakeOutcome, reason: str = "") -> AckResultKind:
        """Close the item. Raises :class:`LeaseLost` for a stale fence; a replay returns "already_acked"."""
        body = self._json(
            self._request(
                "POST",
                f"/items/{item_id}/ack",
                json={"fence": fence, "outcome": outcome.value, "reason": reason},
            )
        )
        result: AckResultKind = body["result"]
        return result

    def ack_many(self, acks: Iterable[AckRequest]) -> list[AckResult]:
        """Up to 100 acks in one request; each has its own result (nothing raised per item)."""
        items = [
            {"item_id": str(a.item_id), "fence": a.fence, "outcome": a.outcome.value, "reason": a.reason}
            for a in acks
        ]
        if not items:
            return []
        body = self._json(self._request("POST", "/acks", json={"acks": items}))
        return [AckResult(item_id=uuid.UUID(r["item_id"]), result=r["result"]) for r in body["results"]]

    def release(self, item_id: uuid.UUID, fence: int) -> None:
        self._request("POST", f"/items/{item_id}/release", json={"fence": fence})

    def refer(self, item_id: uuid.UUID, fence: int, to_agency: str, note: str = "") -> None:
        """Move the item to another agency's queue with a note (the newcomer never starts over)."""
        self._request(
            "POST", f"/items/{item_id}/refer", json={"fence": fence, "to_agency": to_agency, "note": note}
        )

    def push(self, submission: IntakeSubmission) -> PushResult:
        """Send a submission taken offline. Safe to repeat: the submission id is the idempotency key."""
        response = self._request("POST", "/submissions", json=submission.model_dump(mode="json"))
        body = self._json(response)
        return PushResult(
            submission_id=uuid.UUID(body["submission_id"]),
            reference=str(body["reference"]),
            secret=str(body["secret"]),
            replayed=response.headers.get("Idempotent-Replay") == "true",
        )
