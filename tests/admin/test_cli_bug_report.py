"""A bug in a subcommand gives a report without client data, never a raw traceback with the message."""

from __future__ import annotations

import argparse

import pytest

from caseworker.admin import cli
from caseworker.core.crashreport import crash_report

SENTINEL = "Zainab-Haddad-613-555-0142"


def _boom(args: argparse.Namespace) -> int:
    raise ValueError(f"client {SENTINEL} broke something")


def test_unexpected_error_reports_without_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = cli.build_parser

    def parser_with_bug() -> argparse.ArgumentParser:
        parser = real()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.add_parser("boom").set_defaults(run=_boom)
        return parser

    monkeypatch.setattr(cli, "build_parser", parser_with_bug)
    code = cli.main(["boom"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_BUG
    assert SENTINEL not in err
    assert "builtins.ValueError" in err
    assert "_boom" in err  # the frame is named, so a developer can find the bug


def test_crash_report_drops_messages_of_the_whole_chain() -> None:
    try:
        try:
            raise KeyError(SENTINEL)
        except KeyError as inner:
            raise RuntimeError(SENTINEL) from inner
    except RuntimeError as exc:
        report = crash_report(exc)
    assert SENTINEL not in report
    assert "builtins.RuntimeError" in report and "builtins.KeyError" in report
