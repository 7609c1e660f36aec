"""The agency queue: list, claim with a lease, renew, ack, release, refer.

Every operation that changes an item is one conditional statement on the hot ``queue_items`` row,
so its effect is all or nothing and two devices can never both win:

- **claim** picks the oldest free items of the agency's queue and the shared unrouted queue and
  leases them in one statement: on PostgreSQL ``SELECT ... FOR UPDATE SKIP LOCKED`` inside an
  ``UPDATE ... RETURNING`` (concurrent claimers skip each other's rows instead of waiting); on SQLite
  a single ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING`` under ``BEGIN IMMEDIATE``.
  Each claim bumps the item's fence; the lease expires at ``lease_expires_at``.
- **renew / ack / release / refer** succeed only for the device holding the *current* fence of an
  unexpired lease. Anything else is :class:`LeaseLost` (HTTP 409) and changes nothing.
- an **ack** deletes the hot row and closes the submission; repeating the same ack (same device,
  fence and outcome) answers "already acked", so a desktop that lost the response can retry safely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from sqlalchemy import Table, and_, bindparam, delete, insert, or_, select, text, tuple_, update
from sqlalchemy.orm import Session

from caseworker.core.domain import IntakeOutcome, NewcomerStatus
from caseworker.server.auth import DeviceIdentity, agency_by_slug
from caseworker.server.db import is_sqlite, retrying
from caseworker.server.errors import LeaseLost, NotFound
from caseworker.server.models import Agency, Event, QueueItem, Submission

OUTCOME_STATUS = {
    IntakeOutcome.ACCEPTED: NewcomerStatus.CONTACTED,
    IntakeOutcome.REJECTED: NewcomerStatus.CLOSED,
    IntakeOutcome.REFERRED: NewcomerStatus.CLOSED,  # referred outside the server (refer() is inside)
}


@dataclass(frozen=True)
class QueueEntry:
    submission_id: str
    unrouted: bool
    enqueued_at: int
    leased: bool
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Referral:
    at: int
    from_agency: str | None
    to_agency: str | None
    note: str


@dataclass
class ClaimedItem:
    pk: int
    submission_id: str
    fence: int
    lease_expires_at: int
    unrouted: bool
    reference: str = ""
    payload: str = ""
    referrals: list[Referral] = field(default_factory=list)


AckResult = Literal["acked", "already_acked", "lease_lost", "not_found"]


def _own_or_unrouted(agency_id: int) -> Any:
    return or_(QueueItem.agency_id == agency_id, QueueItem.agency_id.is_(None))


def list_queue(
    session: Session, agency_id: int, *, now_ms: int, limit: int = 100, include_leased: bool = False
) -> list[QueueEntry]:
    """Oldest first: the agency's open items and the unrouted ones. Metadata only, nothing personal."""
    free = or_(QueueItem.lease_expires_at.is_(None), QueueItem.lease_expires_at <= now_ms)
    cond = _own_or_unrouted(agency_id) if include_leased else and_(_own_or_unrouted(agency_id), free)
    rows = session.execute(
        select(
            Submission.submission_id,
            QueueItem.agency_id,
            QueueItem.enqueued_at,
            QueueItem.lease_expires_at,
            Submission.metadata_json,
        )
        .join(Submission, Submission.id == QueueItem.id)
        .where(cond)
        .order_by(QueueItem.enqueued_at, QueueItem.id)
        .limit(limit)
    ).all()
    session.rollback()
    return [
        QueueEntry(
            submission_id=r.submission_id,
            unrouted=r.agency_id is None,
            enqueued_at=r.enqueued_at,
            leased=r.lease_expires_at is not None and r.lease_expires_at > now_ms,
            metadata=json.loads(r.metadata_json or "{}"),
        )
        for r in rows
    ]


