"""The unshown-recovery-key warning and ``caseworker-admin recovery-key``."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from caseworker.admin.cli import main
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.errors import WrongRecoveryKey
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"
RECOVERY_RE = re.compile(r"\b([0-9A-Z]{5}(?:-[0-9A-Z]{5}){7})\b")
WARNING = "recovery key was never shown"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


def _unshown(tmp_path: Path) -> Path:
    """A caseload whose set-up died after creating it but before printing the recovery key."""
    d = tmp_path / "c"
    cl, _lost = Caseload.create(d, "amina", PW)
    cl.close()
    return d


def test_init_rekey_and_demo_clear_the_mark_once_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "c")
    assert run(monkeypatch, ["init", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert keyslots.load(Path(d)).recovery_unconfirmed is None
    assert run(monkeypatch, ["rekey", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert keyslots.load(Path(d)).recovery_unconfirmed is None
    capsys.readouterr()
    assert run(monkeypatch, ["verify", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert WARNING not in capsys.readouterr().err
    demo_dir = tmp_path / "demo"
    assert run(monkeypatch, ["demo", str(demo_dir), "--clients", "3"]) == 0
    assert RECOVERY_RE.search(capsys.readouterr().out)
    assert keyslots.load(demo_dir).recovery_unconfirmed is None


def test_unlocking_warns_and_recovery_key_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _unshown(tmp_path)
    assert run(monkeypatch, ["verify", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0
    captured = capsys.readouterr()
    assert WARNING in captured.err and f"caseworker-admin recovery-key {d}" in captured.err
    assert "The caseload is intact." in captured.out
    # Every other command that unlocks through the CLI says it too.
    assert run(monkeypatch, ["backup", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert WARNING in capsys.readouterr().err

    old = keyslots.load(d).recovery_slot()
    assert run(monkeypatch, ["recovery-key", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0
    out = capsys.readouterr().out
    found = RECOVERY_RE.search(out)
    assert found and "old recovery key no longer works" in out
    assert keyslots.load(d).recovery_slot() != old
    Caseload.open(d, Unlocker.recovery(found.group(1))).close()

    assert run(monkeypatch, ["verify", str(d), "--recovery-key", "--passphrase-stdin"], found.group(1)) == 0
    assert WARNING not in capsys.readouterr().err


def test_recovery_key_retires_the_old_key_and_needs_a_supervisor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "c")
    assert run(monkeypatch, ["init", d, "-u", "amina", "--passphrase-stdin"], PW) == 0
    old = RECOVERY_RE.search(capsys.readouterr().out)
    assert old
    assert (
        run(monkeypatch, ["add-user", d, "bashir", "-u", "amina", "--passphrase-stdin"], PW, "bashir pw 1")
        == 0
    )
    assert run(monkeypatch, ["recovery-key", d, "-u", "bashir", "--passphrase-stdin"], "bashir pw 1") == 2
    assert "Only a supervisor" in capsys.readouterr().err
    Caseload.open(Path(d), Unlocker.recovery(old.group(1))).close()  # unchanged

    assert run(monkeypatch, ["recovery-key", d, "--recovery-key", "--passphrase-stdin"], old.group(1)) == 0
    new = RECOVERY_RE.search(capsys.readouterr().out)
    assert new and new.group(1) != old.group(1)
    with pytest.raises(WrongRecoveryKey):
        Caseload.open(Path(d), Unlocker.recovery(old.group(1)))
    assert run(monkeypatch, ["recovery-key", d, "-u", "amina", "--passphrase-stdin"], "wrong passphrase") == 2
