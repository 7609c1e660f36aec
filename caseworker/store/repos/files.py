"""The whole client file in one snapshot (what the client-file window opens with)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from caseworker.store import audit
from caseworker.store.repos import assessments, clients, consents, households, matches, notes, plans, services


@dataclass(frozen=True)
class ClientFile:
    """Everything about one client a viewer may see, detached from the database (safe across threads).

    ``notes`` holds the newest ``note_limit`` notes visible to the viewer (private ones only for their
    author and supervisors); page further with ``notes.notes_of``. ``history`` is the audit trail of this
    file (and of files merged into it), newest first."""

    profile: clients.ClientProfile
    household: households.HouseholdInfo | None
    consents: tuple[consents.ConsentInfo, ...]
    assessments: tuple[assessments.AssessmentInfo, ...]
    plans: tuple[plans.PlanInfo, ...]
    notes: tuple[notes.NoteInfo, ...]
    note_count: int
    services: tuple[services.ServiceInfo, ...]
    merged_from: tuple[int, ...]
    history: tuple[audit.AuditEntry, ...]


def get_client_file(
    session: Session, client_id: int, viewer_id: int, *, note_limit: int = 50, history_limit: int = 200
) -> ClientFile | None:
    profile = clients.get_client(session, client_id)
    if profile is None:
        return None
    ids = matches.merged_ids(session, client_id)
    history: list[audit.AuditEntry] = []
    for cid in ids:
        history += audit.client_history(session, cid, limit=history_limit)
    history.sort(key=lambda e: e.id, reverse=True)
    return ClientFile(
        profile=profile,
        household=households.household_of(session, client_id),
        consents=tuple(consents.consents_of(session, client_id)),
        assessments=tuple(assessments.assessments_of(session, client_id)),
        plans=tuple(plans.plans_of(session, client_id)),
        notes=tuple(notes.notes_of(session, client_id, viewer_id, limit=note_limit)),
        note_count=notes.count_notes(session, client_id, viewer_id),
        services=tuple(services.services_of(session, client_id)),
        merged_from=tuple(ids[1:]),
        history=tuple(history[:history_limit]),
    )
