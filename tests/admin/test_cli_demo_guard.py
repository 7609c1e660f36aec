"""`caseworker-admin demo` never mixes invented people into a real caseload unless told to."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker.admin.cli import main
from caseworker.store import demo
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.models import Client
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")
PW = "admin passphrase 1"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], *lines: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(argv)


def _clients(d: Path, user: str, pw: str) -> int:
    with Caseload.open(d, Unlocker.passphrase(user, pw)) as cl, cl.session() as s:
        return int(s.scalar(select(func.count()).select_from(Client)) or 0)


@pytest.fixture
def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "real"
    assert run(monkeypatch, ["init", str(d), "-u", "amina", "--passphrase-stdin"], PW) == 0
    capsys.readouterr()
    return d


def test_demo_refuses_an_init_caseload_without_a_misleading_passphrase_message(
    real: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (real / "keyslots.json").read_bytes()
    # Default user (supervisor) is not in a caseload made by init: say what it is, not "wrong passphrase".
    assert run(monkeypatch, ["demo", str(real), "--clients", "3"]) == 2
    err = capsys.readouterr().err
    assert "not made by 'caseworker-admin demo'" in err and "--force" in err
    assert "passphrase is incorrect" not in err
    # Its own user and passphrase: still refused, nothing added.
    assert (
        run(monkeypatch, ["demo", str(real), "--clients", "3", "-u", "amina", "--passphrase-stdin"], PW) == 2
    )
    err = capsys.readouterr().err
    assert "not made by 'caseworker-admin demo'" in err and "Traceback" not in err
    assert (real / "keyslots.json").read_bytes() == before  # no demo users
    assert _clients(real, "amina", PW) == 0


def test_an_unknown_user_is_named(
    real: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["demo", str(real), "-u", "bashir", "--passphrase-stdin"], PW) == 2
    assert "There is no user named 'bashir' in this caseload." in capsys.readouterr().err
    assert run(monkeypatch, ["verify", str(real), "-u", "bashir", "--passphrase-stdin"], PW) == 2
    err = capsys.readouterr().err
    assert "There is no user named 'bashir' in this caseload." in err and "incorrect" not in err
    assert run(monkeypatch, ["verify", str(real), "-u", "amina", "--passphrase-stdin"], "wrong pw!") == 2
    assert "The passphrase is incorrect." in capsys.readouterr().err


def test_force_adds_to_a_real_caseload_and_marks_it(
    real: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["demo", str(real), "--clients", "3", "-u", "amina", "--force", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW) == 0
    assert "Added to" in capsys.readouterr().out
    assert _clients(real, "amina", PW) == 3
    with Caseload.open(real, Unlocker.passphrase("amina", PW)) as cl:
        assert demo.is_demo(cl)


def test_a_demo_caseload_takes_more_demo_people_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "demo"
    assert run(monkeypatch, ["demo", str(d), "--clients", "2"]) == 0
    assert run(monkeypatch, ["demo", str(d), "--clients", "2"]) == 0
    assert "Added to" in capsys.readouterr().out
    assert _clients(d, "supervisor", demo.DEMO_PASSPHRASE) == 4
    with Caseload.open(d, Unlocker.passphrase("caseworker1", demo.DEMO_PASSPHRASE)) as cl:
        assert demo.is_demo(cl)
