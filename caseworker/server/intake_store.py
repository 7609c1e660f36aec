"""Accepting a newcomer's request and telling them where it is.

Used by the public form (SERVER-FORM) and by the agency API's offline push. ``submit`` is idempotent
on the submission id: the same id with the same body gives the same reference and secret (a double
click, a retried upload, a volunteer's replayed outbox); the same id with a different body is a
:class:`Conflict`. ``status`` answers only to the reference *and* its secret, compared in constant
time, and reveals nothing personal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from caseworker.core.domain import NewcomerStatus
from caseworker.intake.schema import IntakeSubmission
from caseworker.server import ids
from caseworker.server.clock import Clock, now_ms
from caseworker.server.db import retrying
from caseworker.server.errors import Conflict
from caseworker.server.models import Event, QueueItem, Submission
from caseworker.server.routing import route

__all__ = ["Conflict", "SubmitResult", "canonical_json", "status", "submit"]


@dataclass(frozen=True)
class SubmitResult:
    reference: str
    secret: str
    created: bool
    submission_id: str = ""


def canonical_json(submission: IntakeSubmission) -> str:
    """One text per submission content: the stored payload and the basis of the idempotency hash."""
    return json.dumps(
        submission.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def _secret_key(session: Session, secret_key: bytes | None) -> bytes:
    key = secret_key if secret_key is not None else session.info.get("secret_key")
    if not key:
        raise RuntimeError("the session factory was built without the server's secret key")
    return bytes(key)


def submit(
    session: Session,
    submission: IntakeSubmission,
    *,
    device_id: int | None = None,
    secret_key: bytes | None = None,
    clock: Clock = time.time,
) -> SubmitResult:
    """Store ``submission``, route it to a queue, commit; or return what an earlier identical call did.

    Raises :class:`Conflict` if the id is already taken by a different body. Commits the session.
    """
    key = _secret_key(session, secret_key)
    payload = canonical_json(submission)
    body_hash = hashlib.sha256(payload.encode()).hexdigest()
    sid = str(submission.submission_id)
    secret = ids.derive_secret(key, sid)

    def existing() -> SubmitResult | None:
        row = session.execute(
            select(Submission.reference, Submission.body_hash).where(Submission.submission_id == sid)
        ).first()
        if row is None:
            return None
        if not hmac.compare_digest(row.body_hash, body_hash):
            session.rollback()
            raise Conflict()
        return SubmitResult(reference=row.reference, secret=secret, created=False, submission_id=sid)

    def attempt() -> SubmitResult:
        for _ in range(5):
            found = existing()
            if found is not None:
                session.rollback()
                return found
            reference = ids.new_reference()
            now = now_ms(clock)
            row = Submission(
                submission_id=sid,
                body_hash=body_hash,
                reference=reference,
                secret_hash=ids.secret_hash(reference, secret),
                source=submission.source,
                received_at=now,
                pushed_by_device_id=device_id,
                payload=payload,
                metadata_json=submission.metadata().model_dump_json(),
                newcomer_status=NewcomerStatus.RECEIVED.value,
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError:
                # Someone stored the same id a moment ago, or (2^-40) the reference was taken.
                session.rollback()
                continue
            agency_id = route(session, submission)
            session.add(QueueItem(id=row.id, agency_id=agency_id, enqueued_at=now, fence=0))
            session.add(
                Event(
                    submission_pk=row.id,
                    at=now,
                    kind="pushed" if device_id is not None else "received",
                    agency_id=agency_id,
                    device_id=device_id,
                )
            )
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                continue
            return SubmitResult(reference=reference, secret=secret, created=True, submission_id=sid)
        raise RuntimeError("could not store the submission after several attempts")

    return retrying(session, attempt)


def status(session: Session, reference: str, secret: str) -> NewcomerStatus | None:
    """Where the request stands, if ``secret`` belongs to ``reference``; None otherwise.

    The answer for "no such reference" and "wrong secret" is the same, and takes the same work.
    """
    canonical = ids.normalise_reference(reference)
    given = ids.secret_hash(canonical or "-", secret)
    row = None
    if canonical is not None:
        row = session.execute(
            select(Submission.secret_hash, Submission.newcomer_status).where(
                Submission.reference == canonical
            )
        ).first()
    session.rollback()  # end the read transaction (SQLite holds a lock inside BEGIN IMMEDIATE)
    stored = row.secret_hash if row is not None else "0" * 64
    if hmac.compare_digest(stored, given) and row is not None:
        return NewcomerStatus(row.newcomer_status)
    return None
