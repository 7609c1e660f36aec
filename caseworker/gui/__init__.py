"""caseworker.gui: the desktop workstation (the only package that imports PySide6)."""

from caseworker.gui import qtfix as _qtfix

_qtfix.install()
