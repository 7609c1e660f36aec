"""Match decisions for issue 6: "these two are not the same person" (remembered so matching stops
proposing the pair) and merges (one client absorbed into another; both records and their history kept).

A merge moves the absorbed file's notes, services, consents, assessments, plans, identifiers and
languages to the surviving client, marks the absorbed client ``merged`` with ``merged_into_id``, and
records a MatchDecision. The absorbed row is never deleted: its audit events stay under its own id and
:func:`merged_ids` lets the History tab show them with the survivor's.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import (
    Assessment,
    AuditAction,
    Client,
    ClientLanguage,
    Consent,
    FileStatus,
    HouseholdMember,
    Identifier,
    MatchDecision,
    MatchKind,
    Note,
    Plan,
    ServiceRecord,
)
from caseworker.store.repos import _common as v


def _pair(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise ValidationError("other_client_id", "a client is always the same person as themselves")
    return (a, b) if a < b else (b, a)


def declare_not_same(session: Session, actor_id: int, client_a: int, client_b: int, note: str = "") -> int:
    """Remember that two clients are different people. Idempotent."""
    low, high = _pair(client_a, client_b)
    v.get_or_fail(session, Client, low, "client_id")
    v.get_or_fail(session, Client, high, "other_client_id")
    existing = session.scalars(
        sa.select(MatchDecision).where(
            MatchDecision.kind == MatchKind.NOT_SAME_PERSON,
            MatchDecision.client_id == low,
            MatchDecision.other_client_id == high,
        )
    ).first()
    if existing is not None:
        return existing.id
    row = MatchDecision(
        kind=MatchKind.NOT_SAME_PERSON,
        client_id=low,
        other_client_id=high,
        decided_by=actor_id,
        decided_at=v.now(),
        note=v.free_text("note", note, max_len=2000),
    )
    return v.created(session, actor_id, row, "match_decisions", low, ["kind", "client_id", "other_client_id"])


def declare_request_not_client(
    session: Session, actor_id: int, submission_id: str, client_id: int, note: str = ""
) -> int:
    """Remember that an intake request is not from this existing client. Idempotent."""
    v.get_or_fail(session, Client, client_id, "client_id")
    existing = session.scalars(
        sa.select(MatchDecision).where(
            MatchDecision.kind == MatchKind.NOT_SAME_PERSON,
            MatchDecision.client_id == client_id,
            MatchDecision.submission_id == str(submission_id),
        )
    ).first()
    if existing is not None:
        return existing.id
    row = MatchDecision(
        kind=MatchKind.NOT_SAME_PERSON,
        client_id=client_id,
        submission_id=str(submission_id),
        decided_by=actor_id,
        decided_at=v.now(),
        note=v.free_text("note", note, max_len=2000),
    )
    return v.created(
        session, actor_id, row, "match_decisions", client_id, ["kind", "client_id", "submission_id"]
    )


def not_same_as(session: Session, client_id: int) -> set[int]:
    """Clients declared different people from ``client_id``."""
    rows = session.execute(
        sa.select(MatchDecision.client_id, MatchDecision.other_client_id).where(
            MatchDecision.kind == MatchKind.NOT_SAME_PERSON,
            sa.or_(MatchDecision.client_id == client_id, MatchDecision.other_client_id == client_id),
        )
    )
    return {b if a == client_id else a for a, b in rows if b is not None}


def clients_not_matching_request(session: Session, submission_id: str) -> set[int]:
    return set(
        session.scalars(
            sa.select(MatchDecision.client_id).where(
                MatchDecision.kind == MatchKind.NOT_SAME_PERSON,
                MatchDecision.submission_id == str(submission_id),
            )
        )
    )


def merge_clients(session: Session, actor_id: int, survivor_id: int, absorbed_id: int, note: str = "") -> int:
    """Merge ``absorbed_id`` into ``survivor_id`` (see module docstring). Returns the decision id."""
    if survivor_id == absorbed_id:
        raise ValidationError("other_client_id", "choose two different clients")
    survivor = v.get_or_fail(session, Client, survivor_id, "client_id")
    absorbed = v.get_or_fail(session, Client, absorbed_id, "other_client_id")
    if absorbed.file_status == FileStatus.MERGED or survivor.file_status == FileStatus.MERGED:
        raise ValidationError("other_client_id", "this file was already merged")
    moved: list[str] = []
    for model, name in (
        (Note, "notes"),
        (ServiceRecord, "services"),
        (Consent, "consents"),
        (Assessment, "assessments"),
        (Plan, "plans"),
    ):
        result = session.execute(
            sa.update(model).where(model.client_id == absorbed_id).values(client_id=survivor_id)
        )
        if getattr(result, "rowcount", 0):
            moved.append(name)
    have = {(i.kind, i.value_key) for i in survivor.identifiers}
    for ident in list(absorbed.identifiers):
        if (ident.kind, ident.value_key) not in have:
            absorbed.identifiers.remove(ident)
            survivor.identifiers.append(
                Identifier(kind=ident.kind, value=ident.value, value_key=ident.value_key)
            )
            moved.append("identifiers")
    codes = [lang.code for lang in survivor.languages]
    for lang in absorbed.languages:
        if lang.code not in codes:
            survivor.languages.append(ClientLanguage(code=lang.code, position=len(codes)))
            codes.append(lang.code)
            moved.append("languages")
    mine = session.scalars(sa.select(HouseholdMember).where(HouseholdMember.client_id == survivor_id)).first()
    theirs = session.scalars(
        sa.select(HouseholdMember).where(HouseholdMember.client_id == absorbed_id)
    ).first()
    if theirs is not None:
        if mine is None:
            theirs.client_id = survivor_id
        else:
            session.delete(theirs)
        moved.append("household")
    absorbed.file_status = FileStatus.MERGED
    absorbed.merged_into_id = survivor_id
    absorbed.updated_at = survivor.updated_at = v.now()
    session.flush()
    decision = MatchDecision(
        kind=MatchKind.MERGED,
        client_id=survivor_id,
        other_client_id=absorbed_id,
        decided_by=actor_id,
        decided_at=v.now(),
        note=v.free_text("note", note, max_len=2000),
    )
    session.add(decision)
    session.flush()
    audit.record(
        session,
        actor_id,
        "clients",
        survivor_id,
        AuditAction.MERGE,
        sorted(set(moved)),
        client_id=survivor_id,
    )
    audit.record(
        session,
        actor_id,
        "clients",
        absorbed_id,
        AuditAction.MERGE,
        ["file_status", "merged_into_id"],
        client_id=absorbed_id,
    )
    return decision.id


def merged_ids(session: Session, client_id: int) -> list[int]:
    """``client_id`` and every client merged into it (directly or through earlier merges)."""
    found = [client_id]
    frontier = [client_id]
    while frontier:
        rows = list(session.scalars(sa.select(Client.id).where(Client.merged_into_id.in_(frontier))))
        rows = [r for r in rows if r not in found]
        found += rows
        frontier = rows
    return found
