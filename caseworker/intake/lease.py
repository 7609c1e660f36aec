"""Keep the leases of the requests a worker has open: renew before they expire, say when one is lost.

A claim reserves a request for ``lease_seconds``; while the worker reads and decides, the keeper
renews it when a third of the lease is left. If the server refuses (the lease already expired and
someone else claimed the request), ``on_lost`` is called once: the triage screen tells the worker.
If the server cannot be reached, the keeper keeps trying; the local copy and any decision are safe.

Two ways to drive it: :meth:`LeaseKeeper.tick` from the GUI's database worker on a timer, or
:meth:`LeaseKeeper.start` for a daemon thread of its own (headless use and tests). No Qt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from caseworker.intake.errors import ItemNotFound, LeaseLost, ServerFailure, ServerUnreachable

Renew = Callable[[str, int], float]  # (item id, fence) -> seconds until the new expiry


@dataclass
class _Held:
    fence: int
    expires_at: float  # monotonic clock
    lease_seconds: float


class LeaseKeeper:
    """Signals (callbacks): ``on_lost(item_id)`` once per lost lease; ``on_offline(item_id)`` when a
    renewal could not reach the server (called again at each failed try)."""

    def __init__(
        self,
        renew: Renew,
        *,
        on_lost: Callable[[str], None] | None = None,
        on_offline: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        renew_fraction: float = 1 / 3,
    ) -> None:
        self._renew = renew
        self._on_lost = on_lost
        self._on_offline = on_offline
        self._clock = clock
        self._fraction = renew_fraction
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self, item_id: str, fence: int, expires_in: float) -> None:
        """Start keeping ``item_id`` (just claimed, ``expires_in`` seconds of lease left)."""
        with self._lock:
            self._held[item_id] = _Held(fence, self._clock() + expires_in, max(expires_in, 1.0))

    def drop(self, item_id: str) -> None:
        """Stop renewing (the worker decided, released, or closed the request)."""
        with self._lock:
            self._held.pop(item_id, None)

    def held(self) -> dict[str, float]:
        """Item id -> seconds of lease left (for the visible countdown)."""
        now = self._clock()
        with self._lock:
            return {k: max(0.0, h.expires_at - now) for k, h in self._held.items()}

    def tick(self) -> None:
        """Renew every lease with a third or less left. Call every few seconds."""
        now = self._clock()
        with self._lock:
            due = [
                (k, h)
                for k, h in self._held.items()
                if h.expires_at - now <= h.lease_seconds * self._fraction
            ]
        for item_id, held in due:
            try:
                left = self._renew(item_id, held.fence)
            except (LeaseLost, ItemNotFound):
                with self._lock:
                    self._held.pop(item_id, None)
                if self._on_lost is not None:
                    self._on_lost(item_id)
                continue
            except (ServerUnreachable, ServerFailure):
                if self._on_offline is not None:
                    self._on_offline(item_id)
                continue
            with self._lock:
                if item_id in self._held:
                    self._held[item_id] = _Held(held.fence, self._clock() + left, held.lease_seconds)

    def start(self, interval: float = 2.0) -> None:
        if self._thread is not None:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.wait(interval):
                self.tick()

        self._thread = threading.Thread(target=run, name="lease-keeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
