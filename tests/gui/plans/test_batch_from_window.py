"""Batch print from the main window: select clients in My caseload, Print plans… (context menu or
Ctrl+Shift+P), a folder of PDFs or the printer, progress and Cancel; reads on the DB worker, rendering
on the batch thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui


def _select_all(qtbot: Any, window: Any, n: int) -> Any:
    view = window.caseload_view
    window.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: view.model.rowCount() >= n, timeout=10000)
    for r in range(n):
        qtbot.waitUntil(lambda r=r: view.model.row_at(r) is not None, timeout=10000)
    view.table.selectAll()
    return view


def _dialog(window: Any) -> Any:
    from caseworker.gui.plans.batch import BatchPrintDialog

    return window.findChild(BatchPrintDialog)


def test_print_plans_to_a_folder_from_the_context_menu(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from caseworker.gui.plans import batch, batch_print

    window, ctx, ids = open_window()
    view = _select_all(qtbot, window, len(ids))
    assert sorted(view.selected_client_ids()) == sorted(ids)
    out = tmp_path / "plans"
    out.mkdir()
    monkeypatch.setattr(batch_print, "ask_destination", lambda *a: batch_print.FOLDER)
    monkeypatch.setattr(batch_print.QFileDialog, "getExistingDirectory", lambda *a: str(out))
    threads: dict[str, set[str]] = {"read": set(), "render": set()}
    real_read, real_render = batch_print.read_plan, batch.render_plan_bytes

    def spy_read(*a: Any) -> Any:
        threads["read"].add(threading.current_thread().name)
        return real_read(*a)

    def spy_render(*a: Any, **kw: Any) -> Any:
        threads["render"].add(threading.current_thread().name)
        return real_render(*a, **kw)

    monkeypatch.setattr(batch_print, "read_plan", spy_read)
    monkeypatch.setattr(batch, "render_plan_bytes", spy_render)

    view._context_menu(view.table.visualRect(view.model.index(0, 0)).center())
    menu_actions = {a.text().split("\t")[0]: a for a in view._menu.actions()}
    assert "Open the file" not in menu_actions  # several clients selected
    menu_actions["Print plans…"].trigger()
    dialog = _dialog(window)
    assert dialog is not None
    with qtbot.waitSignal(dialog.finished_batch, timeout=120000) as sig:
        pass
    assert sig.args == [3, 1, False]
    day = ctx.clock.today().isoformat()
    with_plans = ids[:3]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"settlement-plan-{cid:06d}-{day}.pdf" for cid in with_plans
    )
    assert all(p.read_bytes().startswith(b"%PDF") for p in out.iterdir())
    assert dialog.failures == [(f"{ids[3]:06d}", "This client has no settlement plan yet.")]
    assert dialog.problems.isVisible() and f"{ids[3]:06d}" in dialog.problems.toPlainText()
    main = threading.main_thread().name
    assert threads["read"] and all(t.startswith("caseload-db") for t in threads["read"])
    assert threads["render"] and main not in threads["render"] and not threads["render"] & threads["read"]
    dialog.accept()


def test_print_plans_shortcut_to_the_printer_then_cancel(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrintDialog

    from caseworker.gui.plans import batch_print

    window, _ctx, ids = open_window()
    assert window.act_print_plans.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert window.act_print.shortcut() != window.act_print_plans.shortcut()
    _select_all(qtbot, window, len(ids))
    outputs = [tmp_path / "all.pdf", tmp_path / "cancelled.pdf"]

    class FakeDialog:
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: Any, _parent: Any) -> None:
            printer.setOutputFormat(printer.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(outputs.pop(0)))

        def exec(self) -> Any:
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(batch_print, "QPrintDialog", FakeDialog)
    monkeypatch.setattr(batch_print, "ask_destination", lambda *a: batch_print.PRINTER)
    window.act_print_plans.trigger()
    dialog = window._batch.dialog
    with qtbot.waitSignal(dialog.finished_batch, timeout=120000) as sig:
        pass
    assert sig.args == [3, 1, False]
    pages = window._batch.pages
    assert pages >= 3
    check = QPdfDocument()
    check.load(str(tmp_path / "all.pdf"))
    assert check.pageCount() == pages
    check.close()
    dialog.accept()

    gate = threading.Event()
    real_read = batch_print.read_plan

    def slow_read(cl: Any, cid: int, *a: Any) -> Any:
        if cid != ids[0]:
            gate.wait(20)  # later plans wait until Cancel was pressed
        return real_read(cl, cid, *a)

    monkeypatch.setattr(batch_print, "read_plan", slow_read)
    window.act_print_plans.trigger()
    dialog = window._batch.dialog
    qtbot.waitUntil(lambda: dialog.done_count >= 1, timeout=60000)
    with qtbot.waitSignal(dialog.finished_batch, timeout=60000) as sig:
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        gate.set()
    assert sig.args == [1, 0, True]
    assert "cancelled" in dialog.label.text()
    dialog.accept()
