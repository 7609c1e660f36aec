"""The Reports screen's "Export CSV…": a supervisor picks a folder, the CSVs are written by the DB worker."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from caseworker.admin import cmd_report
from tests.gui.conftest import PASSPHRASE, USERNAME

pytestmark = pytest.mark.gui


def _view(make_ctx: Any, caseload_dir: Path, username: str, passphrase: str, qtbot: Any) -> Any:
    from caseworker.gui.dbop import DbExecutor
    from caseworker.gui.views import ReportsView
    from caseworker.store.caseload import Caseload, Unlocker

    ctx = make_ctx(caseload_dir=caseload_dir)
    ctx.caseload = Caseload.open(caseload_dir, Unlocker.passphrase(username, passphrase))
    ctx.db = DbExecutor(ctx.caseload)
    view = ReportsView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: bool(view.summary.text()), timeout=20000)
    return view


def test_supervisor_exports_the_csvs_to_the_chosen_folder(
    qtbot: Any, make_ctx: Any, caseload_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "reports"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    view = _view(make_ctx, caseload_dir, USERNAME, PASSPHRASE, qtbot)
    assert view.export_button.isVisible()
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible(), timeout=20000)
    assert "5 report files written" in view.message.text()
    for name in cmd_report.REPORT_NAMES:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
    # A second export into the same folder keeps the first and says why.
    view.message.hide()
    (out / "overdue.csv").write_text("keep me", encoding="utf-8")
    view.export_csv()
    qtbot.waitUntil(lambda: view.message.isVisible(), timeout=20000)
    assert "already has report files" in view.message.text()
    assert (out / "overdue.csv").read_text(encoding="utf-8") == "keep me"
    assert view.export_button.isEnabled()


def test_cancelled_dialog_writes_nothing(
    qtbot: Any, make_ctx: Any, caseload_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    view = _view(make_ctx, caseload_dir, USERNAME, PASSPHRASE, qtbot)
    view.export_csv()
    assert view.export_button.isEnabled() and not view.message.isVisible()


def test_caseworkers_do_not_see_the_button(
    qtbot: Any, make_ctx: Any, caseload_dir: Path, fast_kdf: Any
) -> None:
    from caseworker.core.domain import Role
    from caseworker.store.caseload import Caseload, Unlocker

    with Caseload.open(caseload_dir, Unlocker.passphrase(USERNAME, PASSPHRASE)) as cl:
        cl.add_user("karim", "another synthetic passphrase", Role.CASEWORKER, kdf=fast_kdf)
    view = _view(make_ctx, caseload_dir, "karim", "another synthetic passphrase", qtbot)
    assert not view.export_button.isVisible()
