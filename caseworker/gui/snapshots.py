"""Plain snapshots of caseload data crossing from the worker thread to the GUI (no ORM rows escape)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ClientRow:
    id: int
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    preferred_name: str
    languages: tuple[str, ...]
    immigration_category: str
    file_status: str
    next_follow_up: dt.date | None
    last_contact: dt.date | None
    assigned_worker_id: int | None = None


@dataclass(frozen=True)
class IdentifierRow:
    id: int
    kind: str
    value: str


@dataclass(frozen=True)
class MemberRow:
    client_id: int
    name: str
    native_name: str
    relation: str
    is_principal: bool


@dataclass(frozen=True)
class ConsentRow:
    id: int
    scope: str
    recipient: str
    method: str
    language: str
    given_at: dt.datetime
    expires_on: dt.date | None
    revoked_at: dt.datetime | None

    def state(self, today: dt.date) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on is not None and self.expires_on < today:
            return "expired"
        return "given"


@dataclass(frozen=True)
class NeedRow:
    id: int
    domain: str
    kind: str
    priority: str
    description: str
    assessed_on: dt.date


@dataclass(frozen=True)
class ActionRow:
    id: int
    text: str
    text_translation: str
    owner: str
    owner_name: str
    due_date: dt.date | None
    status: str


@dataclass(frozen=True)
class GoalRow:
    id: int
    domain: str
    text: str
    text_translation: str
    status: str
    target_date: dt.date | None
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class ReferralRow:
    id: int
    to_whom: str
    reason: str
    reason_translation: str
    status: str
    follow_up_on: dt.date | None


@dataclass(frozen=True)
class PlanData:
    id: int | None
    title: str
    translation_language: str
    status: str
    goals: tuple[GoalRow, ...]
    referrals: tuple[ReferralRow, ...]


@dataclass(frozen=True)
class NoteRow:
    id: int
    created_at: dt.datetime
    author: str
    private: bool
    body: str


@dataclass(frozen=True)
class ServiceRow:
    id: int
    delivered_on: dt.date
    service_type: str
    channel: str
    minutes: int
    note: str


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    actor: str
    entity: str
    action: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class FileData:
    """Everything the client file shows, read in one worker round trip."""

    id: int
    profile: dict[str, Any]
    languages: tuple[str, ...]
    identifiers: tuple[IdentifierRow, ...]
    household: tuple[MemberRow, ...]
    consents: tuple[ConsentRow, ...]
    needs: tuple[NeedRow, ...]
    plan: PlanData
    notes: tuple[NoteRow, ...]
    services: tuple[ServiceRow, ...]
    history: tuple[HistoryRow, ...] = field(default=())


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