_PG_CLAIM = text(
    """
    WITH picked AS (
        SELECT id FROM queue_items
        WHERE (agency_id = :agency OR agency_id IS NULL)
          AND (lease_expires_at IS NULL OR lease_expires_at <= :now)
        ORDER BY enqueued_at, id
        LIMIT :n
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE queue_items AS q
           SET fence = q.fence + 1, lease_expires_at = :expires, lease_device_id = :device
          FROM picked
         WHERE q.id = picked.id
        RETURNING q.id, q.fence, q.agency_id
    ), seen AS (
        UPDATE submissions AS s
           SET newcomer_status = 'with_agency'
          FROM claimed
         WHERE s.id = claimed.id AND s.newcomer_status = 'received'
    )
    SELECT c.id, c.fence, c.agency_id, s.submission_id, s.reference, s.payload,
           EXISTS (SELECT 1 FROM events e WHERE e.submission_pk = c.id AND e.kind = 'referred') AS referred
      FROM claimed c JOIN submissions s ON s.id = c.id
    """
)

_SQLITE_CLAIM = text(
    """
    UPDATE queue_items
       SET fence = fence + 1, lease_expires_at = :expires, lease_device_id = :device
     WHERE id IN (
        SELECT id FROM queue_items
         WHERE (agency_id = :agency OR agency_id IS NULL)
           AND (lease_expires_at IS NULL OR lease_expires_at <= :now)
         ORDER BY enqueued_at, id
         LIMIT :n
     )
    RETURNING id, fence, agency_id
    """
)


def claim(
    session: Session, device: DeviceIdentity, n: int, *, lease_ms: int, now_ms: int, retries: int = 8
) -> list[ClaimedItem]:
    """Lease up to ``n`` items to ``device``; returns them with payload and referral notes. Commits."""
    params = {
        "agency": device.agency_id,
        "now": now_ms,
        "n": n,
        "expires": now_ms + lease_ms,
        "device": device.device_id,
    }

    def attempt_pg() -> list[ClaimedItem]:
        # One round trip: pick with SKIP LOCKED, lease, mark "with agency", read the payloads.
        rows = session.execute(_PG_CLAIM, params).all()
        items = {
            r.id: ClaimedItem(
                pk=r.id,
                submission_id=r.submission_id,
                fence=r.fence,
                lease_expires_at=now_ms + lease_ms,
                unrouted=r.agency_id is None,
                reference=r.reference,
                payload=r.payload or "{}",
            )
            for r in rows
        }
        referred = [r.id for r in rows if r.referred]
        if referred:
            for pk, referral in _referrals(session, referred):
                items[pk].referrals.append(referral)
        session.commit()
        return sorted(items.values(), key=lambda i: i.pk)

    def attempt_sqlite() -> list[ClaimedItem]:
        # In-process: several cheap statements inside the one BEGIN IMMEDIATE transaction.
        rows = session.execute(_SQLITE_CLAIM, params).all()
        if not rows:
            session.rollback()
            return []
        items = {
            r.id: ClaimedItem(
                pk=r.id,
                submission_id="",
                fence=r.fence,
                lease_expires_at=now_ms + lease_ms,
                unrouted=r.agency_id is None,
            )
            for r in rows
        }
        pks = list(items)
        for s in session.execute(
            select(Submission.id, Submission.submission_id, Submission.reference, Submission.payload).where(
                Submission.id.in_(pks)
            )
        ):
            item = items[s.id]
            item.submission_id, item.reference, item.payload = s.submission_id, s.reference, s.payload or "{}"
        session.execute(
            update(Submission)
            .where(Submission.id.in_(pks), Submission.newcomer_status == NewcomerStatus.RECEIVED.value)
            .values(newcomer_status=NewcomerStatus.WITH_AGENCY.value)
        )
        for pk, referral in _referrals(session, pks):
            items[pk].referrals.append(referral)
        session.commit()
        return sorted(items.values(), key=lambda i: i.pk)

    return retrying(session, attempt_sqlite if is_sqlite(session) else attempt_pg, retries=retries)


def _referrals(session: Session, pks: list[int]) -> list[tuple[int, Referral]]:
    rows = session.execute(
        select(Event.submission_pk, Event.at, Event.agency_id, Event.to_agency_id, Event.note)
        .where(Event.submission_pk.in_(pks), Event.kind == "referred")
        .order_by(Event.id)
    ).all()
    if not rows:
        return []
    ids = {r.agency_id for r in rows} | {r.to_agency_id for r in rows}
    slugs = dict(session.execute(select(Agency.id, Agency.slug).where(Agency.id.in_(ids - {None}))).all())
    return [
        (r.submission_pk, Referral(r.at, slugs.get(r.agency_id), slugs.get(r.to_agency_id), r.note or ""))
        for r in rows
    ]


