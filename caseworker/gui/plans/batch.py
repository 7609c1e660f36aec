"""Batch printing of many plans with progress and cancel; rendering runs off the GUI thread.

The caller gives a list of :class:`BatchJob` (a label and a function returning the plan document and
render options, safe to call on a worker thread: e.g. one that reads the caseload through the DB
worker and waits for it) and a sink called on the GUI thread with each result. An optional ``prepare``
runs on the worker thread right after rendering (save the PDF to a folder, or make the page images for
the printer) and its return value goes to the sink instead of the PDF bytes. The worker stays at most
two plans ahead of the sink, so memory is bounded however long the selection.

Strings go through the desktop's gettext domain: pass ``gettext=ctx._``.

Signals of :class:`BatchPrintDialog`: ``finished_batch(int done, int failed, bool cancelled)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError
from caseworker.plans.model import PlanDocument, RenderOptions
from caseworker.plans.render import render_plan_bytes


@dataclass(frozen=True)
class BatchJob:
    label: str  # shown in the dialog: a file number, never a client's name in logs
    load: Callable[[], tuple[PlanDocument, RenderOptions]]
    client_id: int | None = None


Prepare = Callable[[BatchJob, bytes], Any]


def _same(text: str) -> str:
    return text


class _Worker(QThread):
    rendered = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, jobs: Sequence[BatchJob], cancel: threading.Event, prepare: Prepare | None) -> None:
        super().__init__()
        self.jobs = list(jobs)
        self.cancel = cancel
        self.prepare = prepare
        self.room = threading.Semaphore(2)  # released by the GUI thread as it consumes each result

    def _wait_for_room(self) -> bool:
        while not self.cancel.is_set():
            if self.room.acquire(timeout=0.1):
                return True
        return False

    def run(self) -> None:
        for i, job in enumerate(self.jobs):
            if not self._wait_for_room():
                return
            try:
                plan, options = job.load()
                data, _ = render_plan_bytes(plan, options)
                out: Any = self.prepare(job, data) if self.prepare is not None else data
            except KnownError as exc:
                self.failed.emit(i, exc.message)
                continue
            except Exception as exc:  # noqa: BLE001 - one bad plan must not stop the batch
                self.failed.emit(i, type(exc).__name__)
                continue
            self.rendered.emit(i, out)


class BatchPrintDialog(QDialog):
    finished_batch = Signal(int, int, bool)

    def __init__(
        self,
        jobs: Sequence[BatchJob],
        sink: Callable[[BatchJob, Any], None],
        parent: QWidget | None = None,
        *,
        prepare: Prepare | None = None,
        gettext: Callable[[str], str] | None = None,
        title: str | None = None,
        saving: bool = False,
    ) -> None:
        super().__init__(parent)
        _ = gettext or _same
        self._ = _
        self.setObjectName("batchPrintDialog")
        self.setWindowTitle(title or _("Print plans"))
        self.saving = saving  # to a folder: the summary says "saved", not "printed"
        self.jobs = list(jobs)
        self.sink = sink
        self.done_count = 0
        self.failed_count = 0
        self.failures: list[tuple[str, str]] = []
        self._cancel = threading.Event()
        self._finished = False
        self.label = QLabel(_("Preparing {n} plan(s)…").format(n=len(self.jobs)), self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(_("Progress"))
        self.bar.setRange(0, max(1, len(self.jobs)))
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(_("Plans with a problem"))
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._worker = _Worker(self.jobs, self._cancel, prepare)
        self._worker.rendered.connect(self._on_rendered)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.finished.connect(self._on_worker_finished)

    def start(self) -> None:
        if not self.jobs:
            self._finish()
            return
        self._worker.start()

    @property
    def running(self) -> bool:
        return self._worker.isRunning()

    @Slot()
    def cancel(self) -> None:
        """Stop after the plan being rendered now; what was already printed stays printed."""
        if self._finished:
            return
        self._cancel.set()
        self.label.setText(self._("Cancelling…"))
        if not self._worker.isRunning():
            self._finish()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, object)
    def _on_rendered(self, index: int, result: Any) -> None:
        try:
            if self._cancel.is_set():
                return
            try:
                self.sink(self.jobs[index], result)
            except KnownError as exc:
                self._failed(index, exc.message)
                return
            self.done_count += 1
            self._progress()
        finally:
            self._worker.room.release()

    @Slot(int, str)
    def _on_worker_failed(self, index: int, message: str) -> None:
        try:
            if not self._cancel.is_set():  # a plan still in progress at Cancel is not counted
                self._failed(index, message)
        finally:
            self._worker.room.release()

    def _failed(self, index: int, message: str) -> None:
        self.failed_count += 1
        label = self.jobs[index].label
        self.failures.append((label, message))
        self.problems.appendPlainText(f"{label}: {self._(message)}")
        self.problems.show()
        self._progress()

    def _progress(self) -> None:
        n = self.done_count + self.failed_count
        self.bar.setValue(n)
        self.label.setText(self._("{n} of {total} plan(s) done").format(n=n, total=len(self.jobs)))

    @Slot()
    def _on_worker_finished(self) -> None:
        self._finish()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.disconnect()
        self.buttons.rejected.connect(self.accept)
        summary = (
            self._("{done} saved, {failed} could not be saved")
            if self.saving
            else self._("{done} printed, {failed} could not be printed")
        )
        text = summary.format(done=self.done_count, failed=self.failed_count)
        if self._cancel.is_set():
            text += " " + self._("(cancelled)")
        self.label.setText(text)
        self.finished_batch.emit(self.done_count, self.failed_count, self._cancel.is_set())

    def done(self, result: int) -> None:
        self._cancel.set()
        self._worker.wait(30000)
        self._finish()
        super().done(result)

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self._cancel.set()
        self._worker.wait(30000)
        super().closeEvent(event)
