"""Local users: creation, validation naming the field, lookups, audit."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from caseworker.core.domain import Role
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.repos import users
from tests.store.schema_fixtures import *  # noqa: F403


def test_first_user_audits_itself(plain_db: Session) -> None:
    u = users.create_user(plain_db, "amina", Role.SUPERVISOR, "Amina K.")
    plain_db.commit()
    assert u.id == 1 and u.role == Role.SUPERVISOR and u.active
    hist = audit.client_history(plain_db, 1)
    assert hist == []  # users are not client files
    assert audit.chain_head(plain_db)[0] == 1
    assert audit.verify_chain(plain_db) is None


def test_lookup_and_list(plain_db: Session) -> None:
    a = users.create_user(plain_db, "Amina", "caseworker")
    b = users.create_user(plain_db, "bob.v", Role.VOLUNTEER, "Bob", actor_id=a.id)
    assert users.get_user_by_name(plain_db, "amina") is a
    assert users.get_user_by_name(plain_db, " AMINA ") is a
    assert users.get_user_by_name(plain_db, "nobody") is None
    assert [u.username for u in users.list_users(plain_db)] == ["Amina", "bob.v"]
    users.update_user(plain_db, a.id, b.id, active=False)
    assert [u.username for u in users.list_users(plain_db)] == ["Amina"]
    assert len(users.list_users(plain_db, include_inactive=True)) == 2
    assert users.first_supervisor(plain_db) is None


@pytest.mark.parametrize("name", ["", "  ", "has space", "a" * 65, "bad\x00", "semi;colon"])
def test_bad_usernames_name_the_field(plain_db: Session, name: str) -> None:
    with pytest.raises(ValidationError) as err:
        users.create_user(plain_db, name, Role.CASEWORKER)
    assert err.value.field == "username"


def test_duplicate_username_refused_case_insensitively(plain_db: Session) -> None:
    users.create_user(plain_db, "amina", Role.CASEWORKER)
    with pytest.raises(ValidationError) as err:
        users.create_user(plain_db, "AMINA", Role.CASEWORKER)
    assert err.value.field == "username"


def test_bad_role_names_the_field(plain_db: Session) -> None:
    with pytest.raises(ValidationError) as err:
        users.create_user(plain_db, "amina", "admin")
    assert err.value.field == "role"
