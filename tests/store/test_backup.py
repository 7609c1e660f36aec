"""Backup while the caseload is in use, and restore that verifies first and never deletes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.errors import CaseloadDamaged, CaseloadExists, WrongPassphrase
from caseworker.store.repos import clients
from tests.store.conftest import CreatedCaseload


def _names(cl: Caseload) -> list[str]:
    with cl.session() as session:
        return list(session.execute(sa.text("SELECT given_name FROM clients ORDER BY id")).scalars())


def test_backup_while_writing_is_consistent_and_encrypted(created: CreatedCaseload, tmp_path: Path) -> None:
    cl = created.caseload
    with cl.session() as session:
        clients.create_client(session, cl.user.id, given_name="Committedzz")
    # Another connection is in the middle of a write transaction while the backup runs.
    writer = cl.engine.connect()
    writer.exec_driver_sql("BEGIN IMMEDIATE")
    writer.exec_driver_sql("UPDATE clients SET given_name = 'Uncommittedzz'")
    try:
        dest = cl.backup(tmp_path / "backup1")
    finally:
        writer.rollback()
        writer.close()
    assert sorted(p.name for p in dest.iterdir()) == ["caseload.db", "keyslots.json"]
    assert b"Committedzz" not in (dest / "caseload.db").read_bytes()
    with Caseload.open(dest, created.unlocker()) as copy:
        assert _names(copy) == ["Committedzz"]
        assert copy.verify().ok
    with Caseload.open(dest, Unlocker.recovery(created.recovery_key)) as copy:
        assert _names(copy) == ["Committedzz"]
    with pytest.raises(CaseloadExists):
        cl.backup(dest)


def test_restore_refuses_without_force_then_keeps_the_old_aside(
    created: CreatedCaseload, tmp_path: Path
) -> None:
    cl = created.caseload
    with cl.session() as session:
        clients.create_client(session, cl.user.id, given_name="Before")
    backup = cl.backup(tmp_path / "b")
    with cl.session() as session:
        clients.create_client(session, cl.user.id, given_name="After")
    cl.close()

    with pytest.raises(CaseloadExists):
        Caseload.restore(backup, created.dir, created.unlocker())
    report = Caseload.restore(backup, created.dir, created.unlocker(), force=True)
    assert report.ok
    with created.reopen() as again:
        assert _names(again) == ["Before"]
    (aside,) = [p for p in created.dir.iterdir() if p.name.startswith("replaced-")]
    with Caseload.open(aside, created.unlocker()) as old:
        assert _names(old) == ["Before", "After"]


def test_restore_into_an_empty_folder(created: CreatedCaseload, tmp_path: Path) -> None:
    backup = created.caseload.backup(tmp_path / "b")
    Caseload.restore(backup, tmp_path / "fresh", Unlocker.recovery(created.recovery_key))
    with Caseload.open(tmp_path / "fresh", created.unlocker()) as cl:
        assert cl.user.username == created.username


def test_damaged_backup_is_refused_and_target_untouched(created: CreatedCaseload, tmp_path: Path) -> None:
    cl = created.caseload
    with cl.session() as session:
        for i in range(30):
            clients.create_client(session, cl.user.id, given_name=f"G{i}")
    backup = cl.backup(tmp_path / "b")
    cl.close()
    data = bytearray((backup / "caseload.db").read_bytes())
    data[len(data) // 2] ^= 0x40
    (backup / "caseload.db").write_bytes(bytes(data))
    before = (created.dir / "caseload.db").read_bytes()
    with pytest.raises(CaseloadDamaged, match="backup is damaged"):
        Caseload.restore(backup, created.dir, created.unlocker(), force=True)
    assert (created.dir / "caseload.db").read_bytes() == before
    assert not [p for p in created.dir.iterdir() if p.name.startswith((".restore", "replaced-"))]


def test_restore_with_wrong_passphrase_changes_nothing(created: CreatedCaseload, tmp_path: Path) -> None:
    backup = created.caseload.backup(tmp_path / "b")
    created.caseload.close()
    target = tmp_path / "target"
    shutil.copytree(created.dir, target)
    before = sorted(p.name for p in target.iterdir())
    with pytest.raises(WrongPassphrase):
        Caseload.restore(
            backup, target, Unlocker.passphrase(created.username, "not the passphrase"), force=True
        )
    assert sorted(p.name for p in target.iterdir()) == before
