"""caseworker-admin keyring --enable/--disable, with the in-memory keyring and a refused one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from caseworker.admin.cli import main
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.errors import KeyringUnavailable
from tests.helpers.memkeyring import MemoryKeyring
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"
BASHIR_PW = "bashir passphrase"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


@pytest.fixture
def d(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "c"
    assert run(monkeypatch, ["init", str(path), "-u", "amina", "--passphrase-stdin"], PW) == 0
    argv = ["add-user", str(path), "bashir", "-u", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW, BASHIR_PW) == 0
    capsys.readouterr()
    return path


def test_enable_then_disable(
    d: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["keyring", str(d), "--enable", "--user", "bashir", "--passphrase-stdin"]
    assert run(monkeypatch, argv, BASHIR_PW) == 0
    out = capsys.readouterr().out
    assert "remembered on this device for 'bashir'" in out and "MemoryKeyring" in out
    slot = keyslots.load(d).keyring_slot()
    assert slot is not None and slot.username == "bashir"
    assert ("caseworker", slot.secret_name) in memory_keyring.store
    with Caseload.open(d, Unlocker.keyring()) as cl:
        assert cl.user.username == "bashir"
    assert run(monkeypatch, ["verify", str(d), "--keyring"]) == 0  # the CLI unlocks through it too

    assert run(monkeypatch, ["keyring", str(d), "--disable", "--keyring"]) == 0
    assert "no longer remembered" in capsys.readouterr().out
    assert keyslots.load(d).keyring_slot() is None
    assert memory_keyring.store == {}
    with pytest.raises(KeyringUnavailable):
        Caseload.open(d, Unlocker.keyring())
    assert run(monkeypatch, ["keyring", str(d), "--disable", "-u", "amina", "--passphrase-stdin"], PW) == 0
    assert "was not remembered" in capsys.readouterr().out


def test_an_insecure_keyring_is_refused_before_any_passphrase(
    d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]  # fixture restores
    before = (d / "keyslots.json").read_bytes()
    stdin = io.StringIO(PW + "\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["keyring", str(d), "--enable", "-u", "amina", "--passphrase-stdin"]) == 2
    err = capsys.readouterr().err
    assert "does not encrypt what it stores" in err and "no keyring" in err and "Traceback" not in err
    assert stdin.tell() == 0  # the passphrase was not even read
    assert (d / "keyslots.json").read_bytes() == before


def test_enable_or_disable_is_required_and_wrong_passphrase_changes_nothing(
    d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        run(monkeypatch, ["keyring", str(d), "-u", "amina", "--passphrase-stdin"], PW)
    assert info.value.code == 2
    before = (d / "keyslots.json").read_bytes()
    argv = ["keyring", str(d), "--enable", "-u", "amina", "--passphrase-stdin"]
    assert run(monkeypatch, argv, "not the passphrase") == 2
    assert "The passphrase is incorrect." in capsys.readouterr().err
    assert (d / "keyslots.json").read_bytes() == before
