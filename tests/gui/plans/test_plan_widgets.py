"""Plan preview, printing to a (PDF) printer, atomic save, batch print with cancel, the catalog warning."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def ar_pdf() -> bytes:
    from caseworker.plans.model import RenderOptions
    from caseworker.plans.render import render_plan_bytes
    from caseworker.plans.samples import sample_plan

    data, result = render_plan_bytes(sample_plan("ar"), RenderOptions(language="ar"))
    assert result.pages == 3
    return data


def _pdf_printer(path: Path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_preview_shows_pages_prints_and_saves(qtbot, tmp_path: Path, ar_pdf: bytes) -> None:
    from PySide6.QtPdf import QPdfDocument

    from caseworker.gui.plans.preview import PlanPreview

    w = PlanPreview()
    qtbot.addWidget(w)
    assert not w.print_button.isEnabled()
    assert w.set_pdf(ar_pdf, "plan.pdf") == 3
    assert w.print_button.isEnabled() and "3" in w.pages_label.text()

    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(w.printed) as sig:
        w.print_to(_pdf_printer(out))
    assert sig.args == [3]
    check = QPdfDocument()
    check.load(str(out))
    assert check.pageCount() == 3
    check.close()

    target = tmp_path / "saved"
    with qtbot.waitSignal(w.saved) as sig:
        written = w.save_to(target)
    assert written == tmp_path / "saved.pdf" and sig.args == [str(written)]
    assert written.read_bytes() == ar_pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == ["printed.pdf", "saved.pdf"]


def test_save_into_missing_folder_fails_cleanly(qtbot, tmp_path: Path, ar_pdf: bytes) -> None:
    from caseworker.gui.plans.preview import PlanPreview

    w = PlanPreview()
    qtbot.addWidget(w)
    w.set_pdf(ar_pdf)
    with qtbot.waitSignal(w.failed) as sig:
        assert w.save_to(tmp_path / "no" / "such" / "dir" / "p.pdf") is None
    assert "could not be saved" in sig.args[0]


def _jobs(n: int, gate: threading.Event | None = None):
    from caseworker.gui.plans.batch import BatchJob
    from caseworker.plans.model import RenderOptions
    from caseworker.plans.samples import sample_plan

    langs = ["ar", "ti", "zh_Hans", "hi"]

    def loader(i: int):
        def load():
            if gate is not None and i >= 2:
                gate.wait(10)
            if i == 1:
                raise ValueError("broken row")
            return sample_plan(langs[i % 4], index=i), RenderOptions(language=langs[i % 4])

        return load

    return [BatchJob(f"C-{i:05d}", loader(i)) for i in range(n)]


def test_batch_prints_all_and_reports_failures(qtbot, tmp_path: Path) -> None:
    from caseworker.gui.plans.batch import BatchPrintDialog

    got: list[str] = []
    dlg = BatchPrintDialog(
        _jobs(5), lambda job, data: got.append(job.label) if data.startswith(b"%PDF") else None
    )
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.finished_batch, timeout=60000) as sig:
        dlg.start()
    assert sig.args == [4, 1, False]
    assert got == ["C-00000", "C-00002", "C-00003", "C-00004"]
    assert dlg.failures == [("C-00001", "ValueError")]
    assert dlg.bar.value() == 5


def test_batch_cancel_stops_early(qtbot) -> None:
    from caseworker.gui.plans.batch import BatchPrintDialog

    gate = threading.Event()
    got: list[str] = []
    dlg = BatchPrintDialog(_jobs(50, gate), lambda job, data: got.append(job.label))
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.finished_batch, timeout=60000) as sig:
        dlg.start()
        qtbot.waitUntil(lambda: len(got) >= 1, timeout=30000)
        dlg.cancel()
        gate.set()
    done, failed, cancelled = sig.args
    assert cancelled and done + failed < 50
    assert got == ["C-00000"]


def test_incomplete_catalog_box_names_missing_and_offers_official_only(qtbot) -> None:
    from PySide6.QtCore import QTimer

    from caseworker.gui.plans.dialogs import ask_official_only, incomplete_catalog_box
    from caseworker.plans.completeness import CompletenessReport

    report = CompletenessReport("ti", "en", missing=("Goals", "Consent"))
    box = incomplete_catalog_box(None, report)
    qtbot.addWidget(box)
    assert "Goals" in box.detailedText() and "Consent" in box.detailedText()
    assert "English" in box.official_only_button.text()
    assert ask_official_only(None, CompletenessReport("ti", "en"))

    def click(accept: bool):
        from PySide6.QtWidgets import QApplication, QMessageBox

        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                if accept:
                    w.official_only_button.click()
                else:
                    w.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(100, lambda: click(True))
    assert ask_official_only(None, report) is True
    QTimer.singleShot(100, lambda: click(False))
    assert ask_official_only(None, report) is False


def test_print_flow_renders_off_the_gui_thread(qtbot) -> None:
    from caseworker.gui.plans.flow import PlanPrintFlow
    from caseworker.gui.plans.preview import PlanPreview
    from caseworker.plans.model import RenderOptions
    from caseworker.plans.samples import sample_plan

    preview = PlanPreview()
    qtbot.addWidget(preview)
    flow = PlanPrintFlow(preview)
    flow.ready.connect(lambda data, result: preview.set_pdf(data))
    with qtbot.waitSignal(flow.ready, timeout=60000) as sig:
        assert flow.start(sample_plan("pa"), RenderOptions(official="fr", language="pa"))
    data, result = sig.args
    assert data.startswith(b"%PDF") and result.pages == preview.document.pageCount() >= 2
    flow.wait()


def test_print_flow_declined_when_catalog_incomplete(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from caseworker.gui.plans.flow import PlanPrintFlow
    from caseworker.plans.model import RenderOptions
    from caseworker.plans.samples import sample_plan
    from tests.plans.test_safety import _broken_catalog_root

    root = _broken_catalog_root(tmp_path, "so", "Referrals")
    flow = PlanPrintFlow(None)

    def cancel():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                w.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(100, cancel)
    with qtbot.waitSignal(flow.declined, timeout=10000):
        assert not flow.start(sample_plan("so"), RenderOptions(language="so", translations_root=root))


def test_print_button_goes_through_the_print_dialog(
    qtbot, tmp_path: Path, ar_pdf: bytes, monkeypatch
) -> None:
    """The printer is the one thing mocked: the dialog 'accepts' and points the printer at a PDF file."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from caseworker.gui.plans import preview as mod

    out = tmp_path / "via-dialog.pdf"
    seen = []

    class FakeDialog:
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, parent) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            seen.append(parent)

        def exec(self):
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(mod, "QPrintDialog", FakeDialog)
    w = mod.PlanPreview()
    qtbot.addWidget(w)
    w.set_pdf(ar_pdf)
    with qtbot.waitSignal(w.printed) as sig:
        w.print_button.click()
    assert sig.args == [3] and seen == [w]
    assert out.stat().st_size > 10_000
