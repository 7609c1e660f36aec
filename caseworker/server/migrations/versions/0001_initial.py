"""Initial intake server schema: agencies, routing, devices, submissions, the hot queue, events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "routing_rules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("postal_prefixes", sa.Text, nullable=False),
        sa.Column("languages", sa.Text, nullable=False),
        sa.Column("needs", sa.Text, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_routing_rules_agency_id", "routing_rules", ["agency_id"])
    op.create_table(
        "enrolment_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("used_at", sa.BigInteger, nullable=True),
        sa.Column("device_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_enrolment_codes_agency_id", "enrolment_codes", ["agency_id"])
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("last_seen_at", sa.BigInteger, nullable=True),
        sa.Column("revoked_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_devices_agency_id", "devices", ["agency_id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.String(36), nullable=False, unique=True),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(20), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("received_at", sa.BigInteger, nullable=False),
        sa.Column("pushed_by_device_id", sa.Integer, nullable=True),
        sa.Column("payload", sa.Text, nullable=True),
        sa.Column("metadata_json", sa.Text, nullable=True),
        sa.Column("newcomer_status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("outcome_reason", sa.Text, nullable=True),
        sa.Column("closed_at", sa.BigInteger, nullable=True),
        sa.Column("closed_by_agency_id", sa.Integer, nullable=True),
        sa.Column("closed_by_device_id", sa.Integer, nullable=True),
        sa.Column("closed_fence", sa.Integer, nullable=True),
        sa.Column("purged_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_submissions_closed_at", "submissions", ["closed_at"])
    op.create_table(
        "queue_items",
        sa.Column("id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="SET NULL"), nullable=True),
        sa.Column("enqueued_at", sa.BigInteger, nullable=False),
        sa.Column("lease_expires_at", sa.BigInteger, nullable=True),
        sa.Column("lease_device_id", sa.Integer, nullable=True),
        sa.Column("fence", sa.Integer, nullable=False),
    )
    op.create_index("ix_queue_items_agency_enqueued", "queue_items", ["agency_id", "enqueued_at", "id"])
    if op.get_bind().dialect.name == "postgresql":
        # Room on each page for HOT updates: a claim rewrites the row without touching any index.
        op.execute("ALTER TABLE queue_items SET (fillfactor = 70)")
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "submission_pk",
            sa.Integer,
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("agency_id", sa.Integer, nullable=True),
        sa.Column("device_id", sa.Integer, nullable=True),
        sa.Column("to_agency_id", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_events_submission_pk", "events", ["submission_pk"])


def downgrade() -> None:
    for name in (
        "events",
        "queue_items",
        "submissions",
        "devices",
        "enrolment_codes",
        "routing_rules",
        "agencies",
        "server_secrets",
    ):
        op.drop_table(name)
