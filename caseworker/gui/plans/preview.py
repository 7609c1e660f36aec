"""Print preview of a plan PDF (QtPdf's QPdfView) with Print… and Save as PDF… actions.

Printing never blocks the window: page images are made on a thread (:class:`PagePrinter`) and painted
onto the printer here, with a progress bar and a Cancel button in the preview's bar.

Strings go through the desktop's gettext domain: pass ``gettext=ctx._``.

Signals: ``printed(int)`` (pages sent to the printer), ``saved(str)`` (the path written),
``failed(str)`` (a message for the worker; no client data in it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError
from caseworker.gui.plans.printing import PagePrinter, save_pdf

DEFAULT_NAME = "settlement-plan.pdf"


def _same(text: str) -> str:
    return text


class PlanPreview(QWidget):
    printed = Signal(int)
    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, gettext: Callable[[str], str] | None = None) -> None:
        super().__init__(parent)
        _ = gettext or _same
        self._ = _
        self.setObjectName("planPreview")
        self._data = b""
        self._name = DEFAULT_NAME
        self._printer: QPrinter | None = None
        self._job: PagePrinter | None = None
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName(_("Plan preview"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel(self)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setAccessibleName(_("Print the plan"))
        self.save_button = QPushButton(_("Save as PDF…"), self)
        self.save_button.setAccessibleName(_("Save the plan as PDF"))
        self.fit_button = QPushButton(_("Whole page"), self)
        self.fit_button.setAccessibleName(_("Show the whole page"))
        self.fit_button.setCheckable(True)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("Printing progress"))
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(_("page %v of %m"))
        self.progress.hide()
        self.cancel_button = QPushButton(_("Cancel printing"), self)
        self.cancel_button.setAccessibleName(_("Cancel printing"))
        self.cancel_button.hide()
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        self.fit_button.toggled.connect(self._toggle_fit)
        self.cancel_button.clicked.connect(self.cancel_print)
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._set_enabled(False)

    # ---- content ---------------------------------------------------------------------------------
    def set_pdf(self, data: bytes, suggested_name: str = DEFAULT_NAME) -> int:
        """Show ``data`` (a rendered plan); returns its page count.

        ``suggested_name`` is the Save as PDF default: no personal data in it (file names end up in
        recent-files lists), e.g. ``settlement-plan-000042-2026-11-28.pdf``.
        """
        self.document.close()
        self._buffer.close()
        self._data = data
        self._name = suggested_name
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        pages = self.document.pageCount() if ok else 0
        self.pages_label.setText(self._("{n} page(s)").format(n=pages))
        self._set_enabled(ok)
        return pages

    def clear(self) -> None:
        """Show nothing (the plan was not rendered, or the caseload is locking)."""
        self.cancel_print()
        self.document.close()
        self._buffer.close()
        self._data = b""
        self.pages_label.clear()
        self._set_enabled(False)

    def pdf_bytes(self) -> bytes:
        return self._data

    @property
    def suggested_name(self) -> str:
        return self._name

    def _set_enabled(self, on: bool) -> None:
        busy = self.printing
        self.print_button.setEnabled(on and not busy)
        self.save_button.setEnabled(on)

    def _toggle_fit(self, whole: bool) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView if whole else QPdfView.ZoomMode.FitToWidth)

    # ---- printing --------------------------------------------------------------------------------
    @property
    def printing(self) -> bool:
        return self._job is not None

    def print_to(self, printer: QPrinter) -> bool:
        """Start printing on ``printer`` (returns at once); ``printed(n)`` or ``failed`` follows."""
        if self.printing or not self._data:
            return False
        job = PagePrinter(self._data, printer, self)
        job.progress.connect(self._print_progress)
        job.finished_printing.connect(self._print_finished)
        job.failed.connect(self._print_failed)
        self._printer = printer  # the painter uses it until the job ends
        self._job = job
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.print_button.setEnabled(False)
        if not job.start():
            return False
        return True

    def cancel_print(self, wait: bool = False) -> None:
        job = self._job
        if job is None:
            return
        job.cancel()
        if wait:
            job.wait()

    def _print_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _end_job(self) -> None:
        job, self._job = self._job, None
        self._printer = None
        self.progress.hide()
        self.cancel_button.hide()
        self._set_enabled(bool(self._data))
        if job is not None:
            job.deleteLater()

    def _print_finished(self, pages: int, _cancelled: bool) -> None:
        self._end_job()
        self.printed.emit(pages)

    def _print_failed(self, message: str) -> None:
        self._end_job()
        self.failed.emit(message)

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    # ---- saving ----------------------------------------------------------------------------------
    def save_to(self, path: Path) -> Path | None:
        try:
            written = save_pdf(self._data, path)
        except KnownError as exc:
            self.failed.emit(self._(exc.message))
            return None
        self.saved.emit(str(written))
        return written

    def save_with_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self._("Save plan as PDF"), self._name, self._("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path))
