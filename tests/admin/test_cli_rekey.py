"""caseworker-admin rekey: new recovery key printed, old one retired, passphrases unchanged."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from caseworker.admin.cli import main
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"
RECOVERY_RE = re.compile(r"\b([0-9A-Z]{5}(?:-[0-9A-Z]{5}){7})\b")


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


def test_rekey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "c")
    assert run(monkeypatch, ["init", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
    old = RECOVERY_RE.search(capsys.readouterr().out)
    assert old
    db_before = (tmp_path / "c" / "caseload.db").read_bytes()

    assert run(monkeypatch, ["rekey", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
    new = RECOVERY_RE.search(capsys.readouterr().out)
    assert new and new.group(1) != old.group(1)
    assert (tmp_path / "c" / "caseload.db").read_bytes()[:4096] != db_before[:4096]

    assert run(monkeypatch, ["verify", d, "--recovery-key", "--passphrase-stdin"], old.group(1)) == 2
    assert "recovery key is incorrect" in capsys.readouterr().err
    assert run(monkeypatch, ["verify", d, "--recovery-key", "--passphrase-stdin"], new.group(1)) == 0
    assert run(monkeypatch, ["verify", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
