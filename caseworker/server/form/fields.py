"""The form's steps, its fields as typed, and how they become the strict wire model.

Answers are kept as the person typed them (strings) until the end, so a page shown again after an error
or after Back shows exactly what was there. Each step is validated with the same pydantic models the
wire uses (caseworker.intake.schema); pydantic's errors are mapped to the field they belong to and to
a plain message msgid that the page translates.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from caseworker.core import text as text_rules
from caseworker.core.domain import ContactPreference, Gender, ImmigrationCategory, NeedDomain, Relationship
from caseworker.i18n import languages as registry
from caseworker.intake.schema import (
    FREE_TEXT_MAX,
    MAX_HOUSEHOLD,
    NAME_MAX,
    SHORT_MAX,
    Consent,
    HouseholdMember,
    IntakeSubmission,
    Person,
)
from caseworker.server.form.i18n import N_

NOTICE_VERSION = "2026-11.1"

STEPS: tuple[str, ...] = ("language", "privacy", "about", "household", "needs", "review")

# Per-field maximum lengths (characters). Longer input is cut to this and the person is told.
MAX_LEN: dict[str, int] = {
    "given_name": NAME_MAX,
    "family_name": NAME_MAX,
    "given_name_latin": NAME_MAX,
    "family_name_latin": NAME_MAX,
    "dob_year": 4,
    "dob_month": 2,
    "dob_day": 2,
    "dob_year_only": 3,
    "gender": 20,
    "phone": 40,
    "email": 254,
    "contact": 20,
    "languages": 10,
    "interpreter": 3,
    "city": SHORT_MAX,
    "postal_code": 10,
    "status": 30,
    "needs": 30,
    "needs_text": FREE_TEXT_MAX,
    "consent": 3,
    "given": NAME_MAX,
    "family": NAME_MAX,
    "rel": 20,
    "year": 4,
}

STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "language": (),
    "privacy": ("consent",),
    "about": (
        "given_name",
        "family_name",
        "given_name_latin",
        "family_name_latin",
        "dob_year",
        "dob_month",
        "dob_day",
        "dob_year_only",
        "gender",
        "phone",
        "email",
        "contact",
        "languages",
        "interpreter",
        "city",
        "postal_code",
        "status",
    ),
    "household": (),
    "needs": ("needs", "needs_text"),
    "review": (),
}
LIST_FIELDS = frozenset({"languages", "needs"})
MEMBER_FIELDS: tuple[str, ...] = ("given", "family", "rel", "year")

NEED_LABELS: dict[str, str] = {
    NeedDomain.HOUSING: N_("A place to live"),
    NeedDomain.EMPLOYMENT: N_("Finding work"),
    NeedDomain.LANGUAGE: N_("Learning English or French"),
    NeedDomain.EDUCATION: N_("School or studies"),
    NeedDomain.HEALTH: N_("Health care, a doctor"),
    NeedDomain.MENTAL_HEALTH: N_("Stress, worry, feeling sad"),
    NeedDomain.LEGAL_IMMIGRATION: N_("Immigration papers, legal help"),
    NeedDomain.FINANCIAL: N_("Money, bank, taxes, benefits"),
    NeedDomain.CHILDCARE: N_("Child care"),
    NeedDomain.TRANSPORTATION: N_("Getting around, bus, driving"),
    NeedDomain.COMMUNITY: N_("Meeting people, community"),
    NeedDomain.DIGITAL_SKILLS: N_("Using a phone or computer"),
}

STATUS_LABELS: dict[str, str] = {
    ImmigrationCategory.UNKNOWN: N_("I am not sure"),
    ImmigrationCategory.GAR: N_("Refugee, brought by the government"),
    ImmigrationCategory.PSR: N_("Refugee, sponsored by a private group"),
    ImmigrationCategory.BVOR: N_("Refugee, blended sponsorship (BVOR)"),
    ImmigrationCategory.JAS: N_("Refugee, joint sponsorship (JAS)"),
    ImmigrationCategory.PROTECTED_PERSON: N_("Protected person"),
    ImmigrationCategory.ASYLUM_CLAIMANT: N_("I asked for asylum here (refugee claimant)"),
    ImmigrationCategory.ECONOMIC: N_("Permanent resident, came to work"),
    ImmigrationCategory.FAMILY: N_("Permanent resident, came to join family"),
    ImmigrationCategory.CUAET: N_("Came from Ukraine (CUAET)"),
    ImmigrationCategory.TEMPORARY_RESIDENT: N_("Visitor, student or worker (temporary)"),
    ImmigrationCategory.CITIZEN: N_("Canadian citizen"),
    ImmigrationCategory.OTHER: N_("Something else"),
}

GENDER_LABELS: dict[str, str] = {
    Gender.FEMALE: N_("Woman"),
    Gender.MALE: N_("Man"),
    Gender.ANOTHER: N_("Another gender"),
    Gender.PREFER_NOT: N_("I prefer not to say"),
}

CONTACT_LABELS: dict[str, str] = {
    ContactPreference.PHONE: N_("Phone call"),
    ContactPreference.SMS: N_("Text message"),
    ContactPreference.WHATSAPP: N_("WhatsApp"),
    ContactPreference.EMAIL: N_("Email"),
}

RELATIONSHIP_LABELS: dict[str, str] = {
    Relationship.SPOUSE: N_("Husband, wife or partner"),
    Relationship.CHILD: N_("Child"),
    Relationship.PARENT: N_("Parent"),
    Relationship.SIBLING: N_("Brother or sister"),
    Relationship.GRANDPARENT: N_("Grandparent"),
    Relationship.OTHER: N_("Other family or friend"),
}

MONTHS: tuple[str, ...] = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

# Messages shown beside a field. The schema's English messages are matched to plain msgids here.
MSG_REQUIRED = N_("Please fill this in.")
MSG_TOO_LONG = N_("This is too long. Please use at most %(max)s characters. We kept the first %(max)s.")
MSG_CHOOSE = N_("Please choose one of the answers.")
MSG_CHECK = N_("Please check this answer.")
MSG_CONSENT = N_("Please tick the box to say you agree. If you do not agree, you can close this page.")
MSG_YEAR = N_("Write the year with 4 numbers, like 1990.")
MSG_DAY = N_("Write the day as a number from 1 to 31.")
MSG_NO_DATE = N_("This date does not exist. Please check the day and the month.")
MSG_MEMBER_NAME = N_("Please write this person's first name, or remove the person.")
MSG_NEEDS = N_("Please choose at least one thing, or write in the box.")
MSG_TOO_MANY_MEMBERS = N_("You can add up to %(max)s people here. Tell the agency about the others.")

_SCHEMA_MESSAGES: tuple[tuple[str, str], ...] = (
    ("control characters", N_("This has hidden characters we cannot accept. Please type it again.")),
    ("email address so", N_("Please give a phone number or an email address so an agency can reach you.")),
    ("phone number", N_("Please check the phone number, for example 416 555 0123.")),
    ("choose another way", N_("You chose email. Please write your email address, or choose another way.")),
    ("email address", N_("Please check the email address, for example name@example.com.")),
    ("postal code", N_("A postal code looks like A1A 1A1. You can leave it empty.")),
    ("a day needs a month", N_("Please choose the month too, or tick “I only know the year”.")),
    ("in the future", N_("This date is in the future. Please check it.")),
    ("out of range for month", MSG_NO_DATE),
)

_DIGITS = re.compile(r"^[0-9]{1,4}$")


def _to_ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian and other decimal digits typed on a phone keyboard become 0-9."""
    out = []
    for ch in text:
        if ch.isdecimal():
            try:
                out.append(str(int(ch)))
                continue
            except ValueError:
                pass
        out.append(ch)
    return "".join(out).strip()


