"""A French-speaking worker uses Caseworker entirely in French: every widget of every main screen is
walked and any visible English string fails the test (proper nouns and client data excepted)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtWidgets import QWidget

from caseworker.i18n.catalogs import TRANSLATIONS_DIR
from tests.gui.conftest import PASSPHRASE, USERNAME
from tests.gui.walk import texts

pytestmark = pytest.mark.gui

# Words that only English uses (French shares client, plan, date, note, service, action, minutes…).
ENGLISH_WORDS = {
    "the",
    "and",
    "of",
    "to",
    "with",
    "your",
    "this",
    "for",
    "save",
    "search",
    "add",
    "new",
    "open",
    "lock",
    "unlock",
    "settings",
    "name",
    "status",
    "any",
    "only",
    "my",
    "due",
    "overdue",
    "back",
    "list",
    "record",
    "goal",
    "referral",
    "history",
    "profile",
    "household",
    "needs",
    "assets",
    "language",
    "languages",
    "phone",
    "city",
    "yes",
    "cancel",
    "close",
    "next",
    "finish",
    "help",
    "edit",
    "view",
    "quit",
    "refresh",
    "print",
    "copy",
    "number",
    "who",
    "when",
    "what",
    "how",
    "reason",
    "follow",
    "team",
    "reports",
    "intake",
    "worker",
    "undo",
    "last",
    "passphrase",
    "recovery",
    "key",
    "user",
    "file",
    "from",
    "not",
    "set",
    "choose",
    "create",
    "link",
    "revoke",
    "given",
    "expires",
    "area",
    "need",
    "asset",
    "priority",
    "high",
    "low",
    "medium",
    "sent",
    "planned",
    "done",
    "welcome",
    "account",
    "remember",
    "device",
    "report",
    "something",
    "went",
    "wrong",
    "gender",
    "female",
    "male",
    "category",
    "interpreter",
    "street",
}
ALLOWED = {"English", "Caseworker", "ON", "UCI", "IRCC", "PDF"}  # proper nouns, codes


def _english_msgids() -> set[str]:
    """Our catalog's msgids whose French differs: seeing one of those means a string was not translated."""
    with (TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "caseworker.po").open("rb") as fh:
        cat = read_po(fh, locale="fr")
    out = set()
    for m in cat:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        for i, s in zip(ids, strs, strict=False):
            if i and s and i != s and len(i) > 3:
                out.add(i.replace("&&", "&").replace("&", ""))
    return out


def _problems(where: str, root: Any, data: set[str]) -> list[str]:
    english = _english_msgids()
    bad = []
    # The intake queue and triage screens (caseworker/gui/intake) have their own catalog (intake_gui)
    # and their own French test; this walk covers everything else.
    skip = {
        id(w)
        for page in root.findChildren(QWidget, "intakePage")
        for w in (page, *page.findChildren(QWidget))
    }
    for widget, text in texts(root):
        if id(widget) in skip:
            continue
        t = text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
        if not t or t in data or t in ALLOWED:
            continue
        if any(d and d in t for d in data):
            continue  # client data (names, notes) shown as typed
        if t in english:
            bad.append(f"{where}: untranslated {t!r} ({type(widget).__name__})")
            continue
        if t.startswith(("/", "http")) or "://" in t:
            continue  # paths and addresses
        words = {w.lower() for w in re.findall(r"\w{2,}", t)}
        hits = words & ENGLISH_WORDS
        if hits:
            bad.append(f"{where}: English words {sorted(hits)} in {t!r} ({type(widget).__name__})")
    return bad


DATA = {
    "Amina Haddad",
    "Ahmed Benali",
    "أحمد",
    "بن علي",
    "Ahmed",
    "Benali",
    "Rencontre avec la famille ; logement à trouver.",
    "Trouver un logement",
}


