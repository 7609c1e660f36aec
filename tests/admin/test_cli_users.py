"""caseworker-admin add-user and passwd, driven non-interactively."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from caseworker.admin.cli import main
from caseworker.store.caseload import Caseload, Unlocker
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


@pytest.fixture
def caseload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "c"
    assert run(monkeypatch, ["init", str(directory), "-u", "amina", "--passphrase-stdin"], PW) == 0
    return directory


def test_add_user_then_passwd(
    caseload_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(caseload_dir)
    argv = ["add-user", d, "bashir", "--role", "volunteer", "-u", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW, "bashir first pass") == 0
    assert "Added volunteer 'bashir'" in capsys.readouterr().out
    assert (
        run(
            monkeypatch,
            ["passwd", d, "-u", "bashir", "--passphrase-stdin"],
            "bashir first pass",
            "bashir second pass",
        )
        == 0
    )
    with Caseload.open(caseload_dir, Unlocker.passphrase("bashir", "bashir second pass")) as cl:
        assert cl.user.role.value == "volunteer"

    # A volunteer cannot add users.
    assert (
        run(
            monkeypatch,
            ["add-user", d, "chen", "-u", "bashir", "--passphrase-stdin"],
            "bashir second pass",
            "chen pass 1234",
        )
        == 2
    )
    assert "supervisor" in capsys.readouterr().err


def test_wrong_passphrase_is_a_clear_message(
    caseload_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (caseload_dir / "keyslots.json").read_bytes()
    assert (
        run(
            monkeypatch,
            ["passwd", str(caseload_dir), "-u", "amina", "--passphrase-stdin"],
            "wrong one!",
            "new pass 1234",
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "The passphrase is incorrect." in err and "Traceback" not in err
    assert (caseload_dir / "keyslots.json").read_bytes() == before
    argv = ["add-user", str(caseload_dir), "x", "-u", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, "wrong one!", "whatever 12345") == 2


def test_add_existing_user_is_refused(
    caseload_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["add-user", str(caseload_dir), "AMINA", "-u", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW, "another pass 123") == 2
    assert "already taken" in capsys.readouterr().err


def test_missing_caseload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(monkeypatch, ["passwd", str(tmp_path), "-u", "amina", "--passphrase-stdin"], PW, "new pass 1234")
        == 2
    )
    assert "no caseload" in capsys.readouterr().err.lower()


def test_supervisor_resets_and_removes(
    caseload_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(caseload_dir)
    assert (
        run(
            monkeypatch,
            ["add-user", d, "bashir", "-u", "amina", "--passphrase-stdin"],
            PW,
            "bashir first pass",
        )
        == 0
    )
    argv = ["passwd", d, "-u", "bashir", "--reset-by", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW, "reset by amina 1") == 0
    Caseload.open(caseload_dir, Unlocker.passphrase("bashir", "reset by amina 1")).close()
    # bashir (a caseworker) cannot reset amina's passphrase nor remove users.
    argv = ["passwd", d, "-u", "amina", "--reset-by", "bashir", "--passphrase-stdin"]
    assert run(monkeypatch, argv, "reset by amina 1", "hijacked pass 1") == 2
    assert (
        run(
            monkeypatch, ["remove-user", d, "amina", "-u", "bashir", "--passphrase-stdin"], "reset by amina 1"
        )
        == 2
    )
    capsys.readouterr()
    assert run(monkeypatch, ["remove-user", d, "bashir", "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert "rekey" in capsys.readouterr().out
    assert run(monkeypatch, ["remove-user", d, "amina", "-u", "amina", "--passphrase-stdin"], PW) == 2
    assert "last passphrase" in capsys.readouterr().err
    assert run(monkeypatch, ["verify", d, "-u", "bashir", "--passphrase-stdin"], "reset by amina 1") == 2
