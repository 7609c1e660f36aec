"""The SQLCipher engine on its own: raw key, pinned settings on every connection, errors translated."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.store import engine as eng
from caseworker.store.errors import CaseloadDamaged, CaseloadNotFound, DiskFull


def _snapshot(directory: Path) -> dict[str, tuple[int, str]]:
    return {
        p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(directory.iterdir())
    }


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, bytes]:
    key = os.urandom(32)
    path = tmp_path / "caseload.db"
    engine = eng.open_engine(path, key, create=True)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        conn.exec_driver_sql("INSERT INTO t (body) VALUES ('first'), ('second')")
    engine.dispose()
    return path, key


def _pragma(conn: sa.Connection, name: str) -> str:
    return str(conn.exec_driver_sql(f"PRAGMA {name}").scalar())


def test_every_connection_is_pinned(db: tuple[Path, bytes]) -> None:
    path, key = db
    engine = eng.open_engine(path, key)
    try:
        # Several connections at once: each one comes from the creator, keyed and configured.
        conns = [engine.connect() for _ in range(3)]
        for conn in conns:
            assert _pragma(conn, "cipher_version").startswith("4.")
            assert _pragma(conn, "cipher_page_size") == "4096"
            assert _pragma(conn, "cipher_hmac_algorithm") == "HMAC_SHA512"
            assert _pragma(conn, "cipher_use_hmac") == "1"
            assert _pragma(conn, "temp_store") == "2"
            assert _pragma(conn, "journal_mode") == "wal"
            assert _pragma(conn, "foreign_keys") == "1"
            assert _pragma(conn, "busy_timeout") == str(eng.BUSY_TIMEOUT_MS)
            assert _pragma(conn, "synchronous") == "1"  # NORMAL
            assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 2
        for conn in conns:
            conn.close()
    finally:
        engine.dispose()


def test_file_is_not_plain_sqlite(db: tuple[Path, bytes]) -> None:
    path, _ = db
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_wrong_key_is_rejected_at_open_and_touches_nothing(
    db: tuple[Path, bytes], capfd: pytest.CaptureFixture[str]
) -> None:
    path, _ = db
    before = _snapshot(path.parent)
    capfd.readouterr()
    with pytest.raises(eng.KeyRejected):
        eng.open_engine(path, os.urandom(32))
    assert _snapshot(path.parent) == before
    assert capfd.readouterr().err == ""  # cipher_log_level NONE: no HMAC error spam on stderr


def test_missing_file_is_not_created_without_create(tmp_path: Path) -> None:
    with pytest.raises(CaseloadNotFound):
        eng.open_engine(tmp_path / "caseload.db", os.urandom(32))
    assert list(tmp_path.iterdir()) == []


def test_key_must_be_32_bytes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        eng.open_engine(tmp_path / "caseload.db", b"short", create=True)


def test_settings_that_do_not_hold_are_refused(
    db: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, key = db
    monkeypatch.setitem(eng.PINNED_CIPHER, "cipher_page_size", "8192")
    with pytest.raises(CaseloadDamaged, match="encryption settings"):
        eng.open_engine(path, key)


def test_durable_commits_with_synchronous_full(db: tuple[Path, bytes]) -> None:
    path, key = db
    engine = eng.open_engine(path, key, create=False)
    seen: list[str] = []
    try:
        with Session(engine) as session:
            with eng.durable(session):
                session.execute(sa.text("INSERT INTO t (body) VALUES ('durable')"))
                seen.append(str(session.execute(sa.text("PRAGMA synchronous")).scalar()))
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM t WHERE body = 'durable'").scalar() == 1
            with eng.durable(conn):
                conn.exec_driver_sql("INSERT INTO t (body) VALUES ('durable2')")
                seen.append(_pragma(conn, "synchronous"))
            conn.rollback()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM t WHERE body LIKE 'durable%'").scalar() == 2
            assert _pragma(conn, "synchronous") == "1"  # pooled connections come back NORMAL
    finally:
        engine.dispose()
    assert seen == ["2", "2"]  # FULL inside the block


def test_disk_full_rolls_back_and_keeps_earlier_data(db: tuple[Path, bytes]) -> None:
    path, key = db
    engine = eng.open_engine(path, key)
    try:
        with engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
            conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 1}")
            conn.commit()
            with pytest.raises(sa.exc.OperationalError) as info:
                with conn.begin():
                    conn.exec_driver_sql("INSERT INTO t (body) VALUES ('a')")
                    conn.exec_driver_sql("INSERT INTO t (body) VALUES (?)", ("x" * 200_000,))
            assert isinstance(eng.translate(info.value), DiskFull)
            assert [r[0] for r in conn.exec_driver_sql("SELECT body FROM t ORDER BY id")] == [
                "first",
                "second",
            ]
    finally:
        engine.dispose()


def test_translate_maps_sqlite_codes() -> None:
    import sqlcipher3

    def err(msg: str) -> sqlcipher3.DatabaseError:
        return sqlcipher3.DatabaseError(msg)

    assert isinstance(eng.translate(err("database or disk is full")), DiskFull)
    assert isinstance(eng.translate(err("database disk image is malformed")), CaseloadDamaged)
    assert isinstance(eng.translate(err("file is not a database")), CaseloadDamaged)
    assert eng.translate(ValueError("a bug")) is None
