"""Known errors shown to the user: the translated message and the way forward, never client data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from caseworker.core.errors import KnownError, ValidationError


def known_error_text(gettext: Callable[[str], str], exc: KnownError) -> tuple[str, str]:
    """(message, hint), translated. A ValidationError names its field."""
    _ = gettext
    message = _(exc.message)
    if isinstance(exc, ValidationError) and exc.field:
        message = _("{field}: {message}").format(field=_(exc.field), message=message)
    return message, _(exc.hint) if exc.hint else ""


def show_known_error(gettext: Callable[[str], str], parent: QWidget | None, exc: KnownError) -> None:
    message, hint = known_error_text(gettext, exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(gettext("Caseworker"))
    box.setText(message)
    if hint:
        box.setInformativeText(hint)
    box.setAccessibleName(message)
    box.open()


def error_label() -> QLabel:
    """An inline message under a field; hidden until there is something to say. Styled in styles/app.qss."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label
