"""Per-client rate limits (the `limits` library, in-memory moving window, one store per app)."""

from __future__ import annotations

import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class RateLimits:
    """Named limits (``"enrol"``, ``"form"``, ``"status"``...) checked per client key."""

    def __init__(self, limits: dict[str, str]) -> None:
        self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._items: dict[str, RateLimitItem] = {name: parse(text) for name, text in limits.items()}

    def hit(self, name: str, client: str) -> bool:
        """Count one request; False when ``client`` is over the ``name`` limit."""
        item = self._items.get(name)
        if item is None:
            return True
        return bool(self._limiter.hit(item, "caseworker", name, client))

    def retry_after(self, name: str, client: str) -> int:
        """Whole seconds until ``client`` may try ``name`` again (at least 1), for a Retry-After header."""
        item = self._items.get(name)
        if item is None:
            return 1
        stats = self._limiter.get_window_stats(item, "caseworker", name, client)
        return max(1, int(stats.reset_time - time.time()) + 1)

    def reset(self) -> None:
        self._storage.reset()
