"""A real encrypted caseload with synthetic clients who have settlement plans, and a main window unlocked
on it (the plan print paths are driven from the window, as a worker would)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import PASSPHRASE, USERNAME

# Synthetic clients: (given name, Latin given name, family Latin name, language)
CLIENTS = (
    ("مريم", "Maryam", "Saleh", "ar"),
    ("ተስፋይ", "Tesfay", "Gebre", "ti"),
    ("Олена", "Olena", "Kovalenko", "uk"),
)


def add_clients(caseload_dir: Path, goals: int = 2) -> list[int]:
    from caseworker.gui import storeops
    from caseworker.store.caseload import Caseload, Unlocker

    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USERNAME, PASSPHRASE))
    ids = []
    try:
        for given, latin, family, lang in CLIENTS:
            cid = storeops.create_client(
                cl, {"given_name": given, "given_name_latin": latin, "family_name_latin": family}
            )
            storeops.update_profile(cl, cid, {"languages": [lang]})
            for g in range(goals):
                goal = storeops.add_goal(
                    cl,
                    cid,
                    {"domain": "housing", "text": f"Find housing, step {g + 1}", "text_translation": ""},
                )
                storeops.add_action(cl, cid, goal, {"text": f"Visit the centre ({g + 1})", "owner": "client"})
            ids.append(cid)
        # A client without any plan: batch printing reports it and goes on.
        ids.append(storeops.create_client(cl, {"given_name": "Nadia", "family_name": "Planless"}))
    finally:
        cl.close()
    return ids


@pytest.fixture
def open_window(qtbot: Any, make_ctx: Any, caseload_dir: Path) -> Callable[..., tuple[Any, Any, list[int]]]:
    def make(lang: str = "en", goals: int = 2) -> tuple[Any, Any, list[int]]:
        from caseworker.gui.mainwindow import MainWindow

        ids = add_clients(caseload_dir, goals)
        ctx = make_ctx(lang=lang, caseload_dir=caseload_dir)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.unlock_view.username.setText(USERNAME)
        window.unlock_view.passphrase.setText(PASSPHRASE)
        window.unlock_view.unlock()
        qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
        return window, ctx, ids

    return make


def click_box_later(qtbot: Any, button: str, seen: list[str]) -> None:
    """Answer the incomplete-catalog question once it is shown ("official" or "cancel")."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == "incompleteCatalogBox":
                seen.append(w.text() + "\n" + w.informativeText())
                if button == "official":
                    w.official_only_button.click()  # type: ignore[attr-defined]
                else:
                    w.button(QMessageBox.StandardButton.Cancel).click()
                return
        QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
