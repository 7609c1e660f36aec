"""The server's tables (SQLAlchemy 2). Migrations in ``migrations/`` create exactly these (a test checks).

Times are integer milliseconds since the epoch (UTC): portable across SQLite and PostgreSQL, cheap to
compare in the claim's hot path, rendered as ISO 8601 at the API edge.

The queue is split in two on purpose (see PLATFORM-NOTES "Work queues"):

- ``queue_items`` is the hot row: one per *open* item, a handful of integers. A claim updates only
  columns that are in no index (lease, fence), so PostgreSQL can do HOT updates; an ack deletes the
  row, so the table holds only the live backlog however long the server runs.
- ``submissions`` holds the payload and everything the newcomer and auditors see; it is written at
  submit, at the first claim (status) and at close, never on every lease renewal.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ServerSecret(Base):
    __tablename__ = "server_secrets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Agency(Base):
    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[int] = mapped_column(BigInteger)


class RoutingRule(Base):
    """One rule of an agency: every non-empty criterion must match (within a criterion, any value).

    Lists are stored as JSON text: rules are few and read whole at routing time.
    """

    __tablename__ = "routing_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    postal_prefixes: Mapped[str] = mapped_column(Text, default="[]")
    languages: Mapped[str] = mapped_column(Text, default="[]")
    needs: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[int] = mapped_column(BigInteger)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    device_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    last_seen_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    revoked_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Submission(Base):
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(36), unique=True)
    body_hash: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[int] = mapped_column(BigInteger)
    pushed_by_device_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Canonical JSON of the IntakeSubmission, and of its QueueMetadata; NULL once purged.
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    metadata_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    newcomer_status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    outcome_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    closed_by_agency_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_by_device_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_fence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    purged_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class QueueItem(Base):
    """An open item. ``agency_id`` NULL is the shared "unrouted" queue any agency may claim from.

    Free when ``lease_expires_at`` is NULL or in the past: an expired lease returns the item without
    any sweeper. ``fence`` grows by one at every claim; only the holder of the current fence, before
    expiry, can renew, ack, release or refer.
    """

    __tablename__ = "queue_items"
    id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="SET NULL"), nullable=True
    )
    enqueued_at: Mapped[int] = mapped_column(BigInteger)
    lease_expires_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    lease_device_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fence: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_queue_items_agency_enqueued", "agency_id", "enqueued_at", "id"),)


class Event(Base):
    """What happened to a submission, for the agency's audit and for referral notes (purged with it)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    at: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    device_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_agency_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
