"""Bugs get a crash report that holds no client data (CONVENTIONS: errors split by who can fix them).

The report keeps what a developer needs to find the bug (exception *type*, file, line and function of
each frame, versions, platform) and drops what could carry client data: the exception message, local
variables and source lines. Nothing is sent anywhere; the user can copy the report and give it to IT.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.crashreport import crash_report as _core_crash_report


def crash_report(exc: BaseException) -> str:
    """A report safe to share (see :mod:`caseworker.core.crashreport`), with the Qt version added."""
    return _core_crash_report(exc, versions=f"PySide6 {pyside_version}")


class CrashDialog(QDialog):
    def __init__(
        self, gettext: Callable[[str], str], exc: BaseException, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        _ = gettext
        self.setWindowTitle(_("Something went wrong"))
        self.setAccessibleName(_("Error report"))
        self.report = crash_report(exc)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Caseworker hit a problem it did not expect. Your saved work is safe. "
                "If this happens again, copy the report below and give it to your IT contact. "
                "It contains no client information."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        text = QPlainTextEdit(self.report)
        text.setReadOnly(True)
        text.setAccessibleName(_("Technical report"))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(_("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setAccessibleName(_("Copy report"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.report))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 380)


def install_excepthook(show: Callable[[BaseException], None], parent: QObject | None = None) -> None:
    """Route uncaught exceptions (including those raised in Qt slots) to ``show``."""

    def hook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        # Technical trace to stderr, without the message (it could hold client data).
        sys.stderr.write(crash_report(value) + "\n")
        show(value)

    sys.excepthook = hook