def test_every_main_screen_is_french(qtbot: Any, make_ctx: Any, caseload_dir: Any, qapp: Any) -> None:
    from caseworker.gui import storeops
    from caseworker.gui.crash import CrashDialog
    from caseworker.gui.i18n import install_translators
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.gui.newclient import NewClientDialog
    from caseworker.gui.preferences import PreferencesDialog
    from caseworker.gui.wizard import FirstRunWizard
    from caseworker.store.caseload import Caseload, Unlocker

    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USERNAME, PASSPHRASE))
    cid = storeops.create_client(
        cl,
        {
            "given_name": "أحمد",
            "family_name": "بن علي",
            "given_name_latin": "Ahmed",
            "family_name_latin": "Benali",
        },
    )
    storeops.update_profile(
        cl, cid, {"languages": ["ar", "fr"], "next_follow_up": __import__("datetime").date(2026, 11, 1)}
    )
    storeops.add_note(cl, cid, "Rencontre avec la famille ; logement à trouver.", False)
    storeops.add_service(
        cl,
        cid,
        {
            "service_type": "needs_assessment",
            "channel": "in_person",
            "minutes": 30,
            "delivered_on": __import__("datetime").date(2026, 11, 20),
        },
    )
    goal = storeops.add_goal(cl, cid, {"domain": "housing", "text": "Trouver un logement"})
    storeops.add_action(cl, cid, goal, {"text": "Trouver un logement", "owner": "client"})
    storeops.give_consent(cl, cid, {"scope": "privacy_statement", "method": "written"})
    storeops.add_need(cl, cid, {"domain": "housing", "kind": "need", "priority": "high", "description": ""})
    cl.close()

    ctx = make_ctx(lang="fr", caseload_dir=caseload_dir)
    data = {*DATA, str(caseload_dir), ctx.secrets.where()}  # the folder and the OS keyring's own name
    installed = install_translators(qapp, ctx.i18n)
    problems: list[str] = []
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.start()
        problems += _problems("unlock", window, data)
        window.unlock_view.toggle_mode()
        problems += _problems("unlock (recovery key)", window, data)
        window.unlock_view.toggle_mode()
        window.unlock_view.username.setText(USERNAME)
        window.unlock_view.passphrase.setText(PASSPHRASE)
        window.unlock_view.unlock()
        qtbot.waitUntil(lambda: ctx.db is not None, timeout=20000)
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            qtbot.wait(150)
            view = window.views.currentWidget()
            if hasattr(view, "model"):
                qtbot.waitUntil(lambda v=view: v.model.rowCount() >= 1, timeout=5000)
                view.model.row_at(0)
                qtbot.waitUntil(lambda v=view: v.model.row_at(0) is not None)
            problems += _problems(f"view {row}", window, data)
        window.open_client(cid)
        qtbot.waitUntil(lambda: window.file_view.data is not None)
        window.file_view.profile.phone.setText("12")
        window.file_view.profile.save()  # an inline error, in French
        problems += _problems("client file", window, data)
        assert "Téléphone" in window.file_view.profile.form2.errors["phone"].text()

        # The plan's print preview (Ctrl+P), the missing-strings question and the batch print dialog.
        from caseworker.gui.plan_print import PlanPrintDialog
        from caseworker.gui.plans.batch import BatchPrintDialog
        from caseworker.gui.plans.dialogs import incomplete_catalog_box
        from caseworker.plans.completeness import CompletenessReport

        window.act_print.trigger()
        plan_dialog = window.file_view.findChild(PlanPrintDialog)
        qtbot.waitUntil(lambda: plan_dialog.preview.document.pageCount() >= 1, timeout=60000)
        plan_dialog.preview.progress.show()
        plan_dialog.preview.cancel_button.show()
        problems += _problems("plan preview", plan_dialog, data)
        plan_dialog.close()
        box = incomplete_catalog_box(window, CompletenessReport("ar", "fr", missing=("Goals",)), ctx._)
        qtbot.addWidget(box)
        problems += _problems("missing plan strings", box, {*data, "Goals", "• Goals"})
        batch = BatchPrintDialog([], lambda *_a: None, window, gettext=ctx._)
        qtbot.addWidget(batch)
        problems += _problems("batch print", batch, data)
        batch.start()  # no jobs: the finished state (Close, summary)
        problems += _problems("batch print finished", batch, data)

        dialog = NewClientDialog(ctx, window)
        qtbot.addWidget(dialog)
        dialog.create_client()  # inline errors
        problems += _problems("new client", dialog, data)
        prefs = PreferencesDialog(ctx, window)
        qtbot.addWidget(prefs)
        problems += _problems("settings", prefs, data)
        crash = CrashDialog(ctx._, RuntimeError("x"), window)
        qtbot.addWidget(crash)
        problems += [
            p for p in _problems("crash", crash, data) if "Technical" not in p and "Caseworker 0" not in p
        ]

        wiz_ctx = make_ctx(lang="fr")
        wizard = FirstRunWizard(wiz_ctx)
        qtbot.addWidget(wizard)
        wizard.show()
        for page_id in wizard.pageIds():
            page = wizard.page(page_id)
            problems += _problems(f"wizard page {page_id}", page, data)
        problems += [p for p in _problems("wizard buttons", wizard, data) if "page" not in p]
        window.close()
    finally:
        for t in installed:
            qapp.removeTranslator(t)
    # The crash report itself is technical (type names, file paths) and deliberately not translated.
    problems = [p for p in problems if "crash" not in p or "report" not in p.lower() or "Rapport" in p]
    assert problems == [], "\n".join(problems)
