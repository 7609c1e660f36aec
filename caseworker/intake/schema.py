"""The intake wire: what a newcomer's request is, shared by the server, the desktop and volunteers.

Strict at the edge: unknown fields, over-long strings, control characters, NaN/Infinity and duplicate
JSON keys are refused; text is normalised to NFC; bidi override characters are stripped from names
while every script's letters are kept. The same model validates the public form, a volunteer's
offline push and what the desktop stores in its caseload.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from caseworker.core import text as text_rules
from caseworker.core.domain import (
    ContactPreference,
    Gender,
    ImmigrationCategory,
    NeedDomain,
    Relationship,
)
from caseworker.core.identifiers import forward_sortation_area, normalise_phone, normalise_postal_code

SCHEMA_VERSION = 1

NAME_MAX = 100
SHORT_MAX = 200
FREE_TEXT_MAX = 4000
MAX_HOUSEHOLD = 20
MAX_LANGUAGES = 10
MAX_BODY_BYTES = 64 * 1024  # a whole submission is a few KB; anything much larger is not a person typing

_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{4})?$")


def _name(value: str) -> str:
    return text_rules.clean_name(value)


def _line(value: str) -> str:
    value = text_rules.clean_text(value, multiline=False)
    return " ".join(value.split())


def _free(value: str) -> str:
    return text_rules.clean_text(value, multiline=True)


Name = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_name)]
Line = Annotated[str, Field(max_length=SHORT_MAX), AfterValidator(_line)]
FreeText = Annotated[str, Field(max_length=FREE_TEXT_MAX), AfterValidator(_free)]
LangCode = Annotated[str, Field(pattern=_LANG_RE.pattern, max_length=8)]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        allow_inf_nan=False,
        frozen=True,
    )


class DateOfBirth(_Strict):
    """A date of birth as far as it is known: many newcomers know only the year."""

    year: int = Field(ge=1900, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _consistent(self) -> DateOfBirth:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.day is not None and self.month is not None:
            date(self.year, self.month, self.day)  # raises ValueError for 31 February
        if date(self.year, self.month or 1, self.day or 1) > datetime.now(UTC).date():
            raise ValueError("a date of birth cannot be in the future")
        return self

    @property
    def precision(self) -> Literal["full", "year_month", "year"]:
        if self.day is not None:
            return "full"
        if self.month is not None:
            return "year_month"
        return "year"


class Person(_Strict):
    """About the newcomer: names as they write them and in Latin letters."""

    given_name: Name = Field(min_length=1, description="Given name as the person writes it")
    family_name: Name = Field(default="", description="Family name as the person writes it")
    given_name_latin: Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_name)] = ""
    family_name_latin: Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_name)] = ""
    date_of_birth: DateOfBirth | None = None
    gender: Gender | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    contact_preference: ContactPreference = ContactPreference.PHONE
    languages: list[LangCode] = Field(default_factory=list, max_length=MAX_LANGUAGES)
    interpreter_needed: bool = False
    city: Line = ""
    postal_code: Annotated[str, Field(max_length=10)] | None = None
    immigration_status: ImmigrationCategory = ImmigrationCategory.UNKNOWN

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        return normalise_phone(v) if v else None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if not v:
            return None
        v = text_rules.nfc(v.strip())
        if not _EMAIL_RE.match(v):
            raise ValueError("this does not look like an email address")
        return v

    @field_validator("postal_code")
    @classmethod
    def _postal(cls, v: str | None) -> str | None:
        return normalise_postal_code(v) if v else None

    @model_validator(mode="after")
    def _reachable(self) -> Person:
        if (
            self.contact_preference
            in (ContactPreference.PHONE, ContactPreference.SMS, ContactPreference.WHATSAPP)
            and not self.phone
            and not self.email
        ):
            raise ValueError("give a phone number or an email address so an agency can reach you")
        if self.contact_preference == ContactPreference.EMAIL and not self.email:
            raise ValueError("give an email address, or choose another way to be contacted")
        return self


class HouseholdMember(_Strict):
    given_name: Name = Field(min_length=1)
    family_name: Name = ""
    relationship: Relationship = Relationship.OTHER
    birth_year: int | None = Field(default=None, ge=1900, le=2100)


class Consent(_Strict):
    """Explicit consent to the privacy notice shown in ``language`` (version identifies its text)."""

    given: Literal[True]
    notice_version: Annotated[str, Field(max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]
    language: LangCode
    at: datetime

    @field_validator("at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("the consent time needs a time zone")
        return v.astimezone(UTC)


class IntakeSubmission(_Strict):
    """One request for help. ``submission_id`` is the idempotency key everywhere it travels."""

    schema_version: Literal[1] = 1
    submission_id: uuid.UUID
    created_at: datetime
    source: Literal["web", "volunteer", "desk"] = "web"
    form_language: LangCode
    consent: Consent
    person: Person
    household: list[HouseholdMember] = Field(default_factory=list, max_length=MAX_HOUSEHOLD)
    needs: list[NeedDomain] = Field(default_factory=list, max_length=len(NeedDomain))
    needs_text: FreeText = ""

    @field_validator("created_at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("the time needs a time zone")
        return v.astimezone(UTC)

    @field_validator("needs")
    @classmethod
    def _unique_needs(cls, v: list[NeedDomain]) -> list[NeedDomain]:
        return list(dict.fromkeys(v))

    def metadata(self) -> QueueMetadata:
        """What an agency's queue list may show before a claim: nothing that identifies the person."""
        region = forward_sortation_area(self.person.postal_code) if self.person.postal_code else None
        return QueueMetadata(
            languages=list(self.person.languages),
            needs=list(self.needs),
            region=region,
            household_size=1 + len(self.household),
            interpreter_needed=self.person.interpreter_needed,
            form_language=self.form_language,
        )


class QueueMetadata(_Strict):
    languages: list[str]
    needs: list[NeedDomain]
    region: str | None
    household_size: int
    interpreter_needed: bool
    form_language: str


class StrictJSONError(ValueError):
    """Raised for JSON that Python would accept but we must not: NaN, Infinity, duplicate keys."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise StrictJSONError(f"duplicate key {key!r}"[:80])
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise StrictJSONError(f"{name} is not a number")


def loads_strict(raw: bytes | str) -> Any:
    """``json.loads`` that refuses NaN/Infinity and duplicate keys (Python's json accepts both)."""
    if isinstance(raw, bytes) and len(raw) > MAX_BODY_BYTES:
        raise StrictJSONError("the request is too large")
    return json.loads(raw, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def parse_submission(raw: bytes | str) -> IntakeSubmission:
    """Parse a submission from untrusted JSON bytes (a volunteer push, a stored copy)."""
    return IntakeSubmission.model_validate(loads_strict(raw))
