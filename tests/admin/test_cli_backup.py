"""caseworker-admin backup and restore."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from caseworker.admin.cli import main
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


def test_backup_default_target_and_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "c"
    assert run(monkeypatch, ["init", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert run(monkeypatch, ["backup", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0
    (backup,) = (d / "backups").iterdir()
    assert f"Backup written to {backup}" in capsys.readouterr().out
    assert sorted(p.name for p in backup.iterdir()) == ["caseload.db", "keyslots.json"]

    argv = ["restore", str(backup), str(d), "-u", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW) == 2
    assert "--force" in capsys.readouterr().err
    assert run(monkeypatch, [*argv, "--force"], PW) == 0
    out = capsys.readouterr().out
    assert "encryption (cipher_integrity_check): ok" in out and "Restored" in out
    assert any(p.name.startswith("replaced-") for p in d.iterdir())
    assert run(monkeypatch, ["verify", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0

    explicit = tmp_path / "elsewhere"
    assert (
        run(monkeypatch, ["backup", str(d), "--to", str(explicit), "-u", "amina", "--passphrase-stdin"], PW)
        == 0
    )
    assert (explicit / "caseload.db").exists()
    assert (
        run(monkeypatch, ["backup", str(d), "--to", str(explicit), "-u", "amina", "--passphrase-stdin"], PW)
        == 2
    )
