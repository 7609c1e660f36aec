"""Single-plan printing from the main window (client file → Ctrl+P): the catalog check and question, the
default file name, and printing that paints on the GUI thread while page images are made elsewhere."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from tests.gui.plans.conftest import click_box_later

pytestmark = pytest.mark.gui


def _open_print_dialog(qtbot: Any, window: Any, cid: int) -> Any:
    from caseworker.gui.plan_print import PlanPrintDialog

    window.open_client(cid)
    qtbot.waitUntil(lambda: window.file_view.data is not None, timeout=10000)
    window.act_print.trigger()
    dialog = window.file_view.findChild(PlanPrintDialog)
    assert dialog is not None
    return dialog


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    import subprocess

    src = tmp_path / "check.pdf"
    src.write_bytes(data)
    return subprocess.run(["pdftotext", str(src), "-"], check=True, capture_output=True, text=True).stdout


def test_incomplete_catalog_asks_and_renders_only_when_accepted(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from caseworker.gui.plan_print import PlanPrintDialog
    from tests.plans.test_safety import _broken_catalog_root

    root = _broken_catalog_root(tmp_path, "ar", "Goals")
    monkeypatch.setattr(PlanPrintDialog, "translations_root", root)
    window, _ctx, ids = open_window()
    seen: list[str] = []
    click_box_later(qtbot, "cancel", seen)
    dialog = _open_print_dialog(qtbot, window, ids[0])  # Ctrl+P runs the check at once
    assert dialog.language.currentData() == "ar"
    assert len(seen) == 1 and "Goals" in seen[0] and "English" in seen[0]
    qtbot.wait(300)  # nothing is rendered after Cancel
    assert dialog.preview.pdf_bytes() == b"" and not dialog.preview.print_button.isEnabled()
    assert dialog.status.isVisibleTo(dialog) and "Not shown" in dialog.status.text()

    click_box_later(qtbot, "official", seen)
    dialog.refresh()
    assert len(seen) == 2
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() >= 1, timeout=60000)
    assert "English only" in dialog.status.text()
    text = _pdftotext(dialog.preview.pdf_bytes(), tmp_path)
    assert "Goals" in text  # the official-language heading is printed, its Arabic side left empty
    dialog.close()


def test_complete_catalog_prints_without_asking(qtbot: Any, open_window: Any, monkeypatch: Any) -> None:
    from caseworker.gui.plans import dialogs

    asked: list[Any] = []
    monkeypatch.setattr(dialogs, "incomplete_catalog_box", lambda *a: asked.append(a))
    window, _ctx, ids = open_window()
    dialog = _open_print_dialog(qtbot, window, ids[1])
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() >= 1, timeout=60000)
    assert asked == [] and not dialog.status.isVisibleTo(dialog)
    dialog.close()


def test_save_as_pdf_defaults_to_file_number_and_date(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from caseworker.gui.plans import preview as mod

    window, ctx, ids = open_window()
    dialog = _open_print_dialog(qtbot, window, ids[0])
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() >= 1, timeout=60000)
    expected = f"settlement-plan-{ids[0]:06d}-{ctx.clock.today().isoformat()}.pdf"
    offered: list[str] = []

    def fake_save(_parent: Any, _title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.append(name)
        return str(tmp_path / name), ""

    monkeypatch.setattr(mod.QFileDialog, "getSaveFileName", fake_save)
    with qtbot.waitSignal(dialog.preview.saved):
        dialog.preview.save_button.click()
    assert offered == [expected]
    assert "Maryam" not in expected and "Saleh" not in expected
    assert (tmp_path / expected).read_bytes() == dialog.preview.pdf_bytes()
    dialog.close()


def _pdf_printer(path: Path) -> Any:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_makes_page_images_off_the_gui_thread_and_can_cancel(
    qtbot: Any, open_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The printer is the one thing replaced: QPrintDialog 'accepts' and points it at a PDF file."""
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrintDialog

    from caseworker.gui.plans import preview as preview_mod
    from caseworker.gui.plans import printing

    threads: list[str] = []
    painted: list[str] = []
    real_rasterise, real_paint = printing.rasterise, printing.paint_pages

    def spy_rasterise(*a: Any, **kw: Any) -> int:
        threads.append(threading.current_thread().name)
        return real_rasterise(*a, **kw)

    def spy_paint(*a: Any, **kw: Any) -> int:
        painted.append(threading.current_thread().name)
        return real_paint(*a, **kw)

    monkeypatch.setattr(printing, "rasterise", spy_rasterise)
    monkeypatch.setattr(printing, "paint_pages", spy_paint)
    outputs = [tmp_path / "all.pdf", tmp_path / "cancelled.pdf"]

    class FakeDialog:
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: Any, _parent: Any) -> None:
            printer.setOutputFormat(printer.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(outputs.pop(0)))

        def exec(self) -> Any:
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(preview_mod, "QPrintDialog", FakeDialog)
    window, _ctx, ids = open_window(goals=14)
    dialog = _open_print_dialog(qtbot, window, ids[0])
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() >= 1, timeout=60000)
    preview = dialog.preview
    pages = preview.document.pageCount()
    assert pages >= 3
    progress: list[tuple[int, int]] = []
    with qtbot.waitSignal(preview.printed, timeout=60000) as sig:
        preview.print_button.click()
        assert preview.progress.isVisible() and preview.cancel_button.isVisible()
        preview._job.progress.connect(lambda d, t: progress.append((d, t)))
    assert sig.args == [pages]
    assert progress[-1] == (pages, pages)
    main = threading.main_thread().name
    assert threads and main not in threads  # page images made off the GUI thread
    assert set(painted) == {main}  # painted on the printer on the GUI thread
    check = QPdfDocument()
    check.load(str(tmp_path / "all.pdf"))
    assert check.pageCount() == pages
    check.close()
    assert not preview.progress.isVisible() and preview.print_button.isEnabled()

    with qtbot.waitSignal(preview.printed, timeout=60000) as sig:
        preview.print_button.click()
        preview._job.progress.connect(lambda d, _t: preview.cancel_button.click())
    assert 1 <= sig.args[0] < pages
    dialog.close()


def test_locking_closes_the_plan_preview(qtbot: Any, open_window: Any) -> None:
    """The preview shows a client's plan: it must not stay on screen over the lock screen."""
    from caseworker.gui.plan_print import PlanPrintDialog

    window, ctx, ids = open_window()
    dialog = _open_print_dialog(qtbot, window, ids[0])
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() >= 1, timeout=60000)
    assert dialog.isVisible()
    window.act_lock.trigger()
    assert ctx.db is None
    qtbot.waitUntil(lambda: not [d for d in window.findChildren(PlanPrintDialog) if d.isVisible()])
