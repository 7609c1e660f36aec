"""Batch printing of many plans with progress and cancel; rendering runs off the GUI thread.

The caller gives a list of :class:`BatchJob` (a label and a function returning the plan document and
render options, safe to call on a worker thread: e.g. built from snapshots taken beforehand) and a sink
called on the GUI thread with each PDF (print it, or save it to a folder).

Signals of :class:`BatchPrintDialog`: ``finished_batch(int done, int failed, bool cancelled)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from caseworker.core.errors import KnownError
from caseworker.plans.model import PlanDocument, RenderOptions
from caseworker.plans.render import render_plan_bytes


@dataclass(frozen=True)
class BatchJob:
    label: str  # shown in the dialog: a file number, never a client's name in logs
    load: Callable[[], tuple[PlanDocument, RenderOptions]]


class _Worker(QThread):
    rendered = Signal(int, bytes)
    failed = Signal(int, str)

    def __init__(self, jobs: Sequence[BatchJob], cancel: threading.Event) -> None:
        super().__init__()
        self.jobs = list(jobs)
        self.cancel = cancel

    def run(self) -> None:
        for i, job in enumerate(self.jobs):
            if self.cancel.is_set():
                return
            try:
                plan, options = job.load()
                data, _ = render_plan_bytes(plan, options)
            except KnownError as exc:
                self.failed.emit(i, exc.message)
                continue
            except Exception as exc:  # noqa: BLE001 - one bad plan must not stop the batch
                self.failed.emit(i, type(exc).__name__)
                continue
            self.rendered.emit(i, data)


class BatchPrintDialog(QDialog):
    finished_batch = Signal(int, int, bool)

    def __init__(
        self, jobs: Sequence[BatchJob], sink: Callable[[BatchJob, bytes], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print plans"))
        self.jobs = list(jobs)
        self.sink = sink
        self.done_count = 0
        self.failed_count = 0
        self.failures: list[tuple[str, str]] = []
        self._cancel = threading.Event()
        self._finished = False
        self.label = QLabel(self.tr("Preparing {n} plan(s)…").format(n=len(self.jobs)), self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, max(1, len(self.jobs)))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self._worker = _Worker(self.jobs, self._cancel)
        self._worker.rendered.connect(self._on_rendered)
        self._worker.failed.connect(self._on_failed)
        self._worker.finished.connect(self._on_worker_finished)

    def start(self) -> None:
        if not self.jobs:
            self._finish()
            return
        self._worker.start()

    @Slot()
    def cancel(self) -> None:
        """Stop after the plan being rendered now; what was already printed stays printed."""
        self._cancel.set()
        self.label.setText(self.tr("Cancelling…"))
        if not self._worker.isRunning():
            self._finish()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, bytes)
    def _on_rendered(self, index: int, data: bytes) -> None:
        if self._cancel.is_set():
            return
        try:
            self.sink(self.jobs[index], data)
        except KnownError as exc:
            self._on_failed(index, exc.message)
            return
        self.done_count += 1
        self._progress()

    @Slot(int, str)
    def _on_failed(self, index: int, message: str) -> None:
        self.failed_count += 1
        self.failures.append((self.jobs[index].label, message))
        self._progress()

    def _progress(self) -> None:
        n = self.done_count + self.failed_count
        self.bar.setValue(n)
        self.label.setText(self.tr("{n} of {total} plan(s) done").format(n=n, total=len(self.jobs)))

    @Slot()
    def _on_worker_finished(self) -> None:
        self._finish()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)
        text = self.tr("{done} printed, {failed} failed").format(
            done=self.done_count, failed=self.failed_count
        )
        if self._cancel.is_set():
            text += " " + self.tr("(cancelled)")
        self.label.setText(text)
        self.finished_batch.emit(self.done_count, self.failed_count, self._cancel.is_set())

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self._cancel.set()
        self._worker.wait(30000)
        super().closeEvent(event)
