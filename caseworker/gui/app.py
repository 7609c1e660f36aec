"""``caseworker``: the desktop workstation's entry point.

``main()`` builds the app context (settings, secrets, clock, translations; the caseload and its worker
arrive when the user unlocks) and hands it to the windows. No module-level singletons.

    caseworker [--caseload DIR] [--lang en|fr]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

NO_DISPLAY = (
    "Caseworker is a desktop application and there is no display here "
    "(neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "Run it from a desktop session, or under a virtual display:\n"
    "    xvfb-run -a scripts/run-demo.sh\n"
    "or, for screenshots without any display: QT_QPA_PLATFORM=offscreen python scripts/screenshots.py"
)


def has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="caseworker", description="Caseworker desktop workstation")
    parser.add_argument(
        "--caseload", type=Path, help="caseload folder (default: the one chosen at first run)"
    )
    parser.add_argument("--lang", choices=("en", "fr"), help="language of the interface for this run")
    parser.add_argument("--config-dir", type=Path, help="settings folder (default: ~/.config/caseworker)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from caseworker.gui import resources
    from caseworker.gui.context import AppContext
    from caseworker.gui.crash import CrashDialog, install_excepthook
    from caseworker.gui.i18n import UiI18n, install_translators
    from caseworker.gui.mainwindow import MainWindow
    from caseworker.gui.settings import CASELOAD_DIR, Settings
    from caseworker.gui.wizard import FirstRunWizard
    from caseworker.store.caseload import Caseload
    from caseworker.store.secrets import KeyringSecretStore

    QCoreApplication.setOrganizationName("Caseworker")
    QCoreApplication.setApplicationName("Caseworker")
    QGuiApplication.setDesktopFileName("caseworker")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    settings = Settings(args.config_dir)
    ctx = AppContext.from_settings(settings, KeyringSecretStore(), caseload_dir=args.caseload)
    if args.lang:
        ctx.i18n = UiI18n(args.lang)
    translators = install_translators(app, ctx.i18n)  # noqa: F841 - keep references alive
    resources.apply_style(app)  # type: ignore[arg-type]
    app.setWindowIcon(resources.icon("caseworker"))  # type: ignore[attr-defined]

    window = MainWindow(ctx)

    def scheme_changed(_scheme: object) -> None:
        resources.apply_style(app)  # type: ignore[arg-type]
        window.refresh_icons()

    QGuiApplication.styleHints().colorSchemeChanged.connect(scheme_changed)

    def about_to_quit() -> None:
        # Quitting without closing the window (session logout, app.quit()): close it now, which saves,
        # stops the DB worker and removes the idle filter while the window is still whole.
        if ctx.db is not None or window.isVisible():
            window.close()

    app.aboutToQuit.connect(about_to_quit)
    install_excepthook(window.show_bug)
    del CrashDialog

    if Caseload.exists(ctx.caseload_dir):
        window.show()
        window.start()
    else:
        wizard = FirstRunWizard(ctx)

        def created(caseload: object, executor: object) -> None:
            settings.set(CASELOAD_DIR, str(ctx.caseload_dir))
            settings.sync()
            window.show()
            window.on_unlocked(caseload, executor)  # type: ignore[arg-type]

        wizard.created.connect(created)
        wizard.rejected.connect(app.quit)
        wizard.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
