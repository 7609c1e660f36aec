"""Database work off the GUI thread: one worker thread per caseload and a small ``DbOp`` API.

After Anki's ``CollectionOp`` and KeePassXC's ``AsyncTask::runThenCallback``::

    DbOp(self, lambda cl: repo.get_client(cl, client_id)).success(self._show).failure(self._oops).run(ctx.db)

* ``fn`` runs on the caseload's single worker thread and receives the open caseload; it never touches widgets.
* ``success``/``failure`` run on the GUI thread, and only while ``owner`` (a QObject) is alive: a callback
  is dropped, never called, once its owner has been deleted (a closed dialog, a cleared view).
* Without a failure callback, a :class:`KnownError` goes to the executor's ``known_error`` signal (the
  main window shows it, translated, with the way forward) and anything else to ``bug`` (the crash dialog).

Signals of :class:`DbExecutor`: ``known_error(KnownError)``, ``bug(BaseException)``, ``busy_changed(bool)``.

Lifetimes (see docs/desktop.md, "Known platform issues"): the worker thread holds no reference to the
executor (a QObject), only to its relay, and the relay's C++ object belongs to the application, not to its
Python wrapper. Before, the last reference to an executor could be dropped on the worker thread (deleting
a GUI-thread QObject from another thread) or inside the relay's own event handler (the delivered thunk
held the executor, which held the relay): both freed a QObject Qt was still using. Now the relay is
deleted with ``deleteLater()`` on the GUI thread once the executor is closed and nothing is in flight.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from caseworker.core.errors import KnownError

T = TypeVar("T")


class ExecutorClosed(KnownError):
    message = "The caseload is locked."
    hint = "Unlock it to continue."


class _Relay(QObject):
    """Lives in the GUI thread; a signal emitted from the worker is delivered here by a queued connection."""

    deliver = Signal(object)

    def __init__(self) -> None:
        # Owned by the application (C++ side): dropping the Python wrapper, on whatever thread, never
        # deletes it; the executor deletes it with deleteLater() when done.
        super().__init__(QCoreApplication.instance())
        self.deliver.connect(self._run)

    @Slot(object)
    def _run(self, thunk: Callable[[], None]) -> None:
        thunk()


class DbOp(Generic[T]):
    def __init__(self, owner: QObject | None, fn: Callable[[Any], T]) -> None:
        self.owner = owner
        self.fn = fn
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, cb: Callable[[T], None]) -> DbOp[T]:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> DbOp[T]:
        self._failure = cb
        return self

    def run(self, executor: DbExecutor) -> Future[T]:
        return executor.submit(self)


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


class DbExecutor(QObject):
    """One worker thread for one caseload. ``resource`` (the open Caseload) is handed to every op."""

    known_error = Signal(object)
    bug = Signal(object)
    busy_changed = Signal(bool)

    def __init__(
        self, resource: Any = None, name: str = "caseload-db", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.resource = resource
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._relay: _Relay | None = _Relay()
        self._pending = 0
        self._keepalive: DbExecutor | None = None
        self._closed = False
        self._lock = threading.Lock()

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, op: DbOp[T]) -> Future[T]:
        if self._closed:
            fut: Future[T] = Future()
            fut.set_exception(ExecutorClosed())
            return fut
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
            self._keepalive = self  # held until the last result is delivered, released on the GUI thread
        assert self._relay is not None  # released only once closed
        # The worker gets the relay and a weak reference, never ``self``: see the module docstring.
        return self._pool.submit(_work, self._relay, weakref.WeakMethod(self._finish), op, self.resource)

    def _finish(self, op: DbOp[Any], result: Any, exc: BaseException | None) -> None:
        self._pending -= 1
        if self._pending == 0:
            self._keepalive = None
            if shiboken6.isValid(self):
                self.busy_changed.emit(False)
        self._release_relay_if_done()
        if not _alive(op.owner):
            return  # the widget that asked is gone: drop the result
        if exc is None:
            if op._success is not None:
                op._success(result)
            return
        if isinstance(exc, ExecutorClosed):
            return  # locked meanwhile: nobody is waiting for this any more
        if op._failure is not None:
            op._failure(exc)
        elif isinstance(exc, KnownError):
            self.known_error.emit(exc)
        else:
            self.bug.emit(exc)

    def run_sync_for_tests(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn`` on the worker and wait: only for tests and scripts, never from the GUI."""
        return self._pool.submit(fn, self.resource).result()

    def close(self, final: Callable[[Any], None] | None = None, wait: bool = False) -> Future[None]:
        """Refuse new ops, run ``final(resource)`` (e.g. Caseload.close) on the worker, then stop the thread.

        Ops already queued run first (saves in flight are not lost); their results are delivered only to
        owners still alive.
        """
        self._closed = True
        resource = self.resource

        def _final() -> None:
            if final is not None and resource is not None:
                final(resource)

        fut = self._pool.submit(_final)
        self.resource = None
        self._pool.shutdown(wait=wait)
        self._release_relay_if_done()
        return fut

    def _release_relay_if_done(self) -> None:
        """Closed and nothing left to deliver: delete the relay later, on the GUI thread's event loop."""
        if self._closed and self._pending == 0 and self._relay is not None:
            relay, self._relay = self._relay, None
            if shiboken6.isValid(relay):
                relay.deleteLater()


def _work(relay: _Relay, finish: weakref.WeakMethod[Any], op: DbOp[T], resource: Any) -> T:
    """Runs on the worker thread. ``finish`` is only resolved and called on the GUI thread (via the relay)."""

    def deliver(result: Any, exc: BaseException | None) -> None:
        fn = finish()
        if fn is not None:
            fn(op, result, exc)

    try:
        result = op.fn(resource)
    except BaseException as exc:
        relay.deliver.emit(lambda e=exc: deliver(None, e))
        raise
    relay.deliver.emit(lambda: deliver(result, None))
    return result
