"""Recovery key helpers for the wizard: split into groups, pick groups to ask back, compare loosely."""

from __future__ import annotations

import random
import re

_SEP = re.compile(r"[^0-9A-Za-z]+")


def groups(key: str) -> list[str]:
    return [g.upper() for g in _SEP.split(key) if g]


def pick_groups(key: str, rng: random.Random | None = None, count: int = 2) -> list[int]:
    """Zero-based indexes of the groups to ask back (sorted), never the same twice."""
    n = len(groups(key))
    rng = rng or random.Random()
    return sorted(rng.sample(range(n), min(count, n)))


def matches(key: str, index: int, typed: str) -> bool:
    """Whether ``typed`` is group ``index`` of ``key`` (spaces, dashes and case do not matter)."""
    want = groups(key)
    got = "".join(groups(typed))
    return 0 <= index < len(want) and got == want[index]
