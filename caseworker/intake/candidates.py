"""Who might this request already be? The triage screen's bridge from the caseload to matching.

Builds :class:`caseworker.core.matching.MatchRecord` s from client files and from intake requests,
an index of the caseload's clients (merged files left out: they live on in their survivor), and the
"not the same person" decisions of ``match_decisions`` as exclusions. Ids: a client is ``str(client.id)``,
a request is its submission id (a UUID string), so the two never collide.

Build the index once on the database worker when the caseload is unlocked (about 10 s for 100,000
clients) and keep it current with ``index.add(client_record(...))`` after "create client".
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.core.domain import DobPrecision
from caseworker.core.matching import Candidate, MatchIndex, MatchRecord, rank
from caseworker.intake.schema import IntakeSubmission
from caseworker.store.models import Client, FileStatus, Identifier, MatchDecision, MatchKind


def submission_record(submission: IntakeSubmission) -> MatchRecord:
    person = submission.person
    dob = person.date_of_birth
    return MatchRecord(
        id=str(submission.submission_id),
        given_name=person.given_name,
        family_name=person.family_name,
        given_name_latin=person.given_name_latin,
        family_name_latin=person.family_name_latin,
        birth_year=dob.year if dob else None,
        birth_month=dob.month if dob else None,
        birth_day=dob.day if dob else None,
        phone=person.phone,
    )


def client_record(client: Client, identifiers: dict[str, str] | None = None) -> MatchRecord:
    dob = client.date_of_birth
    precision = client.dob_precision
    return MatchRecord(
        id=str(client.id),
        given_name=client.given_name or "",
        family_name=client.family_name or "",
        given_name_latin=client.given_name_latin or "",
        family_name_latin=client.family_name_latin or "",
        birth_year=dob.year if dob else None,
        birth_month=dob.month if dob and precision in (DobPrecision.FULL, DobPrecision.YEAR_MONTH) else None,
        birth_day=dob.day if dob and precision is DobPrecision.FULL else None,
        phone=client.phone,
        identifiers=identifiers or {},
    )


def build_index(session: Session) -> MatchIndex:
    """Every client file that is not merged into another, with its identifiers."""
    ids_by_client: dict[int, dict[str, str]] = defaultdict(dict)
    for client_id, kind, value in session.execute(
        select(Identifier.client_id, Identifier.kind, Identifier.value)
    ).all():
        ids_by_client[client_id][str(kind)] = value
    clients = session.scalars(select(Client).where(Client.file_status != FileStatus.MERGED))
    return MatchIndex.build(client_record(c, ids_by_client.get(c.id)) for c in clients)


def exclusions(session: Session, submission_id: str) -> set[frozenset[str]]:
    """Pairs a worker declared "not the same person" that concern this request."""
    rows = session.scalars(
        select(MatchDecision.client_id).where(
            MatchDecision.kind == MatchKind.NOT_SAME_PERSON, MatchDecision.submission_id == submission_id
        )
    )
    return {frozenset({submission_id, str(client_id)}) for client_id in rows}


def candidates(
    session: Session, index: MatchIndex, submission: IntakeSubmission, *, limit: int = 5
) -> list[Candidate]:
    """The clients this request might be, best first (``Candidate.id`` is the client id as text)."""
    sid = str(submission.submission_id)
    return rank(submission_record(submission), index, limit=limit, excluded=exclusions(session, sid))
