"""`caseworker-admin report` on a real (encrypted, demo) caseload, driven as a script would drive it."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from caseworker.admin import cli, cmd_report
from caseworker.store import demo, keyslots
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.keyslots import KdfParams
from caseworker.store.models import Client, FileStatus

PASS = demo.DEMO_PASSPHRASE
HOSTILE = '=HYPERLINK("http://x")'


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())


def _stdin(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo caseload where client 1 has a formula for a name and an overdue follow-up."""
    directory = tmp_path_factory.mktemp("demo") / "caseload"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())
        assert cli.main(["demo", str(directory), "--clients", "30", "--seed", "3"]) == 0
        with Caseload.open(directory, Unlocker.passphrase("supervisor", PASS)) as c, c.session() as s:
            client = s.get(Client, 1)
            assert client is not None
            client.given_name = client.given_name_latin = HOSTILE
            client.file_status = FileStatus.ACTIVE
            client.next_follow_up = date.today() - timedelta(days=3)
    return directory


def _report(demo_dir: Path, out: Path, *extra: str, user: str = "supervisor") -> int:
    return cli.main(["report", str(demo_dir), "--to", str(out), "--passphrase-stdin", "-u", user, *extra])


def test_writes_every_report_private_and_formula_safe(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    _stdin(monkeypatch, PASS)
    assert _report(demo_dir, out, "--from", "2000-01-01", "--until", date.today().isoformat()) == 0
    printed = capsys.readouterr().out
    for name in cmd_report.REPORT_NAMES:
        path = out / name
        assert path.is_file() and name in printed
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with (out / "overdue.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["client_name"] for r in rows if r["client_id"] == "1" and r["kind"] == "follow_up"]
    assert names and names[0].startswith("'" + HOSTILE)
    assert not any(r["client_name"].startswith("=") for r in rows)
    with (out / "worker_load.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) > 1  # header and the demo workers
    with (out / "funder_summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) > 1  # the demo has services since 2000


def test_refuses_to_overwrite_without_force(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "overdue.csv").write_text("keep me", encoding="utf-8")
    _stdin(monkeypatch, PASS)
    assert _report(demo_dir, out) == 2
    assert "overdue.csv" in capsys.readouterr().err
    assert (out / "overdue.csv").read_text(encoding="utf-8") == "keep me"
    assert not (out / "worker_load.csv").exists()
    _stdin(monkeypatch, PASS)
    assert _report(demo_dir, out, "--force") == 0
    assert (out / "overdue.csv").read_text(encoding="utf-8-sig").startswith("kind,client_id")


def test_wrong_passphrase_writes_nothing(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    _stdin(monkeypatch, "not the passphrase")
    assert _report(demo_dir, out) == 2
    assert capsys.readouterr().err
    assert not out.exists()


def test_only_supervisors(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    _stdin(monkeypatch, PASS)
    assert _report(demo_dir, out, user="caseworker1") == 2
    assert "supervisor" in capsys.readouterr().err
    assert not out.exists()


def test_period_that_ends_before_it_starts(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, PASS)
    code = _report(demo_dir, tmp_path / "r", "--from", "2026-02-01", "--until", "2026-01-01")
    assert code == 2 and "period" in capsys.readouterr().err
