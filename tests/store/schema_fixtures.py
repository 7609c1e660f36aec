"""Fixtures for schema, repository and search tests on a plain (unencrypted) database file.

The plain file is opened with the same ``sqlcipher3`` module and SQLite build as a real caseload (no
key: SQLCipher then behaves as SQLite 3.53 with FTS5 and trigram), with the same pragmas as
store/engine.py. Tests that must see the real thing use CRYPTO's encrypted caseload fixture too.

Import into a test module with ``from tests.store.schema_fixtures import *``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlcipher3
from sqlalchemy.orm import Session

from caseworker.core.domain import Role
from caseworker.store import migrate
from caseworker.store.repos import users

__all__ = ["actor", "db", "make_plain_engine", "migrated_engine", "supervisor_id"]


def make_plain_engine(path: Path) -> sa.Engine:
    def creator() -> Any:
        conn = sqlcipher3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    return sa.create_engine("sqlite://", creator=creator, module=sqlcipher3)


@pytest.fixture
def migrated_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = make_plain_engine(tmp_path / "plain.db")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(migrated_engine: sa.Engine) -> Iterator[Session]:
    with Session(migrated_engine) as session:
        yield session
        session.rollback()


@pytest.fixture
def actor(db: Session) -> int:
    """A caseworker acting in the test (committed)."""
    user = users.create_user(db, "amina", Role.CASEWORKER, "Amina K.")
    db.commit()
    return user.id


@pytest.fixture
def supervisor_id(db: Session) -> int:
    user = users.create_user(db, "sam", Role.SUPERVISOR, "Sam S.")
    db.commit()
    return user.id
