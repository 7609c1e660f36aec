"""Triage decisions that touch client files: a request becomes a new file, or joins an existing one.

Each function runs in the caller's transaction; the triage screen wraps the file change *and* the
decision (with its outbox entry, :func:`caseworker.intake.sync` rules) in one durable commit, so a crash
leaves either both or neither: a request is never turned into two files.

- :func:`create_client_from_request`: profile, household (each member gets a file of their own, linked
  by relationship), the consent the newcomer gave online, and the needs they asked for help with.
- :func:`add_request_to_client`: "same person as…": the existing file keeps everything it has; empty
  fields are filled from the request, new languages added, the consent and the needs recorded. Every
  change is audited, so the file's history shows what came from the request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from caseworker.core.domain import ContactPreference, DobPrecision, ImmigrationCategory
from caseworker.core.errors import ValidationError
from caseworker.intake.schema import IntakeSubmission
from caseworker.store.models import Client, ConsentMethod, ConsentScope, MessagingApp
from caseworker.store.repos import _common as v
from caseworker.store.repos import assessments, consents, households
from caseworker.store.repos import clients as clients_repo

_LATIN_OK = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u2019\u02bc]*$")
_LANG_OK = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{4})?$")


@dataclass(frozen=True)
class CreatedFile:
    client_id: int
    household_member_ids: tuple[int, ...]
    consent_id: int
    assessment_id: int | None


def _latin(value: str) -> str:
    """A Latin-letters name from the form; a newcomer may type their own script there: keep it out."""
    return value if _LATIN_OK.match(value or "") else ""


def _dob(submission: IntakeSubmission) -> tuple[date | None, DobPrecision | None]:
    dob = submission.person.date_of_birth
    if dob is None:
        return None, None
    precision = DobPrecision(dob.precision)
    return date(dob.year, dob.month or 1, dob.day or 1), precision


def _languages(submission: IntakeSubmission) -> list[str]:
    return [c for c in dict.fromkeys(submission.person.languages) if _LANG_OK.match(c)][
        : clients_repo.MAX_LANGUAGES
    ]


def _messaging(submission: IntakeSubmission) -> MessagingApp:
    if submission.person.contact_preference is ContactPreference.WHATSAPP:
        return MessagingApp.WHATSAPP
    return MessagingApp.NONE


def _record_consent_and_needs(
    session: Session, actor_id: int, client_id: int, submission: IntakeSubmission, today: date
) -> tuple[int, int | None]:
    consent = submission.consent
    consent_id = consents.give_consent(
        session,
        actor_id,
        client_id,
        ConsentScope.PRIVACY_STATEMENT,
        ConsentMethod.ONLINE,
        consent.language,
        notice_version=consent.notice_version,
        given_at=min(consent.at, datetime.now(UTC)),
    )
    assessment_id = None
    if submission.needs or submission.needs_text:
        assessment_id = assessments.record_assessment(
            session,
            actor_id,
            client_id,
            today,
            [assessments.ItemInput(domain=n) for n in submission.needs],
            summary=submission.needs_text,
        )
    return consent_id, assessment_id


def client_input(submission: IntakeSubmission) -> clients_repo.ClientInput:
    """The client file a request describes (the worker completes the rest later)."""
    p = submission.person
    born, precision = _dob(submission)
    return clients_repo.ClientInput(
        given_name=p.given_name,
        family_name=p.family_name,
        given_name_latin=_latin(p.given_name_latin),
        family_name_latin=_latin(p.family_name_latin),
        date_of_birth=born,
        dob_precision=precision,
        gender=p.gender,
        languages=_languages(submission),
        interpreter_needed=p.interpreter_needed,
        immigration_category=p.immigration_status,
        phone=p.phone,
        email=p.email,
        messaging_app=_messaging(submission),
        city=p.city,
        postal_code=p.postal_code,
    )


def create_client_from_request(
    session: Session,
    actor_id: int,
    submission: IntakeSubmission,
    *,
    assigned_worker_id: int | None = None,
    today: date | None = None,
) -> CreatedFile:
    """A new client file from the request: profile, household, consent and first needs, in one go."""
    day = today or datetime.now(UTC).date()
    data = client_input(submission)
    data.assigned_worker_id = assigned_worker_id
    client = clients_repo.create_client(session, actor_id, data)
    members: list[int] = []
    if submission.household:
        household_id = households.create_household(session, actor_id, client.id)
        for m in submission.household:
            born = date(m.birth_year, 1, 1) if m.birth_year and m.birth_year <= day.year else None
            member = clients_repo.create_client(
                session,
                actor_id,
                given_name=m.given_name,
                family_name=m.family_name,
                date_of_birth=born,
                dob_precision=DobPrecision.YEAR if born else None,
                languages=_languages(submission),
                immigration_category=submission.person.immigration_status,
                assigned_worker_id=assigned_worker_id,
            )
            households.add_member(session, actor_id, household_id, member.id, m.relationship)
            members.append(member.id)
    consent_id, assessment_id = _record_consent_and_needs(session, actor_id, client.id, submission, day)
    return CreatedFile(client.id, tuple(members), consent_id, assessment_id)


def add_request_to_client(
    session: Session,
    actor_id: int,
    client_id: int,
    submission: IntakeSubmission,
    *,
    today: date | None = None,
) -> list[str]:
    """ "Same person as": fill the existing file's empty fields from the request; returns what changed.

    Nothing on the file is overwritten (the worker checks differences on screen and edits the file
    if the newcomer's new details are the right ones); languages are added; the consent and needs
    are recorded. The request's household is not added (it may already be on file): the worker
    sees it in the request and links members by hand.
    """
    client = v.get_or_fail(session, Client, client_id, "client_id")
    if client.merged_into_id is not None:
        raise ValidationError("client_id", "this file was merged into another one; choose that one")
    day = today or datetime.now(UTC).date()
    data = client_input(submission)
    changes: dict[str, object] = {}
    for name in (
        "given_name",
        "family_name",
        "given_name_latin",
        "family_name_latin",
        "phone",
        "email",
        "city",
        "postal_code",
        "gender",
    ):
        new = getattr(data, name)
        if new and not getattr(client, name):
            changes[name] = new
    if client.date_of_birth is None and data.date_of_birth is not None:
        changes["date_of_birth"] = data.date_of_birth
        changes["dob_precision"] = data.dob_precision
    if (
        client.immigration_category is ImmigrationCategory.UNKNOWN
        and data.immigration_category != ImmigrationCategory.UNKNOWN
    ):
        changes["immigration_category"] = data.immigration_category
    if data.interpreter_needed and not client.interpreter_needed:
        changes["interpreter_needed"] = True
    have = [lang.code for lang in client.languages]
    extra = [c for c in data.languages if c not in have]
    if extra:
        changes["languages"] = (have + extra)[: clients_repo.MAX_LANGUAGES]
    changed = clients_repo.update_client(session, actor_id, client_id, **changes) if changes else []
    _record_consent_and_needs(session, actor_id, client_id, submission, day)
    return changed
