"""A thin banner above the intake screens: offline, refused by the server, or a decision refused.

Never modal: work goes on underneath. Each state says what happened and what to do, and offers the
one button that helps (try again, enrol again, dismiss).

Signals: ``retry()``, ``enrol()``, ``dismiss()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from caseworker.gui.intake.service import Connection
from caseworker.gui.intake.text import IntakeText

_STYLE = {
    "offline": "background:#fff4ce;color:#3d2e00;border:1px solid #e0c060;",
    "refused": "background:#fde7e9;color:#5c0b12;border:1px solid #d9848c;",
    "notice": "background:#e8f1fb;color:#0b2a4a;border:1px solid #8db3dc;",
}


class ConnectionBanner(QFrame):
    retry = Signal()
    enrol = Signal()
    dismiss = Signal()

    def __init__(self, text: IntakeText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = text
        _ = text.gettext
        self.setObjectName("intakeBanner")
        self.setAccessibleName(_("Connection status"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("intakeBannerText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.button = QPushButton()
        self.button.setObjectName("intakeBannerButton")
        self.button.clicked.connect(self._clicked)
        layout.addWidget(self.button)
        self.state = "online"
        self.hide()

    def _clicked(self) -> None:
        {"offline": self.retry, "refused": self.enrol, "notice": self.dismiss}[self.state].emit()

    def _show(self, state: str, text: str, button: str) -> None:
        self.state = state
        self.setStyleSheet(f"QFrame#intakeBanner{{{_STYLE[state]}border-radius:4px;}}")
        self.label.setText(text)
        self.button.setText(button)
        self.button.setAccessibleName(button)
        self.show()

    def show_connection(self, conn: Connection) -> None:
        _ = self.t.gettext
        if conn.state == "offline":
            if conn.waiting:
                text = self.t.ngettext(
                    "Working offline — {n} decision will be sent when the connection returns.",
                    "Working offline — {n} decisions will be sent when the connection returns.",
                    conn.waiting,
                ).format(n=conn.waiting)
            else:
                text = _(
                    "Working offline — the intake server cannot be reached. "
                    "Requests already here can still be handled."
                )
            self._show("offline", text, _("Try again"))
        elif conn.state == "refused" and conn.error is not None:
            message, hint = self.t.error(conn.error)
            extra = ""
            if conn.waiting:
                extra = " " + self.t.ngettext(
                    "{n} decision is kept and will be sent after enrolment.",
                    "{n} decisions are kept and will be sent after enrolment.",
                    conn.waiting,
                ).format(n=conn.waiting)
            self._show("refused", f"{message} {hint}{extra}", _("Enrol again…"))
        elif conn.refusals:
            n = len(conn.refusals)
            text = self.t.ngettext(
                "The server did not take {n} decision: the reservation had expired or another desk "
                "has the request. Your decision and any client file are kept here; if the request "
                "comes back to this desk, the decision is sent again.",
                "The server did not take {n} decisions: the reservations had expired or another desk "
                "has the requests. Your decisions and any client files are kept here; if a request "
                "comes back to this desk, its decision is sent again.",
                n,
            ).format(n=n)
            self._show("notice", text, _("Dismiss"))
        else:
            self.state = "online"
            self.hide()
