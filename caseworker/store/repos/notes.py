"""Case notes, and full-text search over them.

Private notes: a note marked private is shown (in lists and in search) only to its author and to
supervisors; other workers and volunteers do not see that it exists. Only the author can edit a
note; notes are never deleted (a correction is an edit, and the audit trail records it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core.domain import Role
from caseworker.core.errors import ValidationError
from caseworker.store import search
from caseworker.store.models import Client, Note, User, UTCDateTime
from caseworker.store.repos import _common as v

BODY_MAX = 20_000
RANK_LIMIT = 2000


@dataclass(frozen=True)
class NoteInfo:
    id: int
    client_id: int
    author_id: int
    created_at: datetime
    updated_at: datetime
    private: bool
    body: str


@dataclass(frozen=True)
class NoteHit:
    """A search result: the note and a short extract around the match (markers are [ and ])."""

    note_id: int
    client_id: int
    author_id: int
    created_at: datetime
    private: bool
    snippet: str


def _info(n: Note) -> NoteInfo:
    return NoteInfo(n.id, n.client_id, n.author_id, n.created_at, n.updated_at, n.private, n.body)


def _viewer(session: Session, viewer_id: int) -> tuple[int, bool]:
    user = session.get(User, viewer_id)
    if user is None:
        raise ValidationError("viewer_id", "is not a user of this caseload")
    return user.id, user.role == Role.SUPERVISOR


def _visible(viewer_id: int, supervisor: bool) -> sa.ColumnElement[bool]:
    if supervisor:
        return sa.true()
    return sa.or_(Note.private.is_(False), Note.author_id == viewer_id)


def add_note(
    session: Session,
    actor_id: int,
    client_id: int,
    body: str,
    *,
    private: bool = False,
    at: datetime | None = None,
) -> int:
    v.get_or_fail(session, Client, client_id, "client_id")
    text = v.free_text("body", body, max_len=BODY_MAX, required=True)
    when = v.a_datetime("created_at", at) or v.now()
    note = Note(
        client_id=client_id,
        author_id=actor_id,
        body=text,
        private=bool(private),
        created_at=when,
        updated_at=when,
    )
    return v.created(session, actor_id, note, "notes", client_id, ["body"] + (["private"] if private else []))


def update_note(
    session: Session, actor_id: int, note_id: int, *, body: str | None = None, private: bool | None = None
) -> list[str]:
    note = v.get_or_fail(session, Note, note_id, "note_id")
    if note.author_id != actor_id:
        raise v.NotAllowed("Only the author can change a note.", "Add a new note instead.")
    values: dict[str, object] = {}
    if body is not None:
        values["body"] = v.free_text("body", body, max_len=BODY_MAX, required=True)
    if private is not None:
        values["private"] = bool(private)
    changed = v.update_audited(session, actor_id, note, "notes", note.client_id, values)
    if changed:
        note.updated_at = v.now()
    return changed


def get_note(session: Session, note_id: int, viewer_id: int) -> NoteInfo | None:
    viewer, supervisor = _viewer(session, viewer_id)
    note = session.scalars(sa.select(Note).where(Note.id == note_id, _visible(viewer, supervisor))).first()
    return None if note is None else _info(note)


def notes_of(
    session: Session, client_id: int, viewer_id: int, *, offset: int = 0, limit: int = 100
) -> list[NoteInfo]:
    """A client's notes the viewer may see, newest first."""
    viewer, supervisor = _viewer(session, viewer_id)
    stmt = (
        sa.select(Note)
        .where(Note.client_id == client_id, _visible(viewer, supervisor))
        .order_by(Note.created_at.desc(), Note.id.desc())
        .offset(max(0, offset))
        .limit(max(0, min(limit, 1000)))
    )
    return [_info(n) for n in session.scalars(stmt)]


def count_notes(session: Session, client_id: int, viewer_id: int) -> int:
    viewer, supervisor = _viewer(session, viewer_id)
    stmt = (
        sa.select(sa.func.count())
        .select_from(Note)
        .where(Note.client_id == client_id, _visible(viewer, supervisor))
    )
    return int(session.execute(stmt).scalar_one())


def search_notes(
    session: Session, text: str, viewer_id: int, *, client_id: int | None = None, limit: int = 50
) -> list[NoteHit]:
    """Notes containing every word of ``text`` (prefixes, case- and accent-insensitive) that the viewer
    may see; best matches first, or newest first when the words are very common."""
    query = search.fts_query(text, folded=False)
    if query is None:
        return []
    viewer, supervisor = _viewer(session, viewer_id)
    limit = max(1, min(limit, 500))
    conds = ["fts_notes MATCH :q"]
    params: dict[str, object] = {"q": query, "n": limit, "viewer": viewer}
    if not supervisor:
        conds.append("(n.private = 0 OR n.author_id = :viewer)")
    if client_id is not None:
        conds.append("n.client_id = :client")
        params["client"] = client_id
    where = " AND ".join(conds)
    count = session.execute(
        sa.text("SELECT count(*) FROM (SELECT rowid FROM fts_notes WHERE fts_notes MATCH :q LIMIT :cap)"),
        {"q": query, "cap": RANK_LIMIT + 1},
    ).scalar_one()
    order = "rank" if count <= RANK_LIMIT else "fts_notes.rowid DESC"
    sql = (
        "SELECT n.id, n.client_id, n.author_id, n.created_at, n.private, "
        "snippet(fts_notes, 0, '[', ']', '…', 12) "
        f"FROM fts_notes JOIN notes n ON n.id = fts_notes.rowid WHERE {where} ORDER BY {order} LIMIT :n"
    )
    rows = session.execute(sa.text(sql).columns(created_at=UTCDateTime()), params)
    return [NoteHit(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]
