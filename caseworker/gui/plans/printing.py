"""Printing a plan PDF: pages rasterised by QtPdf onto a QPrinter, and atomic "Save as PDF".

A PDF we rendered ourselves goes to the printer as page images at the printer's resolution (QtPdf has
no vector path to QPrinter); the saved PDF keeps the real text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from caseworker.core.errors import KnownError
from caseworker.plans.render import save_pdf_atomic


class PrintFailed(KnownError):
    message = "The plan could not be printed."
    hint = "Check the printer, or save the plan as a PDF and print that file."


def load_pdf(data: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading ``data`` from memory (keep the returned buffer alive with the document)."""
    doc = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buf = QBuffer(doc)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready:
        raise PrintFailed("The plan PDF could not be read back for printing.")
    return doc, buf


def print_pdf(
    data: bytes,
    printer: QPrinter,
    *,
    cancelled: object | None = None,
    first_page: int = 0,
    last_page: int = -1,
) -> int:
    """Send every page of ``data`` to ``printer``; returns the number of pages printed."""
    doc, _buf = load_pdf(data)
    n = doc.pageCount()
    last = n - 1 if last_page < 0 else min(last_page, n - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed()
    printed = 0
    try:
        dpi = printer.resolution()
        for i in range(first_page, last + 1):
            if cancelled is not None and getattr(cancelled, "is_set", lambda: False)():
                break
            if printed:
                printer.newPage()
            size_pt = doc.pagePointSize(i)
            target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
            px = QSize(int(size_pt.width() * scale), int(size_pt.height() * scale))
            if dpi > 300:  # rasterise at most at 300 dpi, then scale: memory stays bounded
                px = QSize(int(size_pt.width() / 72 * 300), int(size_pt.height() / 72 * 300))
            image = doc.render(i, px)
            painter.drawImage(QRect(0, 0, int(size_pt.width() * scale), int(size_pt.height() * scale)), image)
            printed += 1
    finally:
        painter.end()
        doc.close()
    return printed


def save_pdf(data: bytes, path: Path) -> Path:
    """Save as PDF, atomically (temp file + fsync + rename): the old file or the whole new one."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    try:
        save_pdf_atomic(data, path)
    except OSError as exc:
        raise KnownError(
            "The plan could not be saved.", hint="Choose another folder, or free some disk space."
        ) from exc
    return path
