"""Migrations: empty -> head, every earlier revision -> head with data kept, models == migrated DB,
every revision downgrades cleanly, a failed migration leaves the caseload untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from caseworker.store import migrate
from caseworker.store.models import Base
from tests.store.schema_fixtures import make_plain_engine

# Rows written at each revision (keyed by revision id) and checked after upgrading to head.
# When you add revision vNNNN, add a seeder for the rows its schema can hold.
SEED_SQL: dict[str, list[str]] = {
    "v0001": [
        "INSERT INTO users (id, username, display_name, role, active, created_at) "
        "VALUES (1, 'w1', 'Worker', 'caseworker', 1, '2026-01-02 03:04:05.000000')",
        "INSERT INTO clients (id, given_name, family_name, given_name_latin, family_name_latin, "
        "preferred_name, search_text, search_cjk, sort_name, preferred_official_language, "
        "interpreter_needed, immigration_category, file_status, messaging_app, address, city, "
        "created_at, updated_at) VALUES (1, 'Олена', 'Коваль', 'Olena', 'Koval', '', "
        "'олена коваль olena koval', '', 'koval olena', 'none', 0, 'cuaet', 'active', 'none', '', '', "
        "'2026-01-02 03:04:05.000000', '2026-01-02 03:04:05.000000')",
        "INSERT INTO notes (id, client_id, author_id, created_at, updated_at, private, body) "
        "VALUES (1, 1, 1, '2026-01-02 03:04:05.000000', '2026-01-02 03:04:05.000000', 0, "
        "'housing search started')",
    ],
}


def _tables(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}


def test_revisions_are_linear_and_start_at_v0001() -> None:
    revisions = migrate.all_revisions()
    assert revisions[0] == "v0001"
    assert revisions[-1] == migrate.head_revision()
    assert set(SEED_SQL) == set(revisions), "every revision needs seed rows in SEED_SQL"


def test_empty_to_head(tmp_path: Path) -> None:
    engine = make_plain_engine(tmp_path / "c.db")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    tables = _tables(engine)
    assert {"clients", "audit_events", "fts_client_names", "fts_client_cjk", "fts_notes"} <= tables
    migrate.upgrade(engine)  # idempotent
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_models_match_migrated_database(tmp_path: Path) -> None:
    engine = make_plain_engine(tmp_path / "c.db")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": migrate.include_name, "compare_type": True}
        )
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize("start", migrate.all_revisions())
def test_every_revision_upgrades_to_head_keeping_data(tmp_path: Path, start: str) -> None:
    engine = make_plain_engine(tmp_path / "c.db")
    revisions = migrate.all_revisions()
    for rev in revisions[: revisions.index(start) + 1]:
        migrate.upgrade(engine, rev)
        with engine.begin() as conn:
            for sql in SEED_SQL[rev]:
                conn.exec_driver_sql(sql)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT username FROM users WHERE id=1").scalar() == "w1"
        assert conn.exec_driver_sql("SELECT given_name FROM clients WHERE id=1").scalar() == "Олена"
        # the FTS indexes were filled by the triggers and survive the upgrade
        hit = conn.exec_driver_sql(
            "SELECT rowid FROM fts_client_names WHERE fts_client_names MATCH '\"олен\"*'"
        ).scalar()
        assert hit == 1
        note = conn.exec_driver_sql("SELECT rowid FROM fts_notes WHERE fts_notes MATCH 'housing'").scalar()
        assert note == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()


@pytest.mark.parametrize("rev", migrate.all_revisions())
def test_every_revision_downgrades_cleanly(tmp_path: Path, rev: str) -> None:
    engine = make_plain_engine(tmp_path / "c.db")
    migrate.upgrade(engine, rev)
    revisions = migrate.all_revisions()
    previous = revisions[revisions.index(rev) - 1] if revisions.index(rev) > 0 else "base"
    before = _tables(engine) if previous == "base" else None
    migrate.downgrade(engine, previous)
    assert migrate.current_revision(engine) == (None if previous == "base" else previous)
    if before is not None:
        assert _tables(engine) == {"alembic_version"}
    # and back up again
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_foreign_keys_are_on_again_after_upgrade(tmp_path: Path) -> None:
    engine = make_plain_engine(tmp_path / "c.db")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration that dies half-way (after creating tables) leaves an empty, unversioned file."""
    engine = make_plain_engine(tmp_path / "c.db")
    from alembic import op

    real_execute = op.execute
    calls = {"n": 0}

    def failing_execute(sql: object, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("simulated crash during migration")
        real_execute(sql, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "execute", failing_execute)
    with pytest.raises(RuntimeError, match="simulated crash"):
        migrate.upgrade(engine)
    monkeypatch.undo()
    assert migrate.current_revision(engine) is None
    assert _tables(engine) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_newer_caseload_is_refused(tmp_path: Path) -> None:
    engine = make_plain_engine(tmp_path / "c.db")
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'v9999'")
    with pytest.raises(migrate.CaseloadTooNew):
        migrate.upgrade(engine)
    engine.dispose()
