"""caseworker-admin verify: exit 0 only when encryption, structure and the audit chain all hold."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseworker.admin.cli import main
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.repos import clients
from tests.helpers.memkeyring import MemoryKeyring
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


@pytest.fixture
def d(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "c"
    assert run(monkeypatch, ["init", str(directory), "-u", "amina", "--passphrase-stdin"], PW) == 0
    with Caseload.open(directory, Unlocker.passphrase("amina", PW)) as cl, cl.session() as session:
        for i in range(40):
            clients.create_client(session, cl.user.id, given_name=f"G{i}", family_name=f"F{i}")
    capsys.readouterr()
    return directory


def verify(monkeypatch: pytest.MonkeyPatch, d: Path) -> int:
    return run(monkeypatch, ["verify", str(d), "-u", "amina", "--passphrase-stdin"], PW)


def test_intact(d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify(monkeypatch, d) == 0
    out = capsys.readouterr().out
    assert "audit trail: ok" in out and "The caseload is intact." in out


def test_flipped_byte_names_the_page(
    d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = d / "caseload.db"
    data = bytearray(db.read_bytes())
    offset = 4096 * 3 + 1000
    data[offset] ^= 0x01
    db.write_bytes(bytes(data))
    assert verify(monkeypatch, d) == 1
    captured = capsys.readouterr()
    assert "page 4" in captured.out and "FAILED" in captured.out
    assert "restore" in captured.err


def test_flipped_header_byte(
    d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = d / "caseload.db"
    data = bytearray(db.read_bytes())
    data[3] ^= 0x80
    db.write_bytes(bytes(data))
    assert verify(monkeypatch, d) == 1
    assert "damaged" in capsys.readouterr().out


def test_edited_audit_event(
    d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Caseload.open(d, Unlocker.passphrase("amina", PW)) as cl, cl.session() as session:
        session.execute(sa.text("DELETE FROM audit_events WHERE id = 5"))
    assert verify(monkeypatch, d) == 1
    out = capsys.readouterr().out
    assert "audit trail: FAILED" in out and "audit event" in out


def test_wrong_passphrase_exit_2(
    d: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["verify", str(d), "-u", "amina", "--passphrase-stdin"], "nope nope") == 2
    assert "The passphrase is incorrect." in capsys.readouterr().err


def test_keyring_unlock_and_lost_keyring(
    d: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    with Caseload.open(d, Unlocker.passphrase("amina", PW)) as cl:
        cl.enable_keyring()
    assert run(monkeypatch, ["verify", str(d), "--keyring"]) == 0
    memory_keyring.store.clear()
    capsys.readouterr()
    assert run(monkeypatch, ["verify", str(d), "--keyring"]) == 2
    err = capsys.readouterr().err
    assert "passphrase" in err and "Traceback" not in err
    assert verify(monkeypatch, d) == 0  # the passphrase still opens it
