"""The print flow for one plan: catalog check (ask about gaps), render off the GUI thread, then preview.

    printer = PlanPrintFlow(parent)
    printer.ready.connect(lambda data, result: preview.set_pdf(data, f"plan-{file_number}.pdf"))
    printer.failed.connect(show_message)
    printer.start(plan_document, RenderOptions(official="en", language="ar"))

Signals: ``ready(bytes, object)`` (the PDF and its RenderResult), ``failed(str)`` (a message without client
data), ``declined()`` (the worker cancelled at the incomplete-catalog question).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from caseworker.core.errors import KnownError
from caseworker.gui.plans.dialogs import ask_official_only
from caseworker.plans.completeness import check
from caseworker.plans.model import PlanDocument, RenderOptions
from caseworker.plans.render import render_plan_bytes


class _RenderThread(QThread):
    done = Signal(bytes, object)
    error = Signal(str)

    def __init__(self, plan: PlanDocument, options: RenderOptions) -> None:
        super().__init__()
        self.plan = plan
        self.options = options

    def run(self) -> None:
        try:
            data, result = render_plan_bytes(self.plan, self.options)
        except KnownError as exc:
            self.error.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported to the worker, never a crash of the GUI thread
            self.error.emit(f"The plan could not be prepared ({type(exc).__name__}).")
        else:
            self.done.emit(data, result)


class PlanPrintFlow(QObject):
    ready = Signal(bytes, object)
    failed = Signal(str)
    declined = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, ask: bool = True, gettext: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._ask = ask
        self._gettext = gettext  # the desktop's ctx._ for the missing-strings question
        self._thread: _RenderThread | None = None

    def _alive(self) -> _RenderThread | None:
        t = self._thread
        return t if t is not None and shiboken6.isValid(t) else None

    @property
    def busy(self) -> bool:
        t = self._alive()
        return t is not None and t.isRunning()

    def start(self, plan: PlanDocument, options: RenderOptions) -> bool:
        """Check the catalog (asking the worker about gaps), then render in the background."""
        if self.busy:
            return False
        report = check(options.language, options.official, options.translations_root)
        if not report.complete:
            if self._ask and not ask_official_only(self._parent, report, self._gettext):
                self.declined.emit()
                return False
            options = replace(options, official_only_rows_when_missing=True)
        thread = _RenderThread(plan, options)
        thread.done.connect(self.ready)
        thread.error.connect(self.failed)
        thread.finished.connect(thread.deleteLater)
        self._thread = thread
        thread.start()
        return True

    def wait(self, ms: int = 30000) -> None:
        t = self._alive()
        if t is not None:
            t.wait(ms)
