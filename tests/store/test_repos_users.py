"""Local users: creation, validation naming the field, lookups, audit."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from caseworker.core.domain import Role
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.repos import users
from tests.store.schema_fixtures import *  # noqa: F403


def test_first_user_audits_itself(db: Session) -> None:
    u = users.create_user(db, "amina", Role.SUPERVISOR, "Amina K.")
    db.commit()
    assert u.id == 1 and u.role == Role.SUPERVISOR and u.active
    hist = audit.client_history(db, 1)
    assert hist == []  # users are not client files
    assert audit.chain_head(db)[0] == 1
    assert audit.verify_chain(db) is None


def test_lookup_and_list(db: Session) -> None:
    a = users.create_user(db, "Amina", "caseworker")
    b = users.create_user(db, "bob.v", Role.VOLUNTEER, "Bob", actor_id=a.id)
    assert users.get_user_by_name(db, "amina") is a
    assert users.get_user_by_name(db, " AMINA ") is a
    assert users.get_user_by_name(db, "nobody") is None
    assert [u.username for u in users.list_users(db)] == ["Amina", "bob.v"]
    users.update_user(db, a.id, b.id, active=False)
    assert [u.username for u in users.list_users(db)] == ["Amina"]
    assert len(users.list_users(db, include_inactive=True)) == 2
    assert users.first_supervisor(db) is None


@pytest.mark.parametrize("name", ["", "  ", "has space", "a" * 65, "bad\x00", "semi;colon"])
def test_bad_usernames_name_the_field(db: Session, name: str) -> None:
    with pytest.raises(ValidationError) as err:
        users.create_user(db, name, Role.CASEWORKER)
    assert err.value.field == "username"


def test_duplicate_username_refused_case_insensitively(db: Session) -> None:
    users.create_user(db, "amina", Role.CASEWORKER)
    with pytest.raises(ValidationError) as err:
        users.create_user(db, "AMINA", Role.CASEWORKER)
    assert err.value.field == "username"


def test_bad_role_names_the_field(db: Session) -> None:
    with pytest.raises(ValidationError) as err:
        users.create_user(db, "amina", "admin")
    assert err.value.field == "role"
