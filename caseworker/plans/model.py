"""A settlement plan as a printable document: plain data, no Qt, no database.

Everything a worker typed is a :class:`WorkerText`: the text as typed (in whatever language the worker
used) plus, optionally, its translation into the client's language. The renderer puts the typed text in
the official-language column and the translation (when there is one) in the client-language column.
Template text (headings, labels, the consent statement) is not here: it comes from the gettext catalogs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True)
class WorkerText:
    text: str
    translation: str | None = None

    @classmethod
    def of(cls, text: str | None, translation: str | None = None) -> WorkerText:
        return cls(text or "", translation or None)


@dataclass(frozen=True)
class AgencyHeader:
    name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    logo_path: Path | None = None  # a local PNG/JPEG file; never a URL


@dataclass(frozen=True)
class PersonName:
    latin: str  # as written in Latin script (on immigration documents)
    native: str | None = None  # in the person's own script, when recorded


@dataclass(frozen=True)
class ClientSummary:
    client_id: str  # the agency's file number, printed as is
    name: PersonName
    date_of_birth: dt.date | None = None
    uci: str | None = None  # IRCC Unique Client Identifier
    language_code: str = "en"
    arrival_date: dt.date | None = None
    household_size: int | None = None


class ItemKind(StrEnum):
    NEED = "need"
    ASSET = "asset"


@dataclass(frozen=True)
class NeedItem:
    domain: str  # a caseworker.core.domain.NeedDomain value (or free text for other domains)
    text: WorkerText
    kind: ItemKind = ItemKind.NEED


@dataclass(frozen=True)
class Goal:
    text: WorkerText
    target_date: dt.date | None = None


class Owner(StrEnum):
    CLIENT = "client"
    WORKER = "worker"
    BOTH = "both"
    OTHER = "other"


@dataclass(frozen=True)
class Action:
    text: WorkerText
    owner: Owner = Owner.CLIENT
    owner_name: str = ""  # who, when owner is OTHER (a family member, a volunteer)
    due: dt.date | None = None
    done: bool = False


@dataclass(frozen=True)
class Referral:
    organisation: str
    service: WorkerText
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    follow_up: dt.date | None = None


@dataclass(frozen=True)
class Appointment:
    when: dt.datetime
    place: WorkerText = field(default_factory=lambda: WorkerText(""))
    with_whom: str = ""


@dataclass(frozen=True)
class PlanDocument:
    agency: AgencyHeader
    client: ClientSummary
    plan_date: dt.date
    worker_name: str
    needs: tuple[NeedItem, ...] = ()
    goals: tuple[Goal, ...] = ()
    actions: tuple[Action, ...] = ()
    referrals: tuple[Referral, ...] = ()
    next_appointment: Appointment | None = None
    notes: tuple[WorkerText, ...] = ()
    interpreter_name: str = ""
    # The agency's own consent wording (and its translation); None = the standard template statement.
    consent: WorkerText | None = None


@dataclass(frozen=True)
class RenderOptions:
    """How to print: which official language, which client language, and what to do about gaps."""

    official: str = "en"  # "en" or "fr"
    language: str = "ar"  # the client's language (a caseworker.i18n.languages code)
    official_only_rows_when_missing: bool = (
        True  # print rows lacking a translation in the official language only
    )
    max_field_chars: int = 4000  # longer worker text is cut with "continued in file"
    translations_root: Path | None = None  # for tests; None = the app's translations/
    fonts_dir: Path | None = None  # for tests; None = the app's resources/fonts
    page_size: str = "letter"  # "letter" or "a4"
