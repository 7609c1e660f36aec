"""Work around a reference-counting bug in PySide6 6.12.0 on Python 3.11.

``SignalInstance.emit()`` returns ``True``/``False`` without taking a reference, so every signal emitted
from Python code releases one reference too many to the bool it returns. On Python 3.11 (bools are not
immortal there, unlike 3.12+) the count eventually reaches zero and the interpreter aborts with
"Fatal Python error: bool_dealloc: deallocating True or False" — typically while garbage-collecting at
exit, long after the emits that caused it.

:func:`install` probes for the bug once and, only if it is present, wraps ``SignalInstance.emit`` to take
the missing reference. A fixed PySide6 makes the probe come out clean and nothing is patched.
Imported by ``caseworker/gui/__init__.py`` so every GUI module (and its tests) gets it.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_PROBES = 16
_installed = False


def _bool_refs() -> tuple[int, int]:
    return sys.getrefcount(True), sys.getrefcount(False)


def install() -> bool:
    """Patch ``SignalInstance.emit`` if this PySide6 has the bug; returns whether it patched."""
    global _installed
    if _installed:
        return True
    from PySide6.QtCore import QObject, Signal, SignalInstance

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = _bool_refs()
    for _ in range(_PROBES):
        probe.ping.emit()
    after = _bool_refs()
    lost_true, lost_false = before[0] - after[0], before[1] - after[1]
    if lost_true <= 0 and lost_false <= 0:
        return False
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(max(0, lost_true)):  # give back what the probe itself took
        incref(True)
    for _ in range(max(0, lost_false)):
        incref(False)
    original = SignalInstance.emit

    def emit(self: Any, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    return True
