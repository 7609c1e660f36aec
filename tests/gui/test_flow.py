"""The worker's day, end to end on a real encrypted caseload: first run → create a client → edit →
find by search in Latin and in the client's own script → lock → unlock; a wrong passphrase; auto-lock."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import PASSPHRASE, USERNAME
from tests.gui.walk import texts

pytestmark = pytest.mark.gui

# Synthetic client
GIVEN, FAMILY = "فاطمة", "الحسيني"
GIVEN_LATIN, FAMILY_LATIN = "Fatima", "Al-Husseini"
PHONE = "+1 416 555 0199"


def _run_wizard(qtbot: Any, ctx: Any) -> tuple[Any, Any]:
    from caseworker.gui import recovery
    from caseworker.gui.wizard import FirstRunWizard

    wizard = FirstRunWizard(ctx, rng=random.Random(7))
    qtbot.addWidget(wizard)
    got: dict[str, Any] = {}
    wizard.created.connect(lambda cl, ex: got.update(cl=cl, ex=ex))
    wizard.show()
    wizard.next()  # folder page (default folder)
    page = wizard.account_page
    page.username.setText(USERNAME)
    page.display_name.setText("Amina Haddad")
    page.passphrase.setText("short")
    page.confirm.setText("short")
    wizard.next()
    assert wizard.currentPage() is page  # refused: too short, and says which field
    assert page.error.text().startswith("Passphrase:")
    page.passphrase.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.creating_page.done, timeout=20000)
    wizard.next()
    assert wizard.currentPage() is wizard.recovery_page
    shown = wizard.recovery_page.key.text()
    assert recovery.groups(shown) == recovery.groups(wizard.recovery_key)
    wizard.recovery_page.written.setChecked(True)
    wizard.next()
    confirm = wizard.confirm_page
    # A wrong group is refused ...
    idx0, edit0 = confirm.fields[0]
    edit0.setText("WRONG")
    for idx, edit in confirm.fields[1:]:
        edit.setText(recovery.groups(wizard.recovery_key)[idx])
    wizard.next()
    assert wizard.currentPage() is confirm
    # ... the right ones, typed loosely (lower case, spaces), are accepted.
    edit0.setText(" " + recovery.groups(wizard.recovery_key)[idx0].lower() + " ")
    wizard.next()
    assert wizard.currentPage() is wizard.device_page
    assert wizard.device_page.secure  # the in-memory test keyring counts as a real store
    wizard.accept()
    assert got["cl"] is not None
    # Typing the groups back proved the key was shown: the "never shown" mark is cleared.
    qtbot.waitUntil(lambda: not got["cl"].recovery_key_unconfirmed(), timeout=10000)
    return got["cl"], got["ex"]


def test_first_run_to_lock_and_unlock(qtbot: Any, make_ctx: Any) -> None:
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.gui.newclient import NewClientDialog

    ctx = make_ctx()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    caseload, executor = _run_wizard(qtbot, ctx)
    window.show()
    assert not window.idle.filtering  # no app-wide input filter while locked
    window.on_unlocked(caseload, executor)
    assert window.stack.currentWidget() is window.work
    assert window.idle.filtering
    qtbot.waitUntil(
        lambda: window.caseload_view.model.rowCount() == 0 and window.caseload_view.empty.isVisible()
    )

    # Create a client (search before create).
    window.new_client()
    dialog = window.findChild(NewClientDialog)
    assert dialog is not None
    dialog.given_name.setText(GIVEN)
    dialog.family_name.setText(FAMILY)
    dialog.given_name_latin.setText(GIVEN_LATIN)
    dialog.family_name_latin.setText(FAMILY_LATIN)
    dialog.date_of_birth.setText("1990-13-40")
    dialog.create_client()
    assert "Date of birth" in dialog.form.errors["date_of_birth"].text()  # inline, names the field
    dialog.date_of_birth.setText("1990-04-17")
    dialog.create_client()
    qtbot.waitUntil(
        lambda: window.views.currentWidget() is window.file_view and window.file_view.data is not None
    )
    file_view = window.file_view
    assert file_view.header.name.text() == "Fatima Al-Husseini"
    assert file_view.header.native.text() == "فاطمة الحسيني"
    client_id = file_view.client_id

    # Edit the profile: a bad phone is refused inline, a good one saved through the worker.
    profile = file_view.profile
    profile.phone.setText("12")
    profile.save()
    assert profile.form2.errors["phone"].isVisibleTo(profile)
    assert profile.form2.errors["phone"].text().startswith("Phone:")
    profile.phone.setText(PHONE)
    for i in range(profile.languages.count()):
        item = profile.languages.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == "ar":
            item.setCheckState(Qt.CheckState.Checked)
    profile.save()
    qtbot.waitUntil(
        lambda: file_view.data is not None and file_view.data.profile.get("phone") == "+14165550199"
    )
    assert file_view.data.languages == ("ar",)
    assert "العربية" in file_view.header.facts.text()
    # Undo the last save
    file_view.undo()
    qtbot.waitUntil(lambda: file_view.data.profile.get("phone") is None)
    profile.phone.setText(PHONE)
    profile.save()
    qtbot.waitUntil(lambda: file_view.data.profile.get("phone") == "+14165550199")

    # A note and a service
    file_view.notes.editor.setPlainText("Met with the family; needs a housing referral.")
    file_view.notes.submit()
    qtbot.waitUntil(lambda: len(file_view.data.notes) == 1)
    file_view.services.minutes.setValue(45)
    file_view.services._add()
    qtbot.waitUntil(lambda: len(file_view.data.services) == 1)
    # Plan: a goal with an action, and a referral
    file_view.plan.goal_text.setText("Find permanent housing")
    file_view.plan._add_goal()
    qtbot.waitUntil(lambda: len(file_view.data.plan.goals) == 1)
    file_view.plan.tree.setCurrentItem(file_view.plan.tree.topLevelItem(0))
    file_view.plan.action_text.setText("Visit the housing help centre")
    file_view.plan.action_due.setText("2026-12-05")
    file_view.plan._add_action()
    qtbot.waitUntil(lambda: len(file_view.data.plan.goals[0].actions) == 1)
    assert any(h.entity == "notes" for h in file_view.data.history)

    # Back to the list; search in Latin letters, then in Arabic script, then by phone.
    window.act_back.trigger()
    for query in ("fatim", "فاطمة", "416 555 0199"):
        window.act_find.trigger()
        model = window.caseload_view.model
        with qtbot.waitSignal(model.search_done, timeout=5000):
            window.search.setText(query)  # answered after the debounce; stale answers never arrive
        assert model.search_text == query
        assert model.rowCount() == 1
        row = window.caseload_view.model.row_at(0)
        assert row.id == client_id
    window.search.setText("nobody-like-this")
    qtbot.waitUntil(lambda: window.caseload_view.model.rowCount() == 0)
    window.search.clear()
    window.open_client(client_id)
    qtbot.waitUntil(lambda: window.file_view.data is not None and window.file_view.data.id == client_id)

    # Lock: every connection closed, no client text left anywhere in the window.
    engine = caseload.engine
    window.act_lock.trigger()
    assert ctx.db is None and ctx.caseload is None
    executor._pool.shutdown(wait=True)
    assert engine.pool.checkedout() == 0
    assert caseload._key is None
    leaked = [
        t
        for _w, t in texts(window)
        if any(
            x in t
            for x in ("Fatima", "فاطمة", "Husseini", "0199", "Met with", "permanent housing", "help centre")
        )
    ]
    assert leaked == []
    assert window.stack.currentWidget() is window.unlock_view
    assert not window.idle.filtering

    # Unlock: the file that was open comes back.
    window.unlock_view.username.setText(USERNAME)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock_button.click()
    qtbot.waitUntil(lambda: ctx.db is not None and window.file_view.data is not None, timeout=20000)
    assert window.views.currentWidget() is window.file_view
    assert window.file_view.data.id == client_id
    assert window.unlock_view.passphrase.text() == ""
    assert window.idle.filtering
    window.close()
    assert not window.idle.filtering  # removed before the window can be destroyed


def test_wrong_passphrase_says_so_and_allows_retry(qtbot: Any, make_ctx: Any, caseload_dir: Any) -> None:
    from caseworker.gui.mainwindow import MainWindow

    ctx = make_ctx(caseload_dir=caseload_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.start()
    view = window.unlock_view
    view.username.setText(USERNAME)
    view.passphrase.setText("not the passphrase")
    view.unlock()
    qtbot.waitUntil(lambda: view.error.isVisibleTo(view) and view.unlock_button.isEnabled(), timeout=20000)
    assert "does not open this caseload" in view.error.text()
    assert view.passphrase.text() == ""
    assert ctx.db is None
    assert view.username.text() == USERNAME  # kept for the retry
    view.passphrase.setText(PASSPHRASE)
    view.unlock()
    qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
    assert window.stack.currentWidget() is window.work
    window.close()


def test_damaged_caseload_explains_how_to_restore(qtbot: Any, make_ctx: Any, caseload_dir: Any) -> None:
    from caseworker.gui.unlock import UnlockView

    db = caseload_dir / "caseload.db"
    data = bytearray(db.read_bytes())
    for i in range(5000, min(len(data), 9000)):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    ctx = make_ctx(caseload_dir=caseload_dir)
    view = UnlockView(ctx)
    qtbot.addWidget(view)
    view.username.setText(USERNAME)
    view.passphrase.setText(PASSPHRASE)
    view.unlock()
    qtbot.waitUntil(lambda: view.error.isVisibleTo(view) and view.unlock_button.isEnabled(), timeout=20000)
    assert "damaged" in view.error.text()
    assert "caseworker-admin restore" in view.error.text()
    assert ctx.db is None


def test_executors_nobody_keeps_deliver_and_release_their_relay(qtbot: Any) -> None:
    """An executor only its pending ops refer to (as the unlock screen makes them) still delivers every
    result on the GUI thread, then its relay is deleted there: nothing is freed on the worker thread or
    inside the relay's own event handler (it used to be, and could crash)."""
    import gc
    import weakref

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QWidget

    from caseworker.gui.dbop import DbExecutor, DbOp

    owner = QWidget()
    qtbot.addWidget(owner)
    got: list[tuple[int, str]] = []
    relays: list[Any] = []
    executors: list[weakref.ref[Any]] = []

    def start(i: int) -> None:
        executor = DbExecutor(None)
        relays.append(executor._relay)
        executors.append(weakref.ref(executor))

        def work(_resource: Any) -> int:
            if i % 2:
                raise ValueError("synthetic failure")
            return i

        def done(kind: str) -> Any:
            def cb(_value: Any) -> None:
                got.append((i, kind))
                executor.close()

            return cb

        DbOp(owner, work).success(done("ok")).failure(done("failed")).run(executor)

    for i in range(60):
        start(i)
    qtbot.waitUntil(lambda: len(got) == 60, timeout=20000)
    assert sorted(got) == [(i, "failed" if i % 2 else "ok") for i in range(60)]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert not any(shiboken6.isValid(r) for r in relays)
    assert all(ref() is None for ref in executors)
