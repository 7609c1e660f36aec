"""Retention: what a closed request keeps, and for how long.

When an item has been closed (accepted, referred elsewhere or rejected) for longer than the
retention period, everything personal is removed: the payload, its queue metadata, the outcome
reason and every event note. What stays is a tombstone without personal data: the submission id and
body hash (so a volunteer's stale outbox replaying the same submission gets the same answer instead
of resurrecting it), the reference and hashed secret (so the newcomer's status page still says
"closed"), the outcome and the dates. Open items are never purged: someone is still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from caseworker.server.db import retrying
from caseworker.server.models import EnrolmentCode, Event, Submission

DAY_MS = 86_400_000


@dataclass(frozen=True)
class PurgeResult:
    submissions: int
    enrolment_codes: int
    cutoff_ms: int


def purge(session: Session, *, retention_days: int, now_ms: int, dry_run: bool = False) -> PurgeResult:
    """Purge closed submissions older than ``retention_days``. Commits (unless ``dry_run``)."""
    if retention_days < 0:
        raise ValueError("retention days cannot be negative")
    cutoff = now_ms - retention_days * DAY_MS
    due = (Submission.closed_at.is_not(None), Submission.closed_at < cutoff, Submission.purged_at.is_(None))
    codes_due = (EnrolmentCode.expires_at < cutoff,)

    def attempt() -> PurgeResult:
        pks = list(session.execute(select(Submission.id).where(*due)).scalars())
        n_codes = session.execute(
            select(func.count()).select_from(EnrolmentCode).where(*codes_due)
        ).scalar_one()
        if dry_run:
            session.rollback()
            return PurgeResult(len(pks), int(n_codes), cutoff)
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            session.execute(delete(Event).where(Event.submission_pk.in_(chunk)))
            session.execute(
                update(Submission)
                .where(Submission.id.in_(chunk))
                .values(payload=None, metadata_json=None, outcome_reason=None, purged_at=now_ms)
            )
        session.execute(delete(EnrolmentCode).where(*codes_due))
        session.commit()
        return PurgeResult(len(pks), int(n_codes), cutoff)

    return retrying(session, attempt)
