"""The GUI framework on its own: DbOp delivery and owner lifetime, idle lock with a fake clock, the
clipboard, settings, translations, the crash report."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent

from caseworker.core.errors import KnownError
from caseworker.gui.clock import FakeClock
from caseworker.gui.dbop import DbExecutor, DbOp

pytestmark = pytest.mark.gui


def test_dbop_runs_off_the_gui_thread_and_delivers_on_it(qtbot: Any) -> None:
    executor = DbExecutor("resource")
    owner = QObject()
    seen: dict[str, Any] = {}

    def work(resource: str) -> str:
        seen["thread"] = threading.current_thread()
        return resource.upper()

    DbOp(owner, work).success(lambda r: seen.update(result=r, cb_thread=threading.current_thread())).run(
        executor
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == "RESOURCE"
    assert seen["thread"] is not threading.main_thread()
    assert seen["cb_thread"] is threading.main_thread()
    executor.close(wait=True)


def test_callbacks_never_fire_after_the_owner_is_deleted(qtbot: Any) -> None:
    executor = DbExecutor(None)
    owner = QObject()
    gate = threading.Event()
    fired: list[str] = []
    DbOp(owner, lambda _r: gate.wait(5)).success(lambda _r: fired.append("late")).run(executor)
    other = QObject()
    DbOp(other, lambda _r: "x").success(lambda _r: fired.append("alive")).run(executor)
    import shiboken6

    shiboken6.delete(owner)
    gate.set()
    qtbot.waitUntil(lambda: "alive" in fired)
    assert fired == ["alive"]
    executor.close(wait=True)


def test_known_errors_and_bugs_are_routed_apart(qtbot: Any) -> None:
    executor = DbExecutor(None)
    owner = QObject()
    known: list[Any] = []
    bugs: list[Any] = []
    executor.known_error.connect(known.append)
    executor.bug.connect(bugs.append)

    def known_fail(_r: Any) -> None:
        raise KnownError("The disk is full.", "Free some space.")

    def bug(_r: Any) -> None:
        raise ZeroDivisionError("client Fatima")  # a message that must never reach a report

    DbOp(owner, known_fail).run(executor)
    DbOp(owner, bug).run(executor)
    qtbot.waitUntil(lambda: bool(known and bugs))
    assert isinstance(known[0], KnownError)
    assert isinstance(bugs[0], ZeroDivisionError)
    from caseworker.gui.crash import crash_report

    report = crash_report(bugs[0])
    assert "ZeroDivisionError" in report
    assert "Fatima" not in report
    assert "test_framework.py" in report
    executor.close(wait=True)


def test_ops_queued_before_close_still_run_then_final(qtbot: Any) -> None:
    order: list[str] = []
    executor = DbExecutor("r")
    owner = QObject()
    DbOp(owner, lambda _r: (time.sleep(0.05), order.append("save"))).run(executor)
    executor.close(final=lambda _r: order.append("close"), wait=True)
    assert order == ["save", "close"]
    assert executor.submit(DbOp(owner, lambda _r: order.append("after"))).exception() is not None
    assert "after" not in order


def test_idle_watcher_fires_once_after_timeout_and_input_rearms(qapp: Any) -> None:
    from caseworker.gui.idle import IdleWatcher

    clock = FakeClock()
    watcher = IdleWatcher(clock, minutes=5)
    fired: list[int] = []
    watcher.idle.connect(lambda: fired.append(1))
    watcher.start()
    clock.advance(4 * 60)
    watcher.check()
    assert fired == []
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    watcher.eventFilter(QObject(), key)  # typing resets the idle time
    clock.advance(4 * 60)
    watcher.check()
    assert fired == []
    clock.advance(61)
    watcher.check()
    watcher.check()
    assert fired == [1]
    watcher.stop()


def test_clipboard_conceals_and_clears_only_its_own(qapp: Any) -> None:
    from caseworker.gui.clipboard import CONCEAL_MIME, SecretClipboard

    clip = SecretClipboard(clear_after_s=30)
    board = QGuiApplication.clipboard()
    clip.copy("1234-5678")
    assert board.text() == "1234-5678"
    assert bytes(board.mimeData().data(CONCEAL_MIME)) == b"secret"
    assert clip.clear_if_ours() is True
    assert board.text() == ""
    clip.copy("1234-5678")
    board.setText("something the worker copied since")
    assert clip.clear_if_ours() is False
    assert board.text() == "something the worker copied since"


def test_clipboard_clears_by_itself(qtbot: Any) -> None:
    from caseworker.gui.clipboard import SecretClipboard

    clip = SecretClipboard(clear_after_s=0.05)
    clip.copy("00-1234-5678")
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2000)


def test_settings_are_typed_and_fall_back_to_defaults(tmp_path: Any, qapp: Any) -> None:
    from caseworker.gui.settings import GEOMETRY, IDLE_MINUTES, LANGUAGE, Settings

    s = Settings(tmp_path)
    assert s.get(IDLE_MINUTES) == 5
    s.set(IDLE_MINUTES, 12)
    s.set(LANGUAGE, "fr")
    s.set(GEOMETRY, b"\x01\x02")
    s.sync()
    again = Settings(tmp_path)
    assert again.get(IDLE_MINUTES) == 12
    assert again.get(LANGUAGE) == "fr"
    assert again.get(GEOMETRY) == b"\x01\x02"
    with pytest.raises(ValueError):
        s.set(IDLE_MINUTES, 0)
    with pytest.raises(TypeError):
        s.set(IDLE_MINUTES, "7")  # type: ignore[arg-type]
    # Window state lives in its own file; preferences never hold it.
    prefs = (tmp_path / "caseworker.ini").read_text()
    assert "geometry" not in prefs
    (tmp_path / "caseworker.ini").write_text("[security]\nidle_lock_minutes=banana\n")
    assert Settings(tmp_path).get(IDLE_MINUTES) == 5


def test_qt_dialogs_are_translated_in_french(qapp: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from caseworker.gui.i18n import UiI18n, install_translators

    installed = install_translators(qapp, UiI18n("fr"))
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    finally:
        for t in installed:
            qapp.removeTranslator(t)


def test_babel_formats_follow_the_ui_locale() -> None:
    import datetime as dt

    from caseworker.gui.i18n import UiI18n

    assert UiI18n("fr").date(dt.date(2026, 3, 1)) == "1 mars 2026"
    assert UiI18n("en").date(dt.date(2026, 3, 1)) == "Mar 1, 2026"
    assert UiI18n("fr").number(12345) == "12\u202f345"


def test_generated_forms_are_current() -> None:
    from caseworker.gui import build_ui

    assert build_ui.stale() == []


def test_no_display_says_how_to_run_it_instead_of_crashing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    from caseworker.gui import app, demo

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(app.sys, "platform", "linux")
    assert app.main([]) == 2
    assert "xvfb-run -a scripts/run-demo.sh" in capsys.readouterr().err
    assert demo.main(["--data", str(tmp_path / "demo")]) == 2
    assert "no display" in capsys.readouterr().err
    assert not (tmp_path / "demo").exists()  # nothing created before saying so


def test_icons_are_drawn_in_the_palette_text_colour(qapp: Any) -> None:
    """SVG icons follow the light/dark scheme: drawn in the palette's text colour, sharp at every size."""
    from PySide6.QtGui import QColor, QPalette

    from caseworker.gui import resources

    old = qapp.palette()
    try:
        for colour in ("#000000", "#ffffff"):
            pal = QPalette(old)
            pal.setColor(QPalette.ColorRole.WindowText, QColor(colour))
            qapp.setPalette(pal)
            image = resources.icon("lock").pixmap(64, 64).toImage()
            seen = {
                image.pixelColor(x, y).name()
                for x in range(64)
                for y in range(64)
                if image.pixelColor(x, y).alpha() == 255
            }
            assert seen == {colour}
    finally:
        qapp.setPalette(old)
