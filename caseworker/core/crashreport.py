"""Bug reports that hold no client data (CONVENTIONS: errors split by who can fix them).

A report keeps what a developer needs to find the bug (exception *type*, file, line and function of
each frame, versions, platform) and drops what could carry client data: the exception message, local
variables and source lines. Shared by the desktop's crash dialog, ``caseworker-admin`` and the server.
"""

from __future__ import annotations

import platform
import traceback
from pathlib import Path

import caseworker


def crash_report(exc: BaseException, *, versions: str = "") -> str:
    """A report safe to share: no message text, no locals, no source lines; paths shortened."""
    lines = [
        f"Caseworker {getattr(caseworker, '__version__', '?')}",
        f"Python {platform.python_version()}{' · ' + versions if versions else ''} · "
        f"{platform.system()} {platform.release()}",
        "",
    ]
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in chain and len(chain) < 5:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for i, e in enumerate(chain):
        if i:
            lines.append("-- while handling --")
        lines.append(f"{type(e).__module__}.{type(e).__qualname__}")
        for frame in traceback.extract_tb(e.__traceback__):
            lines.append(f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines)


def _short(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("caseworker", "site-packages"):
        if anchor in parts:
            idx = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[idx:])
    return Path(filename).name
