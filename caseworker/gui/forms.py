"""Small form helpers shared by the client file tabs: labelled fields, date parsing, inline errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from caseworker.gui.errors import error_label

_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """ISO dates only (YYYY-MM-DD): unambiguous in every language the agency works in. Raises ValueError."""
    if not text.strip():
        return None
    m = _DATE.match(text)
    if not m:
        raise ValueError("format")
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class FieldForm:
    """A QFormLayout whose rows each carry an inline error label naming the field."""

    def __init__(self, gettext: Callable[[str], str], parent: QWidget | None = None) -> None:
        self._ = gettext
        self.layout = QFormLayout(parent) if parent is not None else QFormLayout()
        self.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, str] = {}
        self.widgets: dict[str, QWidget] = {}

    def add(self, key: str, label: str, widget: QWidget, required: bool = False) -> QWidget:
        text = label + (" *" if required else "")
        lab = QLabel(text)
        lab.setBuddy(widget)
        if required:
            lab.setProperty("required", True)
        widget.setAccessibleName(label.replace("&", ""))
        err = error_label()
        err.setAccessibleName(self._("Problem with {field}").format(field=label.replace("&", "")))
        self.layout.addRow(lab, widget)
        self.layout.addRow("", err)
        self.errors[key] = err
        self.labels[key] = label.replace("&", "")
        self.widgets[key] = widget
        return widget

    def line(self, key: str, label: str, required: bool = False, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self.add(key, label, edit, required)
        return edit

    def combo(self, key: str, label: str, choices: list[tuple[str, str]], blank: bool = False) -> QComboBox:
        box = QComboBox()
        if blank:
            box.addItem("—", "")
        for code, text in choices:
            box.addItem(self._(text), code)
        self.add(key, label, box)
        return box

    def set_error(self, key: str, message: str) -> None:
        err = self.errors[key]
        err.setText(self._("{field}: {message}").format(field=self.labels[key], message=message))
        err.show()

    def clear_errors(self) -> None:
        for err in self.errors.values():
            err.hide()
            err.clear()

    def first_error(self) -> QWidget | None:
        for key, err in self.errors.items():
            parent = err.parentWidget()
            if parent is not None and err.isVisibleTo(parent):
                return self.widgets[key]
        return None


def set_combo(box: QComboBox, code: str | None) -> None:
    idx = box.findData(code or "")
    box.setCurrentIndex(max(idx, 0))