def _held(device: DeviceIdentity, fence: int, now_ms: int) -> Any:
    """The condition "this device holds the current fence of an unexpired lease"."""
    return and_(
        QueueItem.fence == fence,
        QueueItem.lease_device_id == device.device_id,
        QueueItem.lease_expires_at > now_ms,
    )


def _pk(session: Session, submission_id: str) -> int:
    pk = session.execute(select(Submission.id).where(Submission.submission_id == submission_id)).scalar()
    if pk is None:
        session.rollback()
        raise NotFound()
    return int(pk)


def renew(
    session: Session, device: DeviceIdentity, submission_id: str, fence: int, *, lease_ms: int, now_ms: int
) -> int:
    """Extend the lease; returns the new expiry. Commits."""

    def attempt() -> int:
        pk = _pk(session, submission_id)
        expires = now_ms + lease_ms
        row = session.execute(
            update(QueueItem)
            .where(QueueItem.id == pk, _held(device, fence, now_ms))
            .values(lease_expires_at=expires)
            .returning(QueueItem.id)
        ).first()
        if row is None:
            session.rollback()
            raise LeaseLost()
        session.commit()
        return expires

    return retrying(session, attempt)


def _close_many(
    session: Session,
    device: DeviceIdentity,
    acks: list[tuple[str, int, IntakeOutcome, str]],
    now_ms: int,
) -> list[AckResult]:
    """Set-based acks: one read, one conditional DELETE, then the closes; no ORM flush per item."""
    sids = list(dict.fromkeys(sid for sid, *_ in acks))
    subs = {
        r.submission_id: r
        for r in session.execute(
            select(
                Submission.id,
                Submission.submission_id,
                Submission.closed_at,
                Submission.closed_fence,
                Submission.closed_by_device_id,
                Submission.outcome,
            ).where(Submission.submission_id.in_(sids))
        )
    }
    wanted: dict[int, tuple[int, IntakeOutcome, str]] = {}
    for sid, fence, outcome, reason in acks:
        sub = subs.get(sid)
        if sub is not None and sub.closed_at is None and sub.id not in wanted:
            wanted[sub.id] = (fence, outcome, reason)
    deleted: set[int] = set()
    if wanted:
        deleted = set(
            session.execute(
                delete(QueueItem)
                .where(
                    tuple_(QueueItem.id, QueueItem.fence).in_(
                        [(pk, f) for pk, (f, _o, _r) in wanted.items()]
                    ),
                    QueueItem.lease_device_id == device.device_id,
                    QueueItem.lease_expires_at > now_ms,
                )
                .returning(QueueItem.id)
            ).scalars()
        )
    if deleted:
        # One cached statement, executed for many parameter sets (psycopg pipelines them).
        session.execute(
            _CLOSE,
            [
                {
                    "pk": pk,
                    "outcome": wanted[pk][1].value,
                    "reason": wanted[pk][2] or None,
                    "closed_at": now_ms,
                    "agency": device.agency_id,
                    "device": device.device_id,
                    "fence": wanted[pk][0],
                    "status": OUTCOME_STATUS[wanted[pk][1]].value,
                }
                for pk in sorted(deleted)
            ],
        )
        # The audit trail: one event per ack (the desktop's tests count them: exactly one per item).
        session.execute(
            insert(Event),
            [
                {
                    "submission_pk": pk,
                    "at": now_ms,
                    "kind": f"ack_{wanted[pk][1].value}",
                    "agency_id": device.agency_id,
                    "device_id": device.device_id,
                    "note": wanted[pk][2] or None,
                }
                for pk in sorted(deleted)
            ],
        )
    results: list[AckResult] = []
    done: set[int] = set()
    for sid, fence, outcome, _reason in acks:
        sub = subs.get(sid)
        if sub is None:
            results.append("not_found")
        elif sub.id in deleted and wanted[sub.id][0] == fence and sub.id not in done:
            done.add(sub.id)
            results.append("acked")
        elif sub.closed_at is not None or sub.id in done:
            if sub.id in done:  # the same ack twice in one batch
                same = (wanted[sub.id][0], wanted[sub.id][1]) == (fence, outcome)
            else:
                same = (
                    sub.closed_fence == fence
                    and sub.closed_by_device_id == device.device_id
                    and sub.outcome == outcome.value
                )
            results.append("already_acked" if same else "lease_lost")
        else:
            results.append("lease_lost")
    return results


