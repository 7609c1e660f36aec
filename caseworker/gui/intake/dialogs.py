"""The questions a triage decision asks: to which agency (and why), why reject, and enrolment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui.intake.text import N_, IntakeText
from caseworker.intake.client import Agency

OUTSIDE = "__outside__"

REJECT_REASONS = (
    ("duplicate", N_("A duplicate of a request already handled")),
    ("outside_area", N_("Outside the area we serve")),
    ("not_eligible", N_("Not eligible for our services")),
    ("test", N_("A test or spam")),
    ("other", N_("Other reason")),
)


class ReferDialog(QDialog):
    """Pick an agency from the server's list (or one outside it) and write a note for them."""

    def __init__(
        self,
        text: IntakeText,
        agencies: list[Agency] | None,
        own_slug: str = "",
        parent: QWidget | None = None,
        *,
        on_server: bool = True,
    ) -> None:
        super().__init__(parent)
        _ = text.gettext
        self.setWindowTitle(_("Refer to another agency"))
        self.setObjectName("referDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "The request moves to the other agency's queue with your note: the newcomer does "
                "not have to start again."
            )
            if on_server
            else _(
                "This request was already accepted into this caseload: the referral is recorded "
                "here. Contact the other agency yourself."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.agency = QComboBox()
        self.agency.setObjectName("referAgency")
        self.agency.setAccessibleName(_("Agency"))
        for a in agencies or []:
            if a.slug != own_slug:
                self.agency.addItem(a.name, a.slug)
        self.agency.addItem(_("An agency not on the intake server…"), OUTSIDE)
        self.agency.currentIndexChanged.connect(self._changed)
        form.addRow(_("&Agency:"), self.agency)
        self.other = QLineEdit()
        self.other.setObjectName("referOther")
        self.other.setAccessibleName(_("Agency name"))
        self.other.setMaxLength(100)
        self.other_label = QLabel(_("Agency &name:"))
        self.other_label.setBuddy(self.other)
        form.addRow(self.other_label, self.other)
        self.note = QPlainTextEdit()
        self.note.setObjectName("referNote")
        self.note.setAccessibleName(_("Note for the other agency"))
        self.note.setPlaceholderText(_("Why this agency, and what the newcomer needs first."))
        self.note.setTabChangesFocus(True)
        form.addRow(_("&Note:"), self.note)
        layout.addLayout(form)
        if agencies is None:
            offline = QLabel(
                _("The list of agencies could not be loaded (offline). You can name an agency by hand.")
            )
            offline.setWordWrap(True)
            layout.addWidget(offline)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Refer"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        layout.addWidget(self.error)
        self._ = _
        self._changed()

    def _changed(self) -> None:
        outside = self.agency.currentData() == OUTSIDE
        self.other.setVisible(outside)
        self.other_label.setVisible(outside)

    def choice(self) -> tuple[str | None, str, str]:
        """(agency slug or None for an agency outside the server, agency name, note)."""
        note = self.note.toPlainText().strip()
        if self.agency.currentData() == OUTSIDE:
            return None, self.other.text().strip(), note
        return str(self.agency.currentData()), self.agency.currentText(), note

    def _accept(self) -> None:
        slug, name, _note = self.choice()
        if slug is None and not name:
            self.error.setText(self._("Name the agency the newcomer is referred to."))
            self.error.show()
            self.other.setFocus()
            return
        self.accept()


class RejectDialog(QDialog):
    def __init__(self, text: IntakeText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = text.gettext
        self.setWindowTitle(_("Reject the request"))
        self.setObjectName("rejectDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("The newcomer's status page will show the request as closed. Give the reason for the record.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.setObjectName("rejectReason")
        self.reason.setAccessibleName(_("Reason"))
        for code, label in REJECT_REASONS:
            self.reason.addItem(_(label), code)
        form.addRow(_("&Reason:"), self.reason)
        self.note = QPlainTextEdit()
        self.note.setObjectName("rejectNote")
        self.note.setAccessibleName(_("Details"))
        self.note.setTabChangesFocus(True)
        form.addRow(_("&Details:"), self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reject"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        label = self.reason.currentText()
        note = self.note.toPlainText().strip()
        return f"{label}: {note}" if note else label


class EnrolPanel(QWidget):
    """Shown while the caseload is not enrolled: server address and agency IT's one-time code.

    Signals: ``enrol(server_url, code, device_name)``."""

    enrol = Signal(str, str, str)

    def __init__(self, text: IntakeText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = text.gettext
        self.setObjectName("intakeEnrol")
        layout = QVBoxLayout(self)
        title = QLabel(_("Connect this computer to the intake server"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        title.setFont(f)
        layout.addWidget(title)
        intro = QLabel(
            _(
                "Online requests from newcomers reach your agency through the intake server. Agency IT "
                "gives you the server's address and a one-time enrolment code. The computer's access "
                "key is kept inside the encrypted caseload."
            )
        )
        intro.setWordWrap(True)
        intro.setMaximumWidth(760)
        layout.addWidget(intro)
        form = QFormLayout()
        self.server = QLineEdit()
        self.server.setObjectName("enrolServer")
        self.server.setAccessibleName(_("Intake server address"))
        self.server.setPlaceholderText("https://intake.example.org")
        form.addRow(_("&Server:"), self.server)
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.code.setAccessibleName(_("Enrolment code"))
        self.code.setPlaceholderText("K7M4-2QX9")
        form.addRow(_("Enrolment &code:"), self.code)
        self.name = QLineEdit()
        self.name.setObjectName("enrolName")
        self.name.setAccessibleName(_("Name of this computer"))
        self.name.setPlaceholderText(_("e.g. Front desk 2"))
        form.addRow(_("Computer &name:"), self.name)
        box = QWidget()
        box.setLayout(form)
        box.setMaximumWidth(640)
        layout.addWidget(box)
        self.button = QPushButton(_("&Enrol"))
        self.button.setObjectName("enrolButton")
        self.button.clicked.connect(self._go)
        self.code.returnPressed.connect(self._go)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._ = _

    def _go(self) -> None:
        server, code = self.server.text().strip(), self.code.text().strip()
        if not server.startswith(("http://", "https://")):
            self.message.setText(self._("Enter the server address, starting with https://"))
            self.server.setFocus()
            return
        if not code:
            self.message.setText(self._("Enter the enrolment code from agency IT."))
            self.code.setFocus()
            return
        self.message.clear()
        self.enrol.emit(server, code, self.name.text().strip() or "desktop")
