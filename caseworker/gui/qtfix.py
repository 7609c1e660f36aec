"""Work around PySide6 6.12.0's reference counting of ``None``/``True``/``False`` on Python 3.11.

The PySide6 6.12 wheels (abi3) return ``None``, ``True`` and ``False`` without taking a reference: every
void call (``label.setText(...)``, ``timer.start()``, ``processEvents()``…) and every ``signal.emit()``
releases one reference too many. From Python 3.12 these objects are immortal and that is harmless; on
Python 3.11 (this project's venv) their counts fall until the interpreter aborts with "Fatal Python
error: none_dealloc" (or ``bool_dealloc``) — after minutes of use, or while collecting garbage at exit.

:func:`install` probes for the bug and, only where it is present, gives the three singletons a reference
count so large (2**40) that no session can exhaust it: the 3.12 behaviour, by hand. Nothing else changes.

Measured (PySide6 6.12.0, CPython 3.11.7, 100 calls each; script in docs/desktop.md): ``setText``,
``setVisible``, ``processEvents`` and a ``parent()`` that returns None cost one ``None`` each; every
``emit()`` (with or without arguments, to a lambda or a method) costs one ``True``. The other objects that
3.12 makes immortal were not affected: ``Ellipsis``, ``NotImplemented``, small ints (``0``, ``1``, ``-1``,
``5`` as arguments and results), ``()``, ``''``, ``b''`` and ``frozenset()`` kept their counts, as did
bool-returning calls (``isVisible``, ``sendEvent``) and Python ``eventFilter`` overrides returning False.
``False`` is covered anyway (same code path as ``True`` in shiboken's bool conversion).
A fixed PySide6, or Python 3.12+, makes the probe come out clean and nothing is touched.
Imported by ``caseworker/gui/__init__.py`` so every GUI module, script and test gets it.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_installed = False


def bug_present() -> bool:
    """Whether void calls lose references to None, or emit() to True (probed with 32 calls each)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(32):
        probe.setObjectName("probe")
        probe.objectNameChanged.emit("probe")
    return sys.getrefcount(None) < before_none - 16 or sys.getrefcount(True) < before_true - 16


def install() -> bool:
    """Make None/True/False effectively immortal if this PySide6 needs it; returns whether it did."""
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "getobjects"):
        return False  # immortal already, or a layout where ob_refcnt is not the first field (Py_TRACE_REFS)
    if not bug_present():
        return False
    for obj in (None, True, False):
        # PyObject starts with ob_refcnt (Py_ssize_t) at the object's address on CPython 3.11.
        before = sys.getrefcount(obj)
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
        if sys.getrefcount(obj) - before != _BOOST:  # pragma: no cover - unexpected object layout
            raise RuntimeError("caseworker.gui.qtfix: unexpected CPython object layout")
    _installed = True
    return True