_SUBMISSIONS = cast(Table, Submission.__table__)
_CLOSE = (
    update(_SUBMISSIONS)
    .where(_SUBMISSIONS.c.id == bindparam("pk"))
    .values(
        outcome=bindparam("outcome"),
        outcome_reason=bindparam("reason"),
        closed_at=bindparam("closed_at"),
        closed_by_agency_id=bindparam("agency"),
        closed_by_device_id=bindparam("device"),
        closed_fence=bindparam("fence"),
        newcomer_status=bindparam("status"),
    )
)


def ack(
    session: Session,
    device: DeviceIdentity,
    submission_id: str,
    fence: int,
    outcome: IntakeOutcome,
    reason: str,
    *,
    now_ms: int,
) -> AckResult:
    """Close an item with an outcome. Raises NotFound / LeaseLost; "already_acked" for a replay."""
    [result] = ack_many(session, device, [(submission_id, fence, outcome, reason)], now_ms=now_ms)
    if result == "not_found":
        raise NotFound()
    if result == "lease_lost":
        raise LeaseLost()
    return result


def ack_many(
    session: Session,
    device: DeviceIdentity,
    acks: list[tuple[str, int, IntakeOutcome, str]],
    *,
    now_ms: int,
) -> list[AckResult]:
    """Several acks in one transaction; each gets its own result (one stale ack spoils nothing else)."""

    def attempt() -> list[AckResult]:
        results = _close_many(session, device, acks, now_ms)
        if "acked" in results:
            session.commit()
        else:
            session.rollback()
        return results

    return retrying(session, attempt)


def release(session: Session, device: DeviceIdentity, submission_id: str, fence: int, *, now_ms: int) -> None:
    """Give the item back to the queue now (the worker will not handle it). Commits."""

    def attempt() -> None:
        pk = _pk(session, submission_id)
        row = session.execute(
            update(QueueItem)
            .where(QueueItem.id == pk, _held(device, fence, now_ms))
            .values(lease_expires_at=None, lease_device_id=None)
            .returning(QueueItem.id)
        ).first()
        if row is None:
            session.rollback()
            raise LeaseLost()
        session.add(
            Event(
                submission_pk=pk,
                at=now_ms,
                kind="released",
                agency_id=device.agency_id,
                device_id=device.device_id,
            )
        )
        session.commit()

    retrying(session, attempt)


def refer(
    session: Session,
    device: DeviceIdentity,
    submission_id: str,
    fence: int,
    to_agency_slug: str,
    note: str,
    *,
    now_ms: int,
) -> str:
    """Move the item to another agency's queue with a note; it keeps its age. Returns the slug. Commits."""

    def attempt() -> str:
        target = agency_by_slug(session, to_agency_slug)
        pk = _pk(session, submission_id)
        row = session.execute(
            update(QueueItem)
            .where(QueueItem.id == pk, _held(device, fence, now_ms))
            .values(agency_id=target.id, lease_expires_at=None, lease_device_id=None)
            .returning(QueueItem.id)
        ).first()
        if row is None:
            session.rollback()
            raise LeaseLost()
        session.add(
            Event(
                submission_pk=pk,
                at=now_ms,
                kind="referred",
                agency_id=device.agency_id,
                device_id=device.device_id,
                to_agency_id=target.id,
                note=note or None,
            )
        )
        session.execute(
            update(Submission)
            .where(Submission.id == pk)
            .values(newcomer_status=NewcomerStatus.WITH_AGENCY.value)
        )
        session.commit()
        return target.slug

    return retrying(session, attempt)


__all__ = [
    "AckResult",
    "ClaimedItem",
    "QueueEntry",
    "Referral",
    "ack",
    "ack_many",
    "claim",
    "list_queue",
    "refer",
    "release",
    "renew",
]
