"""Copying an identifier: concealed from clipboard managers where the platform honours it, cleared after 30 s.

KDE's Klipper and several password-aware clipboard managers skip entries carrying the
``x-kde-passwordManagerHint: secret`` MIME type. After ``clear_after_s`` the clipboard is emptied, but
only if it still holds what we put there (a worker who copied something else since keeps it).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CONCEAL_MIME = "x-kde-passwordManagerHint"


class SecretClipboard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_s: float = 30.0) -> None:
        super().__init__(parent)
        self.clear_after_ms = int(clear_after_s * 1000)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy(self, text: str) -> None:
        mime = QMimeData()
        mime.setText(text)
        mime.setData(CONCEAL_MIME, b"secret")
        self._clipboard().setMimeData(mime)
        self._ours = text
        self._timer.start(self.clear_after_ms)

    def is_ours(self) -> bool:
        return self._ours is not None and self._clipboard().text() == self._ours

    def clear_if_ours(self) -> bool:
        """Empty the clipboard if it still holds our copy; returns whether it did."""
        cleared = False
        if self.is_ours():
            self._clipboard().clear()
            cleared = True
        self._ours = None
        self._timer.stop()
        return cleared
