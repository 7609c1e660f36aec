"""Schema migrations, run programmatically at unlock (Caseload.open) - no alembic.ini at run time.

``upgrade(engine)`` brings a caseload to the newest schema in ONE transaction: a crash or an error
half-way leaves the previous schema and every row intact. Foreign-key enforcement is switched off for
the duration (SQLite's recommended procedure for table rebuilds: with it on, the DROP in a batch
"copy and move" would fire ON DELETE CASCADE on child rows) and ``PRAGMA foreign_key_check`` must be
clean before the commit.

Revisions live in ``caseworker/store/migrations/versions`` (``vNNNN_*.py``). Downgrades exist for
tests and for agency IT rolling back a release; they may drop data that only the newer schema held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from caseworker.core.errors import KnownError

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
FTS_PREFIX = "fts_"


class MigrationFailed(KnownError):
    message = "The caseload could not be upgraded to this version of Caseworker."
    hint = "Nothing was changed. Keep using the previous version and contact agency IT."


class CaseloadTooNew(KnownError):
    message = "This caseload was written by a newer version of Caseworker."
    hint = "Install the newer version of Caseworker to open it."


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate/compare filter: FTS5 virtual tables and their shadow tables are raw SQL."""
    if type_ == "table" and name is not None:
        return not name.startswith((FTS_PREFIX, "sqlite_"))
    return True


def _config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def all_revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _exclusive(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection with FK enforcement off and an explicit BEGIN IMMEDIATE transaction, so DDL is
    transactional too (the sqlite3 driver would otherwise autocommit each DDL statement)."""
    with engine.connect() as conn:
        fk_on = bool(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())
        conn.commit()
        if fk_on:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
        try:
            dbapi = conn.connection.dbapi_connection
            if dbapi is not None and not getattr(dbapi, "in_transaction", True):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationFailed()
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        finally:
            if fk_on:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    """Bring the caseload's schema to ``target`` (default: the newest) atomically. Cheap when current."""
    script = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise CaseloadTooNew()
    if target == "head" and current == script.get_current_head():
        return
    with _exclusive(engine) as conn:
        command.upgrade(_config(conn), target)


def downgrade(engine: sa.Engine, target: str) -> None:
    """Step the schema back to ``target`` (a revision id or "base"). Used by tests and agency IT."""
    with _exclusive(engine) as conn:
        command.downgrade(_config(conn), target)
