"""Every control a worker can reach with the keyboard has a name a screen reader can speak, and the
standard shortcuts are bound."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.gui.conftest import PASSPHRASE, USERNAME

pytestmark = pytest.mark.gui

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
)


def _unnamed(root: QWidget) -> list[str]:
    buddies = {id(lab.buddy()) for lab in root.findChildren(QLabel) if lab.buddy() is not None}
    skip: set[int] = set()
    for foreign in ("intakePage",):  # the sync part's screens have their own tests
        for page in root.findChildren(QWidget, foreign):
            skip |= {id(w) for w in (page, *page.findChildren(QWidget))}
    bad = []
    for w in root.findChildren(QWidget):
        if id(w) in skip or not isinstance(w, CONTROLS) or isinstance(w, QHeaderView):
            continue
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or w.objectName().startswith("qt_"):
            continue
        parent = w.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo box or spin box speaks for its parent
        if parent is not None and parent.metaObject().className() == "QComboBoxPrivateContainer":
            continue  # a combo box's popup list
        if type(w).__module__.startswith("caseworker.gui.plans"):
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        if w.accessibleName() or text.replace("&", "").strip() or id(w) in buddies:
            continue
        bad.append(f"{type(w).__name__} {w.objectName()!r} under {type(parent).__name__}")
    return bad


def test_every_control_has_an_accessible_name(qtbot: Any, make_ctx: Any, caseload_dir: Any) -> None:
    from caseworker.gui import storeops
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.gui.newclient import NewClientDialog
    from caseworker.gui.preferences import PreferencesDialog
    from caseworker.gui.wizard import FirstRunWizard
    from caseworker.store.caseload import Caseload, Unlocker

    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USERNAME, PASSPHRASE))
    cid = storeops.create_client(cl, {"given_name": "Nadia", "family_name": "Karimi"})
    cl.close()
    ctx = make_ctx(caseload_dir=caseload_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    problems = _unnamed(window)
    window.unlock_view.username.setText(USERNAME)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock()
    qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
    window.open_client(cid)
    qtbot.waitUntil(lambda: window.file_view.data is not None)
    problems += _unnamed(window)
    for dialog in (NewClientDialog(ctx, window), PreferencesDialog(ctx, window), FirstRunWizard(make_ctx())):
        qtbot.addWidget(dialog)
        problems += _unnamed(dialog)
    assert problems == [], "\n".join(problems)

    # Standard shortcuts mean what they mean everywhere.
    bound = {a.shortcut().toString(QKeySequence.SequenceFormat.PortableText) for a in window.actions()}
    for keys in ("Ctrl+F", "Ctrl+S", "Ctrl+L", "Ctrl+P", "F5", "Ctrl+N"):
        assert keys in bound, keys
    window.close()


def test_the_check_sees_an_unnamed_control(qapp: Any) -> None:
    root = QWidget()
    QLineEdit(root)
    assert _unnamed(root) == ["QLineEdit '' under QWidget"]
