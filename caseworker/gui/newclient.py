"""New client: search before you create (UX.md). As names are typed, the clients this might already be
are listed; the worker opens one of them or creates a new file.

Signals: ``open_client(int)`` (an existing one or the new one).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError
from caseworker.gui import storeops
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.errors import known_error_text
from caseworker.gui.forms import FieldForm
from caseworker.gui.profile_tab import validate_profile


class NewClientDialog(QDialog):
    open_client = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self._ = _
        self.setWindowTitle(_("New client"))
        self.setAccessibleName(_("New client"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Type the names first: if this person already has a file, it appears below."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form_host = QWidget()
        self.form = FieldForm(_, form_host)
        f = self.form
        self.given_name = f.line("given_name", _("Given names (as they write them)"), required=True)
        self.family_name = f.line("family_name", _("Family name (as they write it)"))
        self.given_name_latin = f.line("given_name_latin", _("Given names (Latin letters)"))
        self.family_name_latin = f.line("family_name_latin", _("Family name (Latin letters)"))
        self.date_of_birth = f.line("date_of_birth", _("Date of birth"), placeholder=_("YYYY-MM-DD"))
        self.phone = f.line("phone", _("Phone"))
        for w in (self.given_name, self.family_name):
            w.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        layout.addWidget(form_host)
        self.matches_label = QLabel(_("Possible matches"))
        layout.addWidget(self.matches_label)
        self.matches = QListWidget()
        self.matches.setAccessibleName(_("Clients this might already be"))
        self.matches.itemActivated.connect(self._open_match)
        layout.addWidget(self.matches, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            _("Create new client"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setAccessibleName(_("Create new client"))
        self.open_button = self.buttons.addButton(_("Open selected"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setAccessibleName(_("Open the selected existing client"))
        self.open_button.clicked.connect(lambda: self._open_match(self.matches.currentItem()))
        self.buttons.accepted.connect(self.create_client)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._search)
        self._generation = 0
        for w in (
            self.given_name,
            self.family_name,
            self.given_name_latin,
            self.family_name_latin,
            self.phone,
        ):
            w.textChanged.connect(self._timer.start)
        self.resize(560, 560)

    def _values(self) -> dict[str, Any]:
        return {
            "given_name": self.given_name.text(),
            "family_name": self.family_name.text(),
            "given_name_latin": self.given_name_latin.text(),
            "family_name_latin": self.family_name_latin.text(),
            "date_of_birth": self.date_of_birth.text(),
            "phone": self.phone.text(),
        }

    def _search(self) -> None:
        v = self._values()
        text = " ".join(x for x in (v["given_name"], v["family_name"]) if x.strip())
        latin = " ".join(x for x in (v["given_name_latin"], v["family_name_latin"]) if x.strip())
        queries = [q for q in (text, latin, v["phone"].strip()) if len(q.strip()) >= 2]
        if not queries or self.ctx.db is None:
            self.matches.clear()
            return
        self._generation += 1
        gen = self._generation

        def find(cl: Any) -> list[Any]:
            seen: dict[int, Any] = {}
            for q in queries:
                for row in storeops.search_clients(cl, q, None, None, None, 10):
                    seen.setdefault(row.id, row)
            return list(seen.values())[:15]

        DbOp(self, find).success(lambda rows: self._show(gen, rows)).run(self.ctx.db)

    def _show(self, gen: int, rows: list[Any]) -> None:
        if gen != self._generation:
            return
        self.matches.clear()
        for row in rows:
            dob = ""
            item = QListWidgetItem(storeops.display_name(row) + dob)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.matches.addItem(item)
        self.matches_label.setText(
            self.ctx.i18n.ngettext("{n} possible match", "{n} possible matches", len(rows)).format(
                n=len(rows)
            )
        )

    def _open_match(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.open_client.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept_quietly()

    def accept_quietly(self) -> None:
        super().accept()

    def create_client(self) -> None:
        values, errors = validate_profile(self._values())
        self.form.clear_errors()
        for key, msg in errors.items():
            if key in self.form.errors:
                self.form.set_error(key, self._(msg))
        if errors:
            first = next(k for k in errors if k in self.form.widgets)
            self.form.widgets[first].setFocus()
            return
        if self.ctx.db is None:
            return
        fields = {
            k: values[k]
            for k in (
                "given_name",
                "family_name",
                "given_name_latin",
                "family_name_latin",
                "date_of_birth",
                "phone",
            )
        }
        self.create_button.setEnabled(False)
        DbOp(self, lambda cl: storeops.create_client(cl, fields)).success(self._created).failure(
            self._failed
        ).run(self.ctx.db)

    def _created(self, client_id: int) -> None:
        self.open_client.emit(client_id)
        self.accept_quietly()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, KnownError):
            msg, hint = known_error_text(self._, exc)
            field = getattr(exc, "field", None)
            if field in self.form.errors:
                self.form.set_error(field, self._(exc.message))
            else:
                self.matches_label.setText(f"{msg} {hint}".strip())
            return
        raise exc
