"""Schema v1 of the caseload: SQLAlchemy 2 typed declarative models.

Conventions kept by every table:

- timestamps are timezone-aware UTC datetimes in Python (:class:`UTCDateTime`); they are stored as naive
  UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``) so they sort and compare correctly in SQLite; a naive datetime
  is refused at bind time rather than guessed;
- vocabularies are stored as their lowercase ``value`` in a ``VARCHAR(32)`` (no CHECK constraint, so a
  later release can add a value without rebuilding a table; SQLAlchemy validates on the Python side);
- names and free text are stored as typed (NFC, bidi controls stripped by the repositories); the folded
  forms used for search and sorting live in ``clients.search_text`` / ``search_cjk`` / ``sort_name``,
  computed in Python (:mod:`caseworker.store.search`) on every ORM write and as a column default for Core
  bulk inserts;
- full-text tables (``fts_*``) and their triggers are created by the migration in raw SQL and are not
  part of this metadata.

The migration ``v0001`` creates exactly these tables; ``tests/store/test_migrations.py`` proves it.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from caseworker.core.domain import (
    DobPrecision,
    Gender,
    ImmigrationCategory,
    NeedDomain,
    OfficialLanguagePreference,
    Relationship,
    Role,
)

# --------------------------------------------------------------------------------------------------
# Vocabularies that only the caseload uses (the shared ones live in caseworker.core.domain)
# --------------------------------------------------------------------------------------------------


class FileStatus(enum.StrEnum):
    ACTIVE = "active"
    WAITLIST = "waitlist"
    INACTIVE = "inactive"
    CLOSED = "closed"
    MERGED = "merged"  # absorbed into another client (merged_into_id); kept for its history


class MaritalStatus(enum.StrEnum):
    SINGLE = "single"
    MARRIED = "married"
    COMMON_LAW = "common_law"
    SEPARATED = "separated"
    DIVORCED = "divorced"
    WIDOWED = "widowed"
    UNKNOWN = "unknown"


class MessagingApp(enum.StrEnum):
    NONE = "none"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    SIGNAL = "signal"
    TELEGRAM = "telegram"
    VIBER = "viber"
    WECHAT = "wechat"
    IMO = "imo"
    OTHER = "other"


class IdentifierKind(enum.StrEnum):
    UCI = "uci"  # IRCC Unique Client Identifier
    IMM5292 = "imm5292"  # Confirmation of Permanent Residence
    IMM5509 = "imm5509"  # Record of Landing (older)
    IMM1000 = "imm1000"  # Record of Landing (oldest)
    TEMPORARY_RESIDENT = "temporary_resident"  # work/study permit, visitor record number
    OTHER = "other"


class ConsentScope(enum.StrEnum):
    PRIVACY_STATEMENT = "privacy_statement"
    RESEARCH = "research"
    SHARING = "sharing"  # with a named recipient (consents.recipient)


class ConsentMethod(enum.StrEnum):
    WRITTEN = "written"
    VERBAL = "verbal"
    PHONE = "phone"
    ONLINE = "online"


class AssessmentItemKind(enum.StrEnum):
    NEED = "need"
    ASSET = "asset"


class Priority(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    APPROVED = "approved"
    CLOSED = "closed"


class GoalStatus(enum.StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class ActionOwner(enum.StrEnum):
    CLIENT = "client"
    WORKER = "worker"
    OTHER = "other"  # named in actions.owner_name (a sponsor, a volunteer, a partner agency)


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class ReferralStatus(enum.StrEnum):
    PLANNED = "planned"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ServiceType(enum.StrEnum):
    NEEDS_ASSESSMENT = "needs_assessment"
    INFORMATION_ORIENTATION = "information_orientation"
    LANGUAGE_ASSESSMENT = "language_assessment"
    LANGUAGE_TRAINING = "language_training"
    EMPLOYMENT = "employment"
    COMMUNITY_CONNECTIONS = "community_connections"
    SUPPORT_SERVICES = "support_services"
    REFERRAL = "referral"
    INTERPRETATION = "interpretation"
    HOUSING_SEARCH = "housing_search"
    OTHER = "other"


class ServiceChannel(enum.StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    TEXT = "text"
    EMAIL = "email"


class IntakeState(enum.StrEnum):
    STORED = "stored"  # stored durably, not yet acknowledged to the server
    ACKED = "acked"  # the server knows we hold it; waiting for a worker's decision
    DECIDED = "decided"  # a worker decided (decision column); the outcome may still be in the outbox
    DONE = "done"  # the decision was delivered to the server


class IntakeDecision(enum.StrEnum):
    NEW_CLIENT = "new_client"
    MERGED = "merged"  # same person as an existing client
    REFERRED = "referred"
    REJECTED = "rejected"


class MatchKind(enum.StrEnum):
    NOT_SAME_PERSON = "not_same_person"
    MERGED = "merged"


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    MERGE = "merge"
    GIVE = "give"
    EXPIRE = "expire"
    REVOKE = "revoke"
    DECIDE = "decide"
    IMPORT = "import"
    EXPORT = "export"


# --------------------------------------------------------------------------------------------------
# Column types
# --------------------------------------------------------------------------------------------------


class UTCDateTime(sa.TypeDecorator[datetime]):
    """An aware datetime in Python, naive UTC in the database. Naive input is a bug: refuse it."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: caseload timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


