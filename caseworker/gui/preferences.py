"""Settings dialog (Designer form ``ui/preferences.ui``): language, idle lock, intake server, agency.

Signals: ``applied()`` after valid values were stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from caseworker.gui.context import AppContext
from caseworker.gui.generated.ui_preferences import Ui_cw_preferences
from caseworker.gui.settings import AGENCY_LOGO, AGENCY_NAME, IDLE_MINUTES, LANGUAGE, SERVER_URL


class PreferencesDialog(QDialog):
    applied = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_cw_preferences()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.ui.error.setObjectName("fieldError")
        self.ui.error.setTextFormat(Qt.TextFormat.PlainText)
        self.ui.error.hide()
        s = ctx.settings
        # Each language by its own name, as everywhere in Caseworker.
        self.ui.language.addItem("English", "en")
        self.ui.language.addItem("Français", "fr")
        self.ui.language.setCurrentIndex(max(0, self.ui.language.findData(s.get(LANGUAGE))))
        self.ui.idleMinutes.setValue(s.get(IDLE_MINUTES))
        self.ui.serverUrl.setText(s.get(SERVER_URL))
        self.ui.agencyName.setText(s.get(AGENCY_NAME))
        self.ui.logoPath.setText(s.get(AGENCY_LOGO))
        self.ui.logoBrowse.clicked.connect(self._browse)
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)

    def _browse(self) -> None:
        _ = self.ctx._
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Agency logo"), self.ui.logoPath.text(), _("Images (*.png *.jpg *.svg)")
        )
        if path:
            self.ui.logoPath.setText(path)

    def accept(self) -> None:
        _ = self.ctx._
        url = self.ui.serverUrl.text().strip()
        if url and not (
            url.startswith("https://")
            or url.startswith("http://127.0.0.1")
            or url.startswith("http://localhost")
        ):
            self.ui.error.setText(
                _("Intake server: the address must start with https:// (plain http only for this computer).")
            )
            self.ui.error.show()
            self.ui.serverUrl.setFocus()
            return
        logo = self.ui.logoPath.text().strip()
        if logo and not Path(logo).is_file():
            self.ui.error.setText(_("Agency logo: this file does not exist."))
            self.ui.error.show()
            self.ui.logoPath.setFocus()
            return
        s = self.ctx.settings
        s.set(LANGUAGE, self.ui.language.currentData())
        s.set(IDLE_MINUTES, self.ui.idleMinutes.value())
        s.set(SERVER_URL, url)
        s.set(AGENCY_NAME, self.ui.agencyName.text().strip())
        s.set(AGENCY_LOGO, logo)
        s.sync()
        self.applied.emit()
        super().accept()
