"""Case notes: private notes visible to their author and supervisors only (in lists and in search),
only the author edits, full-text search in any script never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from caseworker.core.domain import Role
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.repos import clients, notes, users
from caseworker.store.repos._common import NotAllowed
from caseworker.store.repos.clients import ClientInput
from tests.store.schema_fixtures import *  # noqa: F403


@pytest.fixture
def setup(db: Session, actor: int, supervisor_id: int) -> dict[str, int]:
    other = users.create_user(db, "omar", Role.CASEWORKER).id
    cid = clients.create_client(db, actor, ClientInput(given_name="Lin")).id
    public = notes.add_note(db, actor, cid, "Discussed the housing application at the Genève office")
    private = notes.add_note(db, actor, cid, "Disclosed a health condition; housing urgent", private=True)
    arabic = notes.add_note(db, other, cid, "تمت مناقشة طلب السكن")
    db.commit()
    return {
        "author": actor,
        "supervisor": supervisor_id,
        "other": other,
        "client": cid,
        "public": public,
        "private": private,
        "arabic": arabic,
    }


def test_private_notes_are_hidden_from_other_workers(db: Session, setup: dict[str, int]) -> None:
    cid = setup["client"]
    ids = lambda who: {n.id for n in notes.notes_of(db, cid, setup[who])}  # noqa: E731
    assert ids("author") == {setup["public"], setup["private"], setup["arabic"]}
    assert ids("supervisor") == ids("author")
    assert ids("other") == {setup["public"], setup["arabic"]}
    assert notes.count_notes(db, cid, setup["other"]) == 2
    assert notes.get_note(db, setup["private"], setup["other"]) is None


def test_note_search_respects_privacy(db: Session, setup: dict[str, int]) -> None:
    found = lambda who, q: {h.note_id for h in notes.search_notes(db, q, setup[who])}  # noqa: E731
    assert found("author", "housing") == {setup["public"], setup["private"]}
    assert found("supervisor", "HOUS") == {setup["public"], setup["private"]}
    assert found("other", "housing") == {setup["public"]}
    assert found("other", "health condition") == set()
    assert found("author", "geneve") == {setup["public"]}
    assert found("other", "السكن") == {setup["arabic"]}
    hit = notes.search_notes(db, "application", setup["other"])[0]
    assert "[application]" in hit.snippet and hit.client_id == setup["client"]
    assert found("author", "housing") == {
        h.note_id for h in notes.search_notes(db, "housing", setup["author"], client_id=setup["client"])
    }


def test_only_the_author_edits(db: Session, setup: dict[str, int]) -> None:
    with pytest.raises(NotAllowed):
        notes.update_note(db, setup["other"], setup["public"], body="rewritten")
    assert notes.update_note(db, setup["author"], setup["public"], body="Corrected text") == ["body"]
    db.commit()
    assert {h.note_id for h in notes.search_notes(db, "corrected", setup["author"])} == {setup["public"]}
    assert notes.search_notes(db, "Genève", setup["author"]) == []
    with pytest.raises(ValidationError) as err:
        notes.add_note(db, setup["author"], setup["client"], "   ")
    assert err.value.field == "body"
    assert audit.verify_chain(db) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_note_search_never_raises(db: Session, setup: dict[str, int], text: str) -> None:
    hits = notes.search_notes(db, text, setup["other"])
    assert setup["private"] not in {h.note_id for h in hits}
