"""Print preview of a plan PDF (QtPdf's QPdfView) with Print… and Save as PDF… actions.

Signals: ``printed(int)`` (pages sent to the printer), ``saved(str)`` (the path written),
``failed(str)`` (a message for the worker; no client data in it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseworker.core.errors import KnownError
from caseworker.gui.plans.printing import print_pdf, save_pdf


class PlanPreview(QWidget):
    printed = Signal(int)
    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = b""
        self._name = "plan.pdf"
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel(self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.fit_button = QPushButton(self.tr("Whole page"), self)
        self.fit_button.setCheckable(True)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        self.fit_button.toggled.connect(self._toggle_fit)
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._set_enabled(False)

    # ---- content ---------------------------------------------------------------------------------
    def set_pdf(self, data: bytes, suggested_name: str = "plan.pdf") -> int:
        """Show ``data`` (a rendered plan); returns its page count."""
        self.document.close()
        self._buffer.close()
        self._data = data
        self._name = suggested_name
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        pages = self.document.pageCount() if ok else 0
        self.pages_label.setText(self.tr("{n} page(s)").format(n=pages))
        self._set_enabled(ok)
        return pages

    def pdf_bytes(self) -> bytes:
        return self._data

    def _set_enabled(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def _toggle_fit(self, whole: bool) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView if whole else QPdfView.ZoomMode.FitToWidth)

    # ---- actions ---------------------------------------------------------------------------------
    def print_to(self, printer: QPrinter) -> int:
        try:
            n = print_pdf(self._data, printer)
        except KnownError as exc:
            self.failed.emit(exc.message)
            return 0
        self.printed.emit(n)
        return n

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def save_to(self, path: Path) -> Path | None:
        try:
            written = save_pdf(self._data, path)
        except KnownError as exc:
            self.failed.emit(exc.message)
            return None
        self.saved.emit(str(written))
        return written

    def save_with_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save plan as PDF"), self._name, self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_to(Path(path))
