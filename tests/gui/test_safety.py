"""Safety: auto-lock with a fake clock closes every connection and leaves no client text in any widget;
Ctrl+L does the same; PySide6's emit refcount bug stays worked around."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import sqlalchemy as sa

from tests.gui.conftest import PASSPHRASE, USERNAME
from tests.gui.walk import texts

pytestmark = pytest.mark.gui

SECRET_BITS = ("Tesfaye", "ተስፋዬ", "Gebremedhin", "ገብረመድህን", "0188", "quiet word")


def _unlocked_window(qtbot: Any, make_ctx: Any, caseload_dir: Any) -> tuple[Any, Any, int]:
    from caseworker.gui import storeops
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.store.caseload import Caseload, Unlocker

    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USERNAME, PASSPHRASE))
    cid = storeops.create_client(
        cl,
        {
            "given_name": "ተስፋዬ",
            "family_name": "ገብረመድህን",
            "given_name_latin": "Tesfaye",
            "family_name_latin": "Gebremedhin",
            "phone": "+1 613 555 0188",
        },
    )
    storeops.add_note(cl, cid, "A quiet word about the family.", False)
    cl.close()
    ctx = make_ctx(caseload_dir=caseload_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.unlock_view.username.setText(USERNAME)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock()
    qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
    qtbot.waitUntil(lambda: window.caseload_view.model.rowCount() == 1)
    window.caseload_view.model.row_at(0)
    qtbot.waitUntil(lambda: window.caseload_view.model.row_at(0) is not None)
    window.open_client(cid)
    qtbot.waitUntil(lambda: window.file_view.data is not None)
    return window, ctx, cid


def _client_text(window: Any) -> list[str]:
    return [t for _w, t in texts(window) if any(bit in t for bit in SECRET_BITS)]


def test_auto_lock_after_idle_minutes_with_a_fake_clock(qtbot: Any, make_ctx: Any, caseload_dir: Any) -> None:
    window, ctx, cid = _unlocked_window(qtbot, make_ctx, caseload_dir)
    assert _client_text(window)  # the check can see client text while unlocked
    caseload = ctx.caseload
    opened: list[int] = []
    sa.event.listen(caseload.engine.pool, "checkout", lambda *a: opened.append(1))
    ctx.clock.advance(4 * 60)
    window.idle.check()
    assert ctx.db is not None  # 4 of 5 minutes: still open
    ctx.clock.advance(61)
    window.idle.check()
    assert ctx.db is None and ctx.caseload is None
    assert window.stack.currentWidget() is window.unlock_view
    qtbot.waitUntil(lambda: caseload._key is None)
    assert caseload.engine.pool.checkedout() == 0
    assert caseload.engine.pool.checkedin() == 0  # disposed: no idle connection kept either
    assert _client_text(window) == []
    # Unlocking restores the file that was open.
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock()
    qtbot.waitUntil(lambda: ctx.db is not None and window.file_view.data is not None, timeout=20000)
    assert window.file_view.client_id == cid
    assert window.views.currentWidget() is window.file_view
    window.close()


def test_ctrl_l_locks_and_copying_an_identifier_is_cleared(
    qtbot: Any, make_ctx: Any, caseload_dir: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    window, ctx, _cid = _unlocked_window(qtbot, make_ctx, caseload_dir)
    profile = window.file_view.profile
    profile.id_kind.setCurrentIndex(profile.id_kind.findData("uci"))
    profile.id_value.setText("12345678")
    profile._add_identifier()
    qtbot.waitUntil(lambda: len(window.file_view.data.identifiers) == 1)
    profile.id_table.setCurrentCell(0, 1)
    profile.copy_button.click()
    assert QGuiApplication.clipboard().text() == "1234-5678"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert ctx.db is None
    assert QGuiApplication.clipboard().text() == ""  # locking also clears our copy
    assert _client_text(window) == []
    window.close()


def test_pyside_refcount_bug_cannot_exhaust_none_or_bools(qapp: Any) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None/True/False on every void call and emit;
    caseworker.gui.qtfix keeps the interpreter alive through far more calls than a session makes."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel

    import caseworker.gui  # noqa: F401 - installs the fix

    class E(QObject):
        s = Signal(int)

    e = E()
    label = QLabel()
    for _ in range(20000):
        e.s.emit(1)
        label.setText("x")
    assert sys.getrefcount(None) > 10**9 or sys.version_info >= (3, 12) or not _bug()
    assert sys.getrefcount(True) > 10**9 or sys.version_info >= (3, 12) or not _bug()


def _bug() -> bool:
    from caseworker.gui.qtfix import bug_present

    return bug_present()


def test_large_caseload_checks_integrity_after_unlock(
    qtbot: Any, make_ctx: Any, caseload_dir: Any, monkeypatch: Any
) -> None:
    """Above the size threshold the page check runs on its own thread after unlocking; a damaged page
    found there raises a banner that says how to restore (simulated: the check reports a problem)."""
    from caseworker.gui import unlock
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.store import caseload as caseload_mod

    monkeypatch.setattr(unlock, "DEFER_INTEGRITY_BYTES", 0)
    checked: list[str] = []

    def fake_check(engine: Any) -> str | None:
        checked.append("yes")
        return "page 7: HMAC check failed"

    monkeypatch.setattr(caseload_mod, "_cipher_integrity", fake_check)
    ctx = make_ctx(caseload_dir=caseload_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.username.setText(USERNAME)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock()
    qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
    assert window.unlock_view.deferred_integrity
    qtbot.waitUntil(lambda: window.banner.isVisibleTo(window), timeout=10000)
    assert checked == ["yes"]
    assert "caseworker-admin restore" in window.banner.text()
    window.lock()
    assert not window.banner.isVisibleTo(window)
    window.close()
