"""Every piece of text a widget tree shows (labels, fields, buttons, items, tabs, tooltips, models)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)


def _model_texts(view: QAbstractItemView, max_rows: int = 500) -> Iterator[str]:
    model = view.model()
    if model is None:
        return

    def columns(parent: QModelIndex) -> int:
        try:
            return int(model.columnCount(parent))
        except TypeError:  # list models keep columnCount private
            return 1

    for c in range(columns(QModelIndex())):
        h = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if h:
            yield str(h)

    def walk(parent: QModelIndex, depth: int) -> Iterator[str]:
        rows = min(model.rowCount(parent), max_rows)
        for r in range(rows):
            for c in range(columns(parent)):
                idx = model.index(r, c, parent)
                value = model.data(idx, Qt.ItemDataRole.DisplayRole)
                if value:
                    yield str(value)
                if c == 0 and depth < 3 and model.rowCount(idx) > 0:
                    yield from walk(idx, depth + 1)

    yield from walk(QModelIndex(), 0)


def texts(root: QWidget, visible_only: bool = False) -> list[tuple[QWidget, str]]:
    """(widget, text) for everything under ``root``, including hidden widgets unless ``visible_only``."""
    out: list[tuple[QWidget, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if visible_only and not w.isVisibleTo(root) and w is not root:
            continue
        found: list[str] = []
        if isinstance(w, QLabel):
            found.append(w.text())
        elif isinstance(w, QLineEdit):
            found += [w.text(), w.placeholderText()]
        elif isinstance(w, QPlainTextEdit):
            found += [w.toPlainText(), w.placeholderText()]
        elif isinstance(w, QTextEdit):
            found.append(w.toPlainText())
        elif isinstance(w, QAbstractButton):
            found.append(w.text())
        elif isinstance(w, QGroupBox):
            found.append(w.title())
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView):
            found += list(_model_texts(w))
        if isinstance(w, QMainWindow):
            found.append(w.windowTitle())
        found += [w.toolTip(), w.accessibleName()]
        out += [(w, t) for t in found if t]
    return out