ENUM_LENGTH = 32


def enum_type(cls: type[enum.Enum]) -> sa.Enum:
    """A vocabulary stored by value in VARCHAR(32), validated in Python, no CHECK constraint."""
    return sa.Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=ENUM_LENGTH,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------

NAME_LEN = 100
SHORT_LEN = 200


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class User(Base):
    """A local user of this caseload (each one has a passphrase key slot, see store/keyslots.py)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    role: Mapped[Role] = mapped_column(enum_type(Role))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _client_param(context: Any, name: str) -> str:
    params = context.get_current_parameters()
    value = params.get(name)
    return str(value) if value else ""


def _default_search_text(context: Any) -> str:
    from caseworker.store.search import client_search_text

    return client_search_text(*(_client_param(context, n) for n in NAME_FIELDS))


def _default_search_cjk(context: Any) -> str:
    from caseworker.store.search import client_search_cjk

    return client_search_cjk(*(_client_param(context, n) for n in NAME_FIELDS))


def _default_sort_name(context: Any) -> str:
    from caseworker.store.search import client_sort_name

    return client_sort_name(*(_client_param(context, n) for n in NAME_FIELDS))


NAME_FIELDS = ("given_name", "family_name", "given_name_latin", "family_name_latin", "preferred_name")


class Client(Base):
    """A newcomer's file. Names as they write them (any script) and in Latin letters."""

    __tablename__ = "clients"
    __table_args__ = (
        # Sort indexes carry the common list filters as trailing columns, so a page at any offset is
        # found by walking one index without touching the table (see repos/clients.list_clients).
        sa.Index(
            "ix_clients_sort_name", "sort_name", "id", "file_status", "assigned_worker_id", "next_follow_up"
        ),
        sa.Index(
            "ix_clients_worker_sort", "assigned_worker_id", "sort_name", "id", "file_status", "next_follow_up"
        ),
        sa.Index("ix_clients_status_sort", "file_status", "sort_name", "id"),
        sa.Index("ix_clients_follow_up", "next_follow_up", "id", "file_status", "assigned_worker_id"),
        sa.Index("ix_clients_worker_follow_up", "assigned_worker_id", "next_follow_up", "id", "file_status"),
        sa.Index("ix_clients_last_contact", "last_contact", "id", "file_status", "assigned_worker_id"),
        sa.Index("ix_clients_category", "immigration_category", "id"),
        sa.Index("ix_clients_dob", "date_of_birth"),
        sa.Index(
            "ix_clients_created_by", "created_by", "sort_name", "id"
        ),  # match candidates for intake triage (issue 6)
        sa.Index("ix_clients_phone", "phone"),
        sa.Index("ix_clients_merged_into", "merged_into_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # names as the person writes them (any script) ...
    given_name: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    family_name: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    # ... and in Latin letters (as on IRCC documents), empty when the same
    given_name_latin: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    family_name_latin: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    preferred_name: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    # derived (caseworker.store.search): folded names for FTS, no-word-break scripts for trigram, sort key
    search_text: Mapped[str] = mapped_column(sa.Text, default=_default_search_text)
    search_cjk: Mapped[str] = mapped_column(sa.Text, default=_default_search_cjk)
    sort_name: Mapped[str] = mapped_column(sa.String(2 * SHORT_LEN), default=_default_sort_name)

    date_of_birth: Mapped[date | None]
    dob_precision: Mapped[DobPrecision | None] = mapped_column(enum_type(DobPrecision))
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    marital_status: Mapped[MaritalStatus | None] = mapped_column(enum_type(MaritalStatus))
    preferred_official_language: Mapped[OfficialLanguagePreference] = mapped_column(
        enum_type(OfficialLanguagePreference), default=OfficialLanguagePreference.NONE
    )
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    country_of_birth: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    citizenship: Mapped[str | None] = mapped_column(sa.String(2))
    immigration_category: Mapped[ImmigrationCategory] = mapped_column(
        enum_type(ImmigrationCategory), default=ImmigrationCategory.UNKNOWN
    )
    arrival_date: Mapped[date | None]
    landing_date: Mapped[date | None]
    status_date: Mapped[date | None]

    file_status: Mapped[FileStatus] = mapped_column(enum_type(FileStatus), default=FileStatus.ACTIVE)
    assigned_worker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    next_follow_up: Mapped[date | None]
    last_contact: Mapped[date | None]

    # contact
    phone: Mapped[str | None] = mapped_column(sa.String(20))  # E.164
    email: Mapped[str | None] = mapped_column(sa.String(254))
    messaging_app: Mapped[MessagingApp] = mapped_column(enum_type(MessagingApp), default=MessagingApp.NONE)
    address: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    city: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    province: Mapped[str | None] = mapped_column(sa.String(2))
    postal_code: Mapped[str | None] = mapped_column(sa.String(7))

    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clients.id"))
    # who registered the file (volunteers see only the clients they registered)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    languages: Mapped[list[ClientLanguage]] = relationship(
        order_by="ClientLanguage.position", cascade="all, delete-orphan"
    )
    identifiers: Mapped[list[Identifier]] = relationship(
        order_by="Identifier.id", cascade="all, delete-orphan"
    )


@event.listens_for(Client, "before_insert")
@event.listens_for(Client, "before_update")
def _derive_search_columns(mapper: Mapper[Client], connection: sa.Connection, target: Client) -> None:
    """Every ORM write keeps the folded search/sort columns in step with the names."""
    from caseworker.store.search import client_search_cjk, client_search_text, client_sort_name

    names = tuple(getattr(target, n) or "" for n in NAME_FIELDS)
    target.search_text = client_search_text(*names)
    target.search_cjk = client_search_cjk(*names)
    target.sort_name = client_sort_name(*names)


class ClientLanguage(Base):
    """A language the client speaks (ISO 639 code, as in caseworker.i18n.languages), in their order."""

    __tablename__ = "client_languages"
    __table_args__ = (sa.Index("ix_client_languages_code_client", "code", "client_id"),)

    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Identifier(Base):
    """A typed document number. ``value`` as printed (normalised), ``value_key`` upper-case alphanumerics."""

    __tablename__ = "identifiers"
    __table_args__ = (
        sa.UniqueConstraint("client_id", "kind", "value_key"),
        sa.Index("ix_identifiers_value_key", "value_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    kind: Mapped[IdentifierKind] = mapped_column(enum_type(IdentifierKind))
    value: Mapped[str] = mapped_column(sa.String(40))
    value_key: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Household(Base):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[HouseholdMember]] = relationship(
        order_by="HouseholdMember.id", cascade="all, delete-orphan"
    )


class HouseholdMember(Base):
    """A client in a household; ``relationship`` is to the principal member. One household per client."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("households.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), unique=True)
    relation: Mapped[Relationship | None] = mapped_column("relationship", enum_type(Relationship))
    is_principal: Mapped[bool] = mapped_column(default=False)


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_type(ConsentScope))
    recipient: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")  # for scope=sharing
    method: Mapped[ConsentMethod] = mapped_column(enum_type(ConsentMethod))
    language: Mapped[str] = mapped_column(sa.String(8))  # language the statement was given in
    notice_version: Mapped[str] = mapped_column(sa.String(40), default="")
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_on: Mapped[date | None]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assessment(Base):
    """A needs-and-assets assessment on a date; items are the needs and assets found."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    assessed_on: Mapped[date]
    assessor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[AssessmentItem]] = relationship(
        order_by="AssessmentItem.id", cascade="all, delete-orphan"
    )


class AssessmentItem(Base):
    __tablename__ = "assessment_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[NeedDomain] = mapped_column(enum_type(NeedDomain))
    kind: Mapped[AssessmentItemKind] = mapped_column(enum_type(AssessmentItemKind))
    priority: Mapped[Priority | None] = mapped_column(enum_type(Priority))
    description: Mapped[str] = mapped_column(sa.Text, default="")


class Plan(Base):
    """A settlement plan. Every text has an optional translation into ``translation_language``
    (the client's language) because the printed plan is bilingual."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    title_translation: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    translation_language: Mapped[str | None] = mapped_column(sa.String(8))
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus), default=PlanStatus.DRAFT)
    approved_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goals: Mapped[list[Goal]] = relationship(
        order_by="(Goal.position, Goal.id)", cascade="all, delete-orphan"
    )
    referrals: Mapped[list[Referral]] = relationship(order_by="Referral.id", cascade="all, delete-orphan")


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    domain: Mapped[NeedDomain | None] = mapped_column(enum_type(NeedDomain))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    text_translation: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[GoalStatus] = mapped_column(enum_type(GoalStatus), default=GoalStatus.OPEN)
    target_date: Mapped[date | None]

    actions: Mapped[list[Action]] = relationship(
        order_by="(Action.position, Action.id)", cascade="all, delete-orphan"
    )


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (sa.Index("ix_actions_status_due", "status", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    text_translation: Mapped[str] = mapped_column(sa.Text, default="")
    owner: Mapped[ActionOwner] = mapped_column(enum_type(ActionOwner), default=ActionOwner.CLIENT)
    owner_name: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    owner_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    due_date: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.OPEN)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (sa.Index("ix_referrals_status_follow_up", "status", "follow_up_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("goals.id", ondelete="SET NULL"))
    to_whom: Mapped[str] = mapped_column(sa.String(SHORT_LEN))  # organisation or service
    contact_details: Mapped[str] = mapped_column(sa.String(SHORT_LEN), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    reason_translation: Mapped[str] = mapped_column(sa.Text, default="")
    consent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("consents.id", ondelete="SET NULL"))
    status: Mapped[ReferralStatus] = mapped_column(enum_type(ReferralStatus), default=ReferralStatus.PLANNED)
    referred_on: Mapped[date | None]
    follow_up_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Note(Base):
    """A case note. Private notes are shown (and searched) only for their author and supervisors."""

    __tablename__ = "notes"
    __table_args__ = (sa.Index("ix_notes_client_created", "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    private: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text, default="")


class ServiceRecord(Base):
    __tablename__ = "services"
    __table_args__ = (sa.Index("ix_services_client_delivered", "client_id", "delivered_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    service_type: Mapped[ServiceType] = mapped_column(enum_type(ServiceType))
    channel: Mapped[ServiceChannel] = mapped_column(enum_type(ServiceChannel))
    minutes: Mapped[int] = mapped_column(default=0)
    funder: Mapped[str] = mapped_column(sa.String(NAME_LEN), default="")
    delivered_on: Mapped[date]
    provider_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IntakeSubmissionRow(Base):
    """An online request held locally. ``submission_id`` is unique: replays of a claim are harmless."""

    __tablename__ = "intake_submissions"
    __table_args__ = (sa.Index("ix_intake_submissions_state_received", "state", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    payload: Mapped[str] = mapped_column(sa.Text)  # the IntakeSubmission as canonical JSON
    state: Mapped[IntakeState] = mapped_column(enum_type(IntakeState), default=IntakeState.STORED)
    server_reference: Mapped[str | None] = mapped_column(sa.String(64))
    fencing_token: Mapped[int | None]
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[IntakeDecision | None] = mapped_column(enum_type(IntakeDecision))
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")  # the reason, for referrals/rejections
    referred_to: Mapped[str | None] = mapped_column(sa.String(100))  # the agency a referral goes to
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the outbox delivered it
    client_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clients.id", ondelete="SET NULL"))


class MatchDecision(Base):
    """A worker's decision about two records: "not the same person" (remembered so matching stops
    proposing the pair) or a merge (``other_client_id`` merged into ``client_id``; both rows and their
    history are kept, the absorbed one has file_status=merged and merged_into_id set).

    For not-same pairs of two clients, ``client_id < other_client_id``. A pair can also be a request
    and a client (``submission_id`` set, ``other_client_id`` NULL)."""

    __tablename__ = "match_decisions"
    __table_args__ = (
        sa.Index("ix_match_decisions_pair", "client_id", "other_client_id"),
        sa.Index("ix_match_decisions_other", "other_client_id"),
        sa.Index("ix_match_decisions_submission", "submission_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MatchKind] = mapped_column(enum_type(MatchKind))
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    other_client_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    submission_id: Mapped[str | None] = mapped_column(sa.String(36))
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.Text, default="")


class AuditEvent(Base):
    """One link of the hash chain (see store/audit.py). Holds field NAMES, never values."""

    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_entity", "entity", "entity_id"),
        sa.Index("ix_audit_events_client", "client_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None]
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None]
    client_id: Mapped[int | None]  # the client file this event belongs to (no FK: outlives deletes)
    action: Mapped[str] = mapped_column(sa.String(16))
    fields: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON list of changed field names
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)


class CaseloadMeta(Base):
    """Small key/value facts about this caseload (e.g. the intake device token for issue 6).

    Lives inside the encrypted database, never in settings."""

    __tablename__ = "caseload_meta"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text, default="")
