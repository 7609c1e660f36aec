"""Synthetic intake submissions: a synthetic person as they would fill in the public form.

Used by the intake server's demo queue and by tests and benchmarks of the sync engine. Core cannot
import the intake wire, so the adapter lives here.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from caseworker.core import synthetic
from caseworker.core.domain import ContactPreference
from caseworker.intake.schema import (
    Consent,
    DateOfBirth,
    HouseholdMember,
    IntakeSubmission,
    Person,
)

NOTICE_VERSION = "demo-2026-01"
_NAMESPACE = uuid.UUID("6f1d3c52-2b8e-4a53-9a7c-3f7f0e4b9d21")  # fixed: same person -> same id


def submission_id_for(key: str, salt: str = "") -> uuid.UUID:
    """A deterministic submission id: re-running a demo gives the same ids (import stays idempotent)."""
    return uuid.uuid5(_NAMESPACE, f"{key}/{salt}")


def to_intake_submission(
    person: synthetic.SyntheticPerson,
    *,
    created_at: datetime,
    submission_id: uuid.UUID | None = None,
    source: str = "web",
    form_language: str | None = None,
    include_household: bool = True,
) -> IntakeSubmission:
    """The form a person would submit: names as typed, needs in their language where we have a phrase."""
    if created_at.tzinfo is None:
        raise ValueError("created_at needs a time zone")
    lang = form_language or synthetic.FORM_LANGUAGE[person.origin]
    dob = person.dob
    contact = person.contact_preference
    if contact is ContactPreference.EMAIL and not person.email:
        contact = ContactPreference.PHONE
    given = person.given_name or person.given_name_latin
    needs_text = " ".join((n.text_native or n.text) for n in person.needs if not n.is_asset)
    return IntakeSubmission(
        submission_id=submission_id or submission_id_for(person.key),
        created_at=created_at,
        source=source,  # type: ignore[arg-type]  # validated by the model
        form_language=lang,
        consent=Consent(given=True, notice_version=NOTICE_VERSION, language=lang, at=created_at),
        person=Person(
            given_name=given,
            family_name=person.family_name if person.given_name else person.family_name_latin,
            given_name_latin=person.given_name_latin if person.script != "Latn" else "",
            family_name_latin=person.family_name_latin if person.script != "Latn" else "",
            date_of_birth=DateOfBirth(year=dob.year, month=dob.month, day=dob.day),
            gender=person.gender,
            phone=person.phone,
            email=person.email,
            contact_preference=contact,
            languages=list(person.languages),
            interpreter_needed=person.interpreter_needed,
            city=person.city,
            postal_code=person.postal_code,
            immigration_status=person.immigration_category,
        ),
        household=[
            HouseholdMember(
                given_name=m.given_name or m.given_name_latin,
                family_name=m.family_name or m.family_name_latin,
                relationship=m.relationship,
                birth_year=m.birth_year,
            )
            for m in person.household
        ]
        if include_household
        else [],
        needs=[n.domain for n in person.needs if not n.is_asset],
        needs_text=needs_text[:4000],
    )


def demo_submissions(
    seed: int | str,
    count: int,
    *,
    now: datetime,
    existing_people: int = 0,
    duplicate_share: float = 0.2,
    first_index: int | None = None,
    today: date | None = None,
) -> Iterator[tuple[IntakeSubmission, str | None]]:
    """``count`` submissions for a demo queue, with the demo caseload's person key they duplicate (or None).

    With the same ``seed`` as the demo caseload and ``existing_people`` = the number of people it drew
    (``synthetic.people_for_clients(seed, clients)`` for ``caseworker-admin demo --clients N``, or
    ``DemoSummary.people``), about ``duplicate_share`` of the submissions are retyped copies of demo
    clients (another spelling, swapped names, year-only birth date...), so the triage screen has real
    matches to find. The rest are new people (indices far after the caseload's). Submission times
    spread over the last two weeks before ``now``.
    """
    rng = random.Random(f"{seed}/demo-submissions")
    base = first_index if first_index is not None else max(existing_people, 0) + 1_000_000
    ref = today or synthetic.REFERENCE_DATE
    for i in range(count):
        created = now - timedelta(minutes=rng.randint(5, 14 * 24 * 60))
        if existing_people > 0 and rng.random() < duplicate_share:
            original = synthetic.person(seed, rng.randrange(existing_people), today=ref)
            v = synthetic.variant(original, f"{seed}/demo/{i}")
            sub = to_intake_submission(
                v.person, created_at=created, submission_id=submission_id_for(original.key, f"dup{i}")
            )
            yield sub, original.key
        else:
            p = synthetic.person(seed, base + i, today=ref)
            yield to_intake_submission(p, created_at=created), None
