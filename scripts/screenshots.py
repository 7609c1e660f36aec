#!/usr/bin/env python3
"""Save a PNG of every main screen of the desktop, in English and in French (no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out screenshots] [--clients 300]

Builds a throwaway synthetic demo caseload in a temporary folder (every person invented), opens the
window offscreen and grabs each screen with ``QWidget.grab()``. Files: ``<out>/<lang>/NN-screen.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def wait(app, cond, timeout=15.0, required=True) -> None:  # type: ignore[no-untyped-def]
    import time

    end = time.monotonic() + timeout
    while not cond():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > end:
            if required:
                raise TimeoutError("screen did not load")
            break
    for _ in range(5):
        app.processEvents()


def pick_client(folder: Path, kdf) -> int:  # type: ignore[no-untyped-def]
    """A client with a plan, notes and a name in a non-Latin script (Arabic or Ge'ez preferred)."""
    import sqlalchemy as sa

    from caseworker.store import models as m
    from caseworker.store.caseload import Caseload, Unlocker
    from caseworker.store.demo import DEMO_PASSPHRASE

    cl = Caseload.open(folder, Unlocker.passphrase("supervisor", DEMO_PASSPHRASE), kdf=kdf)
    try:
        with cl.session() as s:
            rows = s.execute(
                sa.select(m.Client.id, m.Client.given_name, m.Client.given_name_latin)
                .join(m.Plan, m.Plan.client_id == m.Client.id)
                .order_by(m.Client.id)
            ).all()

            def score(r) -> int:  # type: ignore[no-untyped-def]
                g = r[1] or ""
                if any("\u1200" <= ch <= "\u137f" for ch in g):
                    return 0
                if any("\u0600" <= ch <= "\u06ff" for ch in g):
                    return 1
                return 2 if r[2] else 3

            rows = sorted(rows, key=score)
            return int(rows[0][0])
    finally:
        cl.close()


def shoot(lang: str, folder: Path, out: Path, kdf, client_id: int, tmp: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from caseworker.gui import resources
    from caseworker.gui.clock import SystemClock
    from caseworker.gui.context import AppContext
    from caseworker.gui.crash import CrashDialog
    from caseworker.gui.i18n import UiI18n, install_translators
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.gui.newclient import NewClientDialog
    from caseworker.gui.preferences import PreferencesDialog
    from caseworker.gui.settings import SERVER_URL, Settings
    from caseworker.gui.wizard import FirstRunWizard
    from caseworker.store.demo import DEMO_PASSPHRASE
    from caseworker.store.secrets import KeyringSecretStore

    app = QApplication.instance() or QApplication(["caseworker"])
    settings = Settings(tmp / f"config-{lang}")
    settings.set(SERVER_URL, "https://intake.example.org")
    ctx = AppContext(
        settings=settings,
        secrets=KeyringSecretStore(),
        i18n=UiI18n(lang),
        clock=SystemClock(),
        caseload_dir=folder,
        store_options={"kdf": kdf},
    )
    translators = install_translators(app, ctx.i18n)
    resources.apply_style(app)  # type: ignore[arg-type]
    saved: list[Path] = []
    target = out / lang
    target.mkdir(parents=True, exist_ok=True)

    def grab(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        for _ in range(5):
            app.processEvents()
        path = target / f"{len(saved) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    window.start()
    window.unlock_view.username.setText("supervisor")
    grab(window, "unlock")
    window.unlock_view.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_view.unlock()
    wait(app, lambda: ctx.db is not None, 60)
    names = ["intake", "caseload", "followups", "team", "reports"]
    for row, name in enumerate(names):
        window.nav.setCurrentRow(row)
        view = window.views.currentWidget()
        if hasattr(view, "model"):
            wait(app, lambda v=view: v.model.rowCount() > 0 and v.model.row_at(0) is not None, 3, False)
            wait(
                app,
                lambda v=view: v.model.row_at(min(20, max(0, v.model.rowCount() - 1))) is not None,
                3,
                False,
            )
        elif name in ("team", "reports"):
            import time

            t0 = time.monotonic()
            while time.monotonic() - t0 < 0.6:
                app.processEvents()
        grab(window, name)
    window.nav.setCurrentRow(1)
    window.search.setText("ف")
    wait(app, lambda: window.caseload_view.model.search_text == "ف")
    grab(window, "search-arabic")
    window.search.clear()
    window.open_client(client_id)
    wait(app, lambda: window.file_view.data is not None)
    tabs = ["overview", "profile", "household", "consent", "needs", "plan", "notes", "services", "history"]
    for i, name in enumerate(tabs):
        window.file_view.tabs.setCurrentIndex(i)
        grab(window, f"file-{name}")
    dialog = NewClientDialog(ctx, window)
    dialog.show()
    dialog.given_name_latin.setText("Ahmad")
    wait(app, lambda: dialog.matches.count() > 0, 5)
    grab(dialog, "new-client")
    dialog.close()
    prefs = PreferencesDialog(ctx, window)
    prefs.show()
    grab(prefs, "settings")
    prefs.close()
    try:
        raise RuntimeError("demonstration")
    except RuntimeError as exc:
        crash = CrashDialog(ctx._, exc, window)
    crash.show()
    grab(crash, "crash-report")
    crash.close()
    window.lock()
    grab(window, "locked")
    window.close()  # stops the idle watcher: its app-wide event filter is removed before deletion
    dispose(app, window)

    wiz_ctx = AppContext(
        settings=Settings(tmp / f"wiz-{lang}"),
        secrets=KeyringSecretStore(),
        i18n=ctx.i18n,
        caseload_dir=tmp / f"new-caseload-{lang}",
        store_options={"kdf": kdf},
    )
    wizard = FirstRunWizard(wiz_ctx)
    wizard.show()
    grab(wizard, "wizard-welcome")
    wizard.next()
    wizard.account_page.username.setText("amina")
    wizard.account_page.display_name.setText("Amina Haddad")
    grab(wizard, "wizard-account")
    wizard.account_page.passphrase.setText("correct horse battery")
    wizard.account_page.confirm.setText("correct horse battery")
    wizard.next()
    wait(app, lambda: wizard.creating_page.done, 30)
    wizard.next()
    grab(wizard, "wizard-recovery-key")
    wizard.recovery_page.written.setChecked(True)
    wizard.next()
    grab(wizard, "wizard-confirm")
    wizard.confirm_page.validatePage = lambda: True  # type: ignore[method-assign]
    wizard.next()
    grab(wizard, "wizard-device")
    if wizard.caseload is not None:
        wizard.caseload.close()
    if wizard.executor is not None:
        wizard.executor.close(wait=True)
    wizard.close()
    dispose(app, wizard)
    for t in translators:
        app.removeTranslator(t)
    return saved


def dispose(app, widget) -> None:  # type: ignore[no-untyped-def]
    """Delete a closed window now, on this thread, rather than whenever Python collects its wrapper."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--lang", action="append", choices=("en", "fr"), help="default: both")
    args = parser.parse_args(argv)
    langs = args.lang or ["en", "fr"]
    if len(langs) > 1:
        # One fresh process per language: translators, styles and Qt state never leak between runs.
        import subprocess

        for lang in langs:
            cmd = [
                sys.executable,
                __file__,
                "--out",
                str(args.out),
                "--clients",
                str(args.clients),
                "--lang",
                lang,
            ]
            if subprocess.run(cmd, check=False).returncode != 0:
                return 1
        return 0
    import keyring

    from tests.helpers.memkeyring import MemoryKeyring  # screenshots never touch the real OS keychain

    keyring.set_keyring(MemoryKeyring())
    from PySide6.QtWidgets import QApplication

    import caseworker.gui  # noqa: F401 - installs the PySide6 workaround
    from caseworker.store import demo
    from caseworker.store.caseload import Caseload
    from caseworker.store.keyslots import KdfParams

    app = QApplication.instance() or QApplication(["caseworker"])
    del app
    kdf = KdfParams.insecure_fast()  # a throwaway caseload of invented people: no need for a slow KDF
    with tempfile.TemporaryDirectory(prefix="cw-shots-") as tmpdir:
        tmp = Path(tmpdir)
        folder = tmp / "caseload"
        cl, _key = Caseload.create(
            folder, "supervisor", demo.DEMO_PASSPHRASE, display_name="Dana Okafor", kdf=kdf
        )
        try:
            demo.build_demo(cl, clients=args.clients, seed=1)
        finally:
            cl.close()
        client_id = pick_client(folder, kdf)
        for lang in langs:
            for path in shoot(lang, folder, args.out, kdf, client_id, tmp):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
