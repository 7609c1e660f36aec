"""Printing a plan PDF: pages rasterised by QtPdf, painted onto a QPrinter, and atomic "Save as PDF".

A PDF we rendered ourselves goes to the printer as page images at the printer's resolution (QtPdf has
no vector path to QPrinter); the saved PDF keeps the real text.

Rasterising a page at up to 300 dpi takes a noticeable moment, so :class:`PagePrinter` does it on a
thread of its own (:func:`rasterise`), one page ahead, and only paints the finished images onto the
printer on the GUI thread (a QPainter on a QPrinter must stay there). Signals of :class:`PagePrinter`:
``progress(int done, int total)``, ``finished_printing(int pages, bool cancelled)``, ``failed(str)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from caseworker.core.errors import KnownError
from caseworker.plans.render import save_pdf_atomic

MAX_DPI = 300


def N_(text: str) -> str:  # the gettext marker pybabel extracts (-k N_); translated where shown
    return text


# rasterise at most at 300 dpi, then scale: memory stays bounded


class PrintFailed(KnownError):
    message = N_("The plan could not be printed.")
    hint = N_("Check the printer, or save the plan as a PDF and print that file.")


def load_pdf(data: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading ``data`` from memory (keep the returned buffer alive with the document)."""
    doc = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buf = QBuffer(doc)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready:
        raise PrintFailed(N_("The plan PDF could not be read back for printing."))
    return doc, buf


@dataclass(frozen=True)
class PageTarget:
    """What the printer wants, read on the GUI thread before rasterising elsewhere."""

    width: int  # printable area in device pixels
    height: int
    dpi: int

    @classmethod
    def of(cls, printer: QPrinter) -> PageTarget:
        rect = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        return cls(rect.width(), rect.height(), printer.resolution())


@dataclass(frozen=True)
class PageImage:
    image: QImage
    target: QRect  # where it goes on the printer page, in device pixels


def _on_white(page: QImage) -> QImage:
    """QtPdf renders on a transparent background: flatten onto white, opaque RGB32, here on the worker,
    so the printer's paint engine gets an image without an alpha channel (no soft mask, no conversion on
    the GUI thread)."""
    if page.isNull():
        return page
    flat = QImage(page.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, page)
    painter.end()
    return flat


def rasterise(
    data: bytes,
    target: PageTarget,
    *,
    on_page: Callable[[int, int, PageImage], None],
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Render each page of ``data`` to an image for ``target`` (any thread); returns the pages done."""
    doc, _buf = load_pdf(data)
    try:
        n = doc.pageCount()
        done = 0
        for i in range(n):
            if cancelled():
                break
            size_pt = doc.pagePointSize(i)
            scale = min(target.width / size_pt.width(), target.height / size_pt.height())
            dest = QRect(0, 0, int(size_pt.width() * scale), int(size_pt.height() * scale))
            px = dest.size()
            if target.dpi > MAX_DPI:
                px = QSize(int(size_pt.width() / 72 * MAX_DPI), int(size_pt.height() / 72 * MAX_DPI))
            image = _on_white(doc.render(i, px))
            if image.isNull():
                raise PrintFailed(N_("A page of the plan could not be prepared for the printer."))
            on_page(i, n, PageImage(image, dest))
            done += 1
        return done
    finally:
        doc.close()


def paint_pages(painter: QPainter, printer: QPrinter, pages: list[PageImage], first: bool) -> int:
    """Paint page images onto an open printer painter (GUI thread); ``first``: no newPage before."""
    for k, page in enumerate(pages):
        if k or not first:
            printer.newPage()
        painter.drawImage(page.target, page.image)
    return len(pages)


class _RasterThread(QThread):
    page = Signal(int, int, object)
    error = Signal(str)

    def __init__(self, data: bytes, target: PageTarget) -> None:
        super().__init__()
        self.data = data
        self.target = target
        self.cancel = threading.Event()
        self.room = threading.Semaphore(2)  # at most two page images waiting: memory stays bounded

    def _wait_for_room(self) -> bool:
        while not self.cancel.is_set():
            if self.room.acquire(timeout=0.1):
                return True
        return False

    def run(self) -> None:
        def on_page(i: int, n: int, page: PageImage) -> None:
            self.page.emit(i, n, page)

        try:
            rasterise(
                self.data,
                self.target,
                on_page=on_page,
                cancelled=lambda: not self._wait_for_room(),
            )
        except KnownError as exc:
            self.error.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported to the worker, never a crash
            self.error.emit(f"{PrintFailed.message} ({type(exc).__name__})")


class PagePrinter(QObject):
    """Print ``data`` on ``printer``: page images made on a thread, painted here on the GUI thread."""

    progress = Signal(int, int)
    finished_printing = Signal(int, bool)
    failed = Signal(str)

    def __init__(self, data: bytes, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.painter = QPainter()
        self.printed = 0
        self._error: str | None = None
        self._thread = _RasterThread(data, PageTarget.of(printer))
        self._thread.page.connect(self._on_page)
        self._thread.error.connect(self._on_error)
        self._thread.finished.connect(self._on_finished)

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> bool:
        if not self.painter.begin(self.printer):
            self.failed.emit(PrintFailed.message)
            return False
        self._thread.start()
        return True

    @Slot()
    def cancel(self) -> None:
        """Stop after the page being prepared; pages already painted stay in the print job."""
        self._thread.cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._thread.cancel.is_set()

    def wait(self, ms: int = 30000) -> None:
        self._thread.wait(ms)

    @Slot(int, int, object)
    def _on_page(self, index: int, total: int, page: PageImage) -> None:
        try:
            if not self.cancelled and self.painter.isActive():
                self.printed += paint_pages(self.painter, self.printer, [page], first=self.printed == 0)
                self.progress.emit(self.printed, total)
        finally:
            self._thread.room.release()

    @Slot(str)
    def _on_error(self, message: str) -> None:
        self._error = message

    @Slot()
    def _on_finished(self) -> None:
        if self.painter.isActive():
            self.painter.end()
        if self._error is not None:
            self.failed.emit(self._error)
        else:
            self.finished_printing.emit(self.printed, self.cancelled)


def print_pdf(data: bytes, printer: QPrinter, *, cancelled: object | None = None) -> int:
    """Send every page of ``data`` to ``printer`` synchronously (scripts, tests); returns pages printed.

    The desktop uses :class:`PagePrinter` instead, which keeps the rasterising off the GUI thread.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed()
    printed = 0

    def on_page(_i: int, _n: int, page: PageImage) -> None:
        nonlocal printed
        printed += paint_pages(painter, printer, [page], first=printed == 0)

    try:
        rasterise(
            data,
            PageTarget.of(printer),
            on_page=on_page,
            cancelled=lambda: bool(getattr(cancelled, "is_set", lambda: False)()),
        )
    finally:
        painter.end()
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
            N_("The plan could not be saved."), hint=N_("Choose another folder, or free some disk space.")
        ) from exc
    return path