@dataclass
class FieldErrors:
    """Messages (msgids, with format args) keyed by field name, in the order they were found."""

    items: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    def add(self, name: str, msgid: str, **args: Any) -> None:
        self.items.setdefault(name, (msgid, args))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __contains__(self, name: str) -> bool:
        return name in self.items


def message_for(err: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A plain msgid (and its format arguments) for one pydantic error."""
    kind = err.get("type", "")
    text = str(err.get("msg", ""))
    ctx = err.get("ctx") or {}
    if kind in ("missing", "string_too_short"):
        return MSG_REQUIRED, {}
    if kind == "string_too_long":
        return MSG_TOO_LONG, {"max": ctx.get("max_length", "")}
    if kind in ("enum", "literal_error"):
        return MSG_CHOOSE, {}
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_type"):
        return MSG_CHECK, {}
    for needle, msgid in _SCHEMA_MESSAGES:
        if needle in text:
            return msgid, {}
    return MSG_CHECK, {}


@dataclass
class Answers:
    """Everything typed so far, as typed. Serialised into the signed hidden field between steps."""

    submission_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    values: dict[str, Any] = field(default_factory=dict)
    members: list[dict[str, str]] = field(default_factory=list)
    consent_at: str | None = None
    honeypot: bool = False
    created_at: str | None = None  # fixed when the review is first shown: a re-sent page is the same body

    def to_state(self) -> dict[str, Any]:
        return {
            "v": 1,
            "sid": self.submission_id,
            "f": self.values,
            "m": self.members,
            "c": self.consent_at,
            "h": self.honeypot,
            "t": self.created_at,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Answers:
        sid = state.get("sid")
        try:
            sid = str(uuid.UUID(str(sid)))
        except ValueError:
            sid = str(uuid.uuid4())
        values = state.get("f") if isinstance(state.get("f"), dict) else {}
        members = [m for m in state.get("m") or [] if isinstance(m, dict)][:MAX_HOUSEHOLD]
        consent_at = state.get("c") if isinstance(state.get("c"), str) else None
        created_at = state.get("t") if isinstance(state.get("t"), str) else None
        return cls(sid, dict(values or {}), members, consent_at, bool(state.get("h")), created_at)

    def get(self, name: str) -> str:
        value = self.values.get(name, "")
        return value if isinstance(value, str) else ""

    def get_list(self, name: str) -> list[str]:
        value = self.values.get(name, [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def take_step_fields(answers: Answers, step: str, form: dict[str, list[str]], errors: FieldErrors) -> None:
    """Copy the posted fields of ``step`` into ``answers``; over-long values are cut and reported."""
    for name in STEP_FIELDS.get(step, ()):
        limit = MAX_LEN.get(name, SHORT_MAX)
        if name in LIST_FIELDS:
            items = [v for v in form.get(name, []) if v][:20]
            answers.values[name] = [v[:limit] for v in items]
            continue
        value = (form.get(name) or [""])[0]
        if len(value) > limit:
            errors.add(name, MSG_TOO_LONG, max=limit)
            value = value[:limit]
        answers.values[name] = value
    if step == "household":
        members: list[dict[str, str]] = []
        for i in range(MAX_HOUSEHOLD + 1):
            if f"m{i}_present" not in form:
                continue
            row: dict[str, str] = {}
            for name in MEMBER_FIELDS:
                value = (form.get(f"m{i}_{name}") or [""])[0]
                limit = MAX_LEN[name]
                if len(value) > limit:
                    errors.add(f"m{len(members)}_{name}", MSG_TOO_LONG, max=limit)
                    value = value[:limit]
                row[name] = value
            members.append(row)
        answers.members = members[:MAX_HOUSEHOLD]


def _member_blank(row: dict[str, str]) -> bool:
    return not any((row.get(k) or "").strip() for k in ("given", "family", "year"))


def person_payload(answers: Answers, errors: FieldErrors) -> dict[str, Any]:
    """The Person fields as the wire model wants them (pre-checks that need the raw text go here)."""
    g = answers.get
    dob: dict[str, Any] | None = None
    year = _to_ascii_digits(g("dob_year"))
    if year:
        if not _DIGITS.match(year) or len(year) != 4:
            errors.add("dob_year", MSG_YEAR)
        else:
            dob = {"year": int(year)}
            if not g("dob_year_only"):
                month = g("dob_month")
                day = _to_ascii_digits(g("dob_day"))
                if month:
                    if month.isdigit() and 1 <= int(month) <= 12:
                        dob["month"] = int(month)
                    else:
                        errors.add("dob_month", MSG_CHOOSE)
                if day:
                    if _DIGITS.match(day) and 1 <= int(day) <= 31:
                        dob["day"] = int(day)
                    else:
                        errors.add("dob_day", MSG_DAY)
    elif g("dob_day") or g("dob_month"):
        errors.add("dob_year", MSG_YEAR)
    return {
        "given_name": g("given_name"),
        "family_name": g("family_name"),
        "given_name_latin": g("given_name_latin"),
        "family_name_latin": g("family_name_latin"),
        "date_of_birth": dob,
        "gender": g("gender") or None,
        "phone": g("phone").strip() or None,
        "email": g("email").strip() or None,
        "contact_preference": g("contact") or ContactPreference.PHONE.value,
        "languages": [c for c in answers.get_list("languages")][:10],
        "interpreter_needed": g("interpreter") == "yes",
        "city": g("city"),
        "postal_code": g("postal_code").strip() or None,
        "immigration_status": g("status") or ImmigrationCategory.UNKNOWN.value,
    }


_PERSON_FIELD_FOR_LOC: dict[str, str] = {
    "date_of_birth": "dob_year",
    "contact_preference": "contact",
    "interpreter_needed": "interpreter",
    "immigration_status": "status",
}


def _person_field(err: dict[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ())]
    if not loc:
        return "email" if "choose another way" in str(err.get("msg", "")) else "phone"
    head = loc[0]
    if head == "date_of_birth":
        if len(loc) > 1 and loc[1] in ("month", "day"):
            return f"dob_{loc[1]}"
        msg = str(err.get("msg", ""))
        if "day needs a month" in msg:
            return "dob_month"
        if "out of range" in msg:
            return "dob_day"
        return "dob_year"
    return _PERSON_FIELD_FOR_LOC.get(head, head)


def validate_person(answers: Answers, errors: FieldErrors) -> Person | None:
    payload = person_payload(answers, errors)
    known = {lang.iso639 for lang in registry.LANGUAGES}
    payload["languages"] = [c for c in payload["languages"] if c in known]
    try:
        person = Person.model_validate(payload)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            msgid, args = message_for(dict(err))
            errors.add(_person_field(dict(err)), msgid, **args)
        return None
    return None if errors else person


def validate_consent(answers: Answers, errors: FieldErrors) -> None:
    if answers.get("consent") != "yes":
        errors.add("consent", MSG_CONSENT)


def validate_members(answers: Answers, errors: FieldErrors) -> list[HouseholdMember]:
    """Blank rows are dropped; every other row must make a valid member."""
    answers.members = [m for m in answers.members if not _member_blank(m)]
    out: list[HouseholdMember] = []
    for i, row in enumerate(answers.members):
        year = _to_ascii_digits(row.get("year", ""))
        payload: dict[str, Any] = {
            "given_name": row.get("given", ""),
            "family_name": row.get("family", ""),
            "relationship": row.get("rel") or Relationship.OTHER.value,
            "birth_year": None,
        }
        if year:
            if _DIGITS.match(year) and len(year) == 4:
                payload["birth_year"] = int(year)
            else:
                errors.add(f"m{i}_year", MSG_YEAR)
        if not row.get("given", "").strip():
            errors.add(f"m{i}_given", MSG_MEMBER_NAME)
            continue
        try:
            out.append(HouseholdMember.model_validate(payload))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = [str(p) for p in err.get("loc", ())]
                name = {"given_name": "given", "family_name": "family", "relationship": "rel"}.get(
                    loc[0] if loc else "", "year"
                )
                msgid, args = message_for(dict(err))
                errors.add(f"m{i}_{name}", msgid, **args)
    return out


def validate_needs(answers: Answers, errors: FieldErrors) -> tuple[list[NeedDomain], str]:
    needs = [NeedDomain(n) for n in answers.get_list("needs") if n in NeedDomain._value2member_map_]
    text = answers.get("needs_text")
    if not needs and not text.strip():
        errors.add("needs", MSG_NEEDS)
    try:
        text = text_rules.clean_text(text, multiline=True)  # the wire's free-text hygiene
    except ValueError as exc:
        msgid, args = message_for({"type": "value_error", "msg": str(exc)})
        errors.add("needs_text", msgid, **args)
    return needs, text


def validate_step(step: str, answers: Answers, errors: FieldErrors) -> None:
    if step == "privacy":
        validate_consent(answers, errors)
    elif step == "about":
        validate_person(answers, errors)
    elif step == "household":
        validate_members(answers, errors)
    elif step == "needs":
        validate_needs(answers, errors)


def build_submission(
    answers: Answers, form_language: str, errors: FieldErrors
) -> tuple[IntakeSubmission | None, str]:
    """The whole wire model, or None with ``errors`` filled and the first step that needs a fix."""
    validate_consent(answers, errors)
    if errors:
        return None, "privacy"
    person = validate_person(answers, errors)
    if errors or person is None:
        return None, "about"
    members = validate_members(answers, errors)
    if errors:
        return None, "household"
    needs, text = validate_needs(answers, errors)
    if errors:
        return None, "needs"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    consent_at = answers.consent_at or now
    try:
        submission = IntakeSubmission(
            submission_id=uuid.UUID(answers.submission_id),
            created_at=answers.created_at or now,  # type: ignore[arg-type]
            source="web",
            form_language=form_language,
            consent=Consent(given=True, notice_version=NOTICE_VERSION, language=form_language, at=consent_at),  # type: ignore[arg-type]
            person=person,
            household=members,
            needs=needs,
            needs_text=text,
        )
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            msgid, args = message_for(dict(err))
            errors.add("needs_text", msgid, **args)
        return None, "needs"
    return submission, "review"
