"""`caseworker-admin demo` and `export` driven as scripts would drive them."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from caseworker.admin import cli, cmd_export
from caseworker.store import demo, keyslots
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.keyslots import KdfParams

PASS = demo.DEMO_PASSPHRASE


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())


def _stdin(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo") / "caseload"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())
        assert cli.main(["demo", str(directory), "--clients", "40", "--seed", "2"]) == 0
    return directory


def test_demo_prints_the_passphrase_and_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", str(tmp_path / "c"), "--clients", "12", "--seed", "9"]) == 0
    out = capsys.readouterr().out
    assert PASS in out and "RECOVERY KEY" in out and "12 clients" in out
    opened = Caseload.open(tmp_path / "c", Unlocker.passphrase("volunteer", PASS))
    opened.close()


def test_demo_with_own_passphrase_then_adds_to_the_same_caseload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "c"
    _stdin(monkeypatch, "a private demo passphrase")
    assert cli.main(["demo", str(directory), "--clients", "5", "--passphrase-stdin"]) == 0
    assert PASS not in capsys.readouterr().out
    _stdin(monkeypatch, "a private demo passphrase")
    assert cli.main(["demo", str(directory), "--clients", "5", "--passphrase-stdin"]) == 0
    assert "Added to" in capsys.readouterr().out
    _stdin(monkeypatch, "wrong passphrase here")
    assert cli.main(["demo", str(directory), "--clients", "5", "--passphrase-stdin"]) == 2
    with Caseload.open(directory, Unlocker.passphrase("caseworker2", "a private demo passphrase")) as c:
        with c.session() as s:
            from sqlalchemy import func, select

            from caseworker.store.models import Client

            assert s.scalar(select(func.count()).select_from(Client)) == 10


def test_export_to_a_private_file_one_object_per_client(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export.jsonl"
    _stdin(monkeypatch, PASS)
    code = cli.main(["export", str(demo_dir), "--passphrase-stdin", "-u", "supervisor", "-o", str(out)])
    assert code == 0
    assert "decrypted" in capsys.readouterr().err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == list(range(1, 41))
    for key in (
        "given_name",
        "contact",
        "identifiers",
        "household",
        "consents",
        "plans",
        "notes",
        "services",
    ):
        assert key in records[0]
    assert any(r["notes"] for r in records) and any(r["plans"] for r in records)
    assert any(r["household"] and r["household"]["members"] for r in records)
    assert not list(tmp_path.glob(".*.part"))


def test_export_one_client_to_stdout_for_an_access_request(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, PASS)
    assert (
        cli.main(["export", str(demo_dir), "--passphrase-stdin", "-u", "caseworker1", "--client", "3"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["id"] == 3


def test_export_refuses_unknown_clients_existing_files_and_wrong_passphrases(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.jsonl"
    _stdin(monkeypatch, PASS)
    args = ["export", str(demo_dir), "--passphrase-stdin", "-u", "supervisor", "-o", str(out)]
    assert cli.main([*args, "--client", "9999"]) == 2
    assert "No client with id 9999" in capsys.readouterr().err and not out.exists()
    out.write_text("keep me", encoding="utf-8")
    _stdin(monkeypatch, PASS)
    assert cli.main(args) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    _stdin(monkeypatch, "not the passphrase")
    assert cli.main([*args, "--force"]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"


def test_a_failed_export_leaves_neither_a_partial_file_nor_a_temp_file(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "export.jsonl"

    def explode(session: object, ids: object, fh: io.StringIO) -> int:
        fh.write('{"id": 1}\n')
        raise OSError("disk went away")

    monkeypatch.setattr(cmd_export, "write_jsonl", explode)
    _stdin(monkeypatch, PASS)
    # An unexpected error is reported as a bug (exit 3, crash report without its message).
    code = cli.main(["export", str(demo_dir), "--passphrase-stdin", "-u", "supervisor", "-o", str(out)])
    assert code == cli.EXIT_BUG
    assert list(tmp_path.iterdir()) == []
