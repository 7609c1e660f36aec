"""caseworker-admin init: non-interactive and prompted, defaults, errors without tracebacks."""

from __future__ import annotations

import getpass
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from caseworker.admin.cli import main
from caseworker.store.caseload import Caseload, Unlocker
from tests.store.conftest import fast_kdf  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_kdf")

RECOVERY_RE = re.compile(r"\b([0-9A-Z]{5}(?:-[0-9A-Z]{5}){7})\b")
PW = "init passphrase 2026"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_init_non_interactive_defaults_to_os_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(monkeypatch, ["init", str(tmp_path / "c"), "--passphrase-stdin"], PW + "\n")
    out = capsys.readouterr().out
    assert code == 0
    match = RECOVERY_RE.search(out)
    assert match, out
    user = getpass.getuser()
    assert f"'{user}'" in out
    with Caseload.open(tmp_path / "c", Unlocker.passphrase(user, PW)) as cl:
        assert cl.user.username == user
    Caseload.open(tmp_path / "c", Unlocker.recovery(match.group(1))).close()


def test_init_named_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["init", str(tmp_path / "c"), "--user", "amina", "--display-name", "Amina T", "--passphrase-stdin"]
    assert run(monkeypatch, argv, PW + "\n") == 0
    Caseload.open(tmp_path / "c", Unlocker.passphrase("amina", PW)).close()


def test_init_twice_is_a_known_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["init", str(tmp_path), "--passphrase-stdin"], PW + "\n") == 0
    capsys.readouterr()
    assert run(monkeypatch, ["init", str(tmp_path), "--passphrase-stdin"], PW + "\n") == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("", "Standard input ended"), ("short\n", "at least 8 characters")],
)
def test_init_bad_passphrase_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str,
    message: str,
) -> None:
    assert run(monkeypatch, ["init", str(tmp_path / "c"), "--passphrase-stdin"], stdin) == 2
    assert message in capsys.readouterr().err
    assert not Caseload.exists(tmp_path / "c")


def test_no_terminal_and_no_stdin_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["init", str(tmp_path / "c")], PW + "\n") == 2
    assert "--passphrase-stdin" in capsys.readouterr().err


def test_passphrase_is_never_an_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as info:
        run(monkeypatch, ["init", str(tmp_path / "c"), "--passphrase", PW])
    assert info.value.code == 2


def test_prompt_asks_twice_until_both_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([PW, "typo passphrase", PW, PW])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    stdin = io.StringIO("")
    monkeypatch.setattr(stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    assert main(["init", str(tmp_path / "c"), "--user", "amina"]) == 0
    assert len(prompts) == 4 and "again" in prompts[1]
    assert "differ" in capsys.readouterr().err
    Caseload.open(tmp_path / "c", Unlocker.passphrase("amina", PW)).close()


def test_entry_point_in_a_real_process(tmp_path: Path) -> None:
    """The installed command path with the production KDF: one real run end to end."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "caseworker.admin.cli",
            "init",
            str(tmp_path / "c"),
            "-u",
            "amina",
            "--passphrase-stdin",
        ],
        input=PW + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr
    assert RECOVERY_RE.search(result.stdout)
    slot = Caseload.open(tmp_path / "c", Unlocker.passphrase("amina", PW))
    try:
        kdf = slot.slots().passphrase_slots()[0].kdf
    finally:
        slot.close()
    assert kdf["memory_kib"] >= 65536  # the production cost, not the test one
