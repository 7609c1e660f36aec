"""The Plan tab's print preview renders the client's bilingual plan on the worker and shows its pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gui.conftest import PASSPHRASE, USERNAME

pytestmark = pytest.mark.gui


def test_plan_print_preview_shows_the_plan(qtbot: Any, make_ctx: Any, caseload_dir: Any) -> None:
    from caseworker.gui import storeops
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.gui.plan_print import PlanPrintDialog
    from caseworker.store.caseload import Caseload, Unlocker

    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USERNAME, PASSPHRASE))
    cid = storeops.create_client(
        cl, {"given_name": "مريم", "given_name_latin": "Maryam", "family_name_latin": "Saleh"}
    )
    storeops.update_profile(cl, cid, {"languages": ["ar"]})
    goal = storeops.add_goal(
        cl, cid, {"domain": "housing", "text": "Find housing", "text_translation": "إيجاد سكن"}
    )
    storeops.add_action(cl, cid, goal, {"text": "Visit the centre", "owner": "client"})
    cl.close()
    ctx = make_ctx(caseload_dir=caseload_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.username.setText(USERNAME)
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.unlock()
    qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
    window.open_client(cid)
    qtbot.waitUntil(lambda: window.file_view.data is not None)
    window.act_print.trigger()
    dialog = window.file_view.findChild(PlanPrintDialog)
    assert dialog is not None
    assert dialog.language.currentData() == "ar"
    qtbot.waitUntil(lambda: dialog.preview.document.pageCount() >= 1, timeout=60000)
    assert dialog.preview.pdf_bytes().startswith(b"%PDF")
    dialog.close()
    window.close()
