"""Fixtures for schema, repository and search tests on a plain (unencrypted) database file.

The plain file is opened with the same ``sqlcipher3`` module and SQLite build as a real caseload (no
key: SQLCipher then behaves as SQLite 3.53 with FTS5 and trigram), with the same pragmas as
store/engine.py. Tests that must see the real thing use CRYPTO's encrypted caseload fixture too.

Import into a test module with ``from tests.store.schema_fixtures import *``.
"""

from __future__ import annotations

import shutil
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

__all__ = [
    "_migrated_template",
    "actor",
    "db",
    "make_plain_engine",
    "migrated_engine",
    "plain_db",
    "supervisor_id",
]


def make_plain_engine(path: Path) -> sa.Engine:
    def creator() -> Any:
        conn = sqlcipher3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    return sa.create_engine("sqlite://", creator=creator, module=sqlcipher3)


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per test session; each test gets a copy (a migration costs ~0.2 s)."""
    path = tmp_path_factory.mktemp("template") / "plain.db"
    engine = make_plain_engine(path)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def migrated_engine(tmp_path: Path, _migrated_template: Path) -> Iterator[sa.Engine]:
    path = tmp_path / "plain.db"
    shutil.copyfile(_migrated_template, path)
    engine = make_plain_engine(path)
    yield engine
    engine.dispose()


@pytest.fixture
def plain_db(migrated_engine: sa.Engine) -> Iterator[Session]:
    """A session on a plain (unencrypted) migrated database."""
    with Session(migrated_engine) as session:
        yield session
        session.rollback()


@pytest.fixture(params=["plain", "encrypted"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A session on a plain migrated database, then on a real encrypted caseload (Caseload.create:
    SQLCipher, key slots, migrations at unlock; its first user "amina" is a supervisor there)."""
    if request.param == "plain":
        yield request.getfixturevalue("plain_db")
        return
    from caseworker.store.caseload import Caseload

    caseload, _recovery = Caseload.create(tmp_path / "caseload", "amina", "correct horse battery staple")
    try:
        with Session(caseload.engine) as session:
            yield session
            session.rollback()
    finally:
        caseload.close()


@pytest.fixture
def actor(db: Session) -> int:
    """A caseworker acting in the test (committed)."""
    user = users.create_user(db, "kofi", Role.CASEWORKER, "Kofi A.")
    db.commit()
    return user.id


@pytest.fixture
def supervisor_id(db: Session) -> int:
    user = users.create_user(db, "sam", Role.SUPERVISOR, "Sam S.")
    db.commit()
    return user.id
