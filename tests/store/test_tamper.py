"""Tamper detection: a flipped byte anywhere in the database is refused at open and named by verify."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseworker.store.caseload import Caseload, verify_directory
from caseworker.store.errors import CaseloadDamaged
from caseworker.store.repos import clients
from tests.store.conftest import CreatedCaseload


@pytest.fixture
def closed(created: CreatedCaseload) -> CreatedCaseload:
    cl = created.caseload
    with cl.session() as session:
        for i in range(40):
            clients.create_client(session, cl.user.id, given_name=f"Given{i}", family_name=f"Family{i}")
    cl.close()
    assert (
        not (created.dir / "caseload.db-wal").exists()
        or (created.dir / "caseload.db-wal").stat().st_size == 0
    )
    return created


def _flip(path: Path, offset: int, mask: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("seed", range(12))
def test_random_byte_flip_is_detected(closed: CreatedCaseload, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    copy = tmp_path / f"copy{seed}"
    shutil.copytree(closed.dir, copy)
    db = copy / "caseload.db"
    size = db.stat().st_size
    # Seed 0 hits the first page (salt and header), the others anywhere.
    offset = rng.randrange(0, 16) if seed == 0 else rng.randrange(size)
    _flip(db, offset, rng.randrange(1, 256))

    with pytest.raises(CaseloadDamaged) as info:
        Caseload.open(copy, closed.unlocker())
    assert "restore" in info.value.hint.lower()

    # verify names the damaged page, even when the file is too damaged to open.
    report = verify_directory(copy, closed.unlocker())
    assert not report.ok
    page = offset // 4096 + 1
    assert any(f"page {page}" in p for p in report.problems), report.problems
    if offset < 16:  # the salt: no page authenticates any more
        assert any("file header" in p for p in report.problems), report.problems


def test_intact_caseload_verifies(closed: CreatedCaseload) -> None:
    with closed.reopen() as cl:
        report = cl.verify()
    assert report.ok, report.problems
    assert set(report.checks) == {
        "encryption (cipher_integrity_check)",
        "structure (quick_check)",
        "audit trail",
    }


def test_edited_audit_event_is_named_by_verify(closed: CreatedCaseload) -> None:
    with closed.reopen() as cl:
        with cl.session() as session:
            session.execute(sa.text("UPDATE audit_events SET entity_id = entity_id + 1 WHERE id = 3"))
        report = cl.verify()
    assert not report.ok
    assert any(p.startswith("audit trail") and "3" in p for p in report.problems), report.problems


def test_large_files_skip_the_open_check_but_damage_is_still_refused(
    closed: CreatedCaseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseworker.store import caseload as caseload_mod

    monkeypatch.setattr(caseload_mod, "INTEGRITY_AT_OPEN_MAX_BYTES", 0)
    db = closed.dir / "caseload.db"
    with closed.reopen() as cl, cl.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    _flip(db, (pages - 1) * 4096 + 2000, 0x10)
    with closed.reopen() as cl:  # no full check at open: the damaged page is not read yet
        assert not cl.verify().ok
        with pytest.raises(CaseloadDamaged):
            with cl.session() as session:  # any work that reads the page is refused, not answered
                session.execute(sa.text("PRAGMA quick_check")).all()
