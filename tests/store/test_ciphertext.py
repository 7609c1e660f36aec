"""Ciphertext on disk: sentinels written through the app appear in no byte of any file."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from caseworker.store.caseload import Caseload
from caseworker.store.models import Note
from caseworker.store.repos import clients
from tests.store.conftest import CreatedCaseload

SENTINELS = [
    "Qxsentinelgivenzz",
    "Qxsentinelfamilyzz",
    "سنتينلكلمة",
    "哨兵字符串测试",
    "Qxsentinelnotebodyzz",
]


def _needles() -> list[bytes]:
    out: list[bytes] = []
    for s in SENTINELS:
        out += [s.encode("utf-8"), s.encode("utf-16-le"), s.lower().encode("utf-8")]
        # FTS and search columns keep folded / partial copies: look for a distinctive fragment too.
        out.append(s[2:12].encode("utf-8"))
    return out


def _scan(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        for needle in _needles():
            if needle in data:
                found.append(f"{path.name}: {needle!r}")
    return found


def _files(*dirs: Path) -> list[Path]:
    return [p for d in dirs for p in d.rglob("*") if p.is_file()]


def test_no_sentinel_in_db_wal_or_temp_files(
    created: CreatedCaseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "sqlite-tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    cl: Caseload = created.caseload
    with cl.session() as session:
        client = clients.create_client(
            session,
            cl.user.id,
            given_name=SENTINELS[2],
            family_name=SENTINELS[3],
            given_name_latin=SENTINELS[0],
            family_name_latin=SENTINELS[1],
            address=SENTINELS[0] + " street",
        )
        session.add(Note(client_id=client.id, author_id=cl.user.id, body=SENTINELS[4] * 50))
    # Sorting and a temp b-tree (ORDER BY on an unindexed expression) while open.
    with cl.session() as session:
        rows = (
            session.execute(sa.text("SELECT body FROM notes ORDER BY length(body) || body DESC"))
            .scalars()
            .all()
        )
        assert rows and SENTINELS[4] in rows[0]  # the data really went in
    wal = created.dir / "caseload.db-wal"
    assert wal.exists() and wal.stat().st_size > 0  # the WAL holds the new pages right now
    assert _scan(_files(created.dir, temp)) == []

    cl.close()
    assert _scan(_files(created.dir, temp)) == []
    with created.reopen() as again, again.session() as session:
        names = session.execute(sa.text("SELECT given_name_latin FROM clients")).scalars().all()
        assert names == [SENTINELS[0]]


def test_scan_would_find_plaintext(tmp_path: Path) -> None:
    """The scanner itself works: a plain SQLite file with the sentinel is caught."""
    import sqlite3

    conn = sqlite3.connect(tmp_path / "plain.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (SENTINELS[2],))
    conn.commit()
    conn.close()
    assert _scan([tmp_path / "plain.db"])
