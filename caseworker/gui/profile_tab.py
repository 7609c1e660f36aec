"""Profile and identifiers of a client: inline validation naming the field, save through the worker, undo.

Signals: ``save_requested(dict changes)``, ``copy_identifier(str)``, ``add_identifier(str kind, str value)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.core import identifiers as ids
from caseworker.core.text import clean_name, clean_text
from caseworker.gui import labels as L
from caseworker.gui.forms import FieldForm, date_text, parse_date, set_combo
from caseworker.i18n import languages as langs

N_ = L.N_

TEXT_FIELDS = (
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "preferred_name",
    "email",
    "address",
    "city",
    "province",
)
DATE_FIELDS = ("date_of_birth", "arrival_date", "next_follow_up")
CHOICE_FIELDS = ("gender", "immigration_category", "file_status")

IDENTIFIER_KINDS = {
    "uci": N_("UCI (IRCC client number)"),
    "imm5292": N_("Confirmation of Permanent Residence"),
    "temporary_resident": N_("Temporary resident document"),
    "other": N_("Other document"),
}


def validate_profile(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(clean values, {field: message msgid}). Messages are untranslated msgids; the form names the field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in TEXT_FIELDS:
        text = str(raw.get(key, "") or "")
        values[key] = clean_name(text) if "name" in key else clean_text(text, multiline=False)
    if not (values["given_name"] or values["given_name_latin"]):
        errors["given_name"] = N_("enter the given names, in their script or in Latin letters.")
    for key in DATE_FIELDS:
        try:
            values[key] = parse_date(str(raw.get(key, "") or ""))
        except ValueError:
            errors[key] = N_("use the form YYYY-MM-DD, for example 1990-04-17.")
    dob = values.get("date_of_birth")
    if dob is not None and not errors.get("date_of_birth"):
        import datetime as dt

        if dob > dt.date.today():
            errors["date_of_birth"] = N_("this date is in the future.")
        elif dob.year < 1900:
            errors["date_of_birth"] = N_("check the year.")
    phone = str(raw.get("phone", "") or "").strip()
    if phone:
        try:
            values["phone"] = ids.normalise_phone(phone)
        except ValueError:
            errors["phone"] = N_("this does not look like a phone number; include the area code.")
    else:
        values["phone"] = None
    postal = str(raw.get("postal_code", "") or "").strip()
    if postal:
        try:
            values["postal_code"] = ids.normalise_postal_code(postal)
        except ValueError:
            errors["postal_code"] = N_("a Canadian postal code looks like A1A 1A1.")
    else:
        values["postal_code"] = None
    email = values.get("email") or ""
    if email and ("@" not in email or " " in email):
        errors["email"] = N_("this does not look like an email address.")
    values["email"] = email or None
    values["province"] = (values.get("province") or "").upper() or None
    for key in CHOICE_FIELDS:
        values[key] = raw.get(key) or None
    values["interpreter_needed"] = bool(raw.get("interpreter_needed"))
    values["languages"] = list(raw.get("languages") or [])
    return values, errors


def validate_identifier(kind: str, value: str) -> tuple[str, str | None]:
    value = value.strip()
    if not value:
        return value, N_("enter the number.")
    if kind == "uci":
        try:
            return ids.normalise_uci(value), None
        except ValueError:
            return value, N_("a UCI is 8 or 10 digits, written 0000-0000 or 00-0000-0000.")
    return value.upper(), None


class ProfileTab(QWidget):
    save_requested = Signal(dict)
    copy_identifier = Signal(str)
    add_identifier = Signal(str, str)
    undo_requested = Signal()

    def __init__(self, gettext: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = gettext
        self._ = _
        self._loaded: dict[str, Any] = {}
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        cols = QHBoxLayout(body)

        left = QWidget()
        self.form = FieldForm(_, left)
        f = self.form
        self.given_name = f.line("given_name", _("Given names (as they write them)"), required=True)
        self.family_name = f.line("family_name", _("Family name (as they write it)"))
        self.given_name_latin = f.line("given_name_latin", _("Given names (Latin letters)"))
        self.family_name_latin = f.line("family_name_latin", _("Family name (Latin letters)"))
        self.preferred_name = f.line("preferred_name", _("Preferred name"))
        for w in (self.given_name, self.family_name):
            w.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        self.date_of_birth = f.line("date_of_birth", _("Date of birth"), placeholder=_("YYYY-MM-DD"))
        self.gender = f.combo("gender", _("Gender"), list(L.GENDER.items()), blank=True)
        self.immigration_category = f.combo(
            "immigration_category", _("Immigration category"), list(L.CATEGORY.items())
        )
        self.file_status = f.combo("file_status", _("File status"), list(L.FILE_STATUS.items())[:4])
        self.arrival_date = f.line("arrival_date", _("Arrival in Canada"), placeholder=_("YYYY-MM-DD"))
        self.next_follow_up = f.line("next_follow_up", _("Next follow-up"), placeholder=_("YYYY-MM-DD"))
        cols.addWidget(left, 1)

        right = QWidget()
        self.form2 = FieldForm(_, right)
        g = self.form2
        self.languages = QListWidget()
        self.languages.setMaximumHeight(130)
        for lang in langs.LANGUAGES:
            item = QListWidgetItem(f"{lang.native_name}")
            item.setData(Qt.ItemDataRole.UserRole, lang.iso639)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(lang.english_name)
            self.languages.addItem(item)
        g.add("languages", _("Languages spoken"), self.languages)
        self.interpreter_needed = QCheckBox(_("Needs an interpreter"))
        g.add("interpreter_needed", _("Interpreter"), self.interpreter_needed)
        self.phone = g.line("phone", _("Phone"), placeholder="+1 416 555 0123")
        self.email = g.line("email", _("Email"))
        self.address = g.line("address", _("Street address"))
        self.city = g.line("city", _("City"))
        self.province = g.line("province", _("Province"), placeholder="ON")
        self.province.setMaxLength(2)
        self.postal_code = g.line("postal_code", _("Postal code"), placeholder="A1A 1A1")
        cols.addWidget(right, 1)

        # Identifiers
        box = QGroupBox(_("Identifiers"))
        bl = QVBoxLayout(box)
        self.id_table = QTableWidget(0, 2)
        self.id_table.setHorizontalHeaderLabels([_("Document"), _("Number")])
        self.id_table.horizontalHeader().setStretchLastSection(True)
        self.id_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.id_table.setAccessibleName(_("Identifiers"))
        self.id_table.setMaximumHeight(120)
        self.id_table.verticalHeader().hide()
        self.id_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        bl.addWidget(self.id_table)
        row = QHBoxLayout()
        self.id_kind = QComboBox()
        for code, text in IDENTIFIER_KINDS.items():
            self.id_kind.addItem(_(text), code)
        self.id_kind.setAccessibleName(_("Kind of document"))
        self.id_value = QLineEdit()
        self.id_value.setAccessibleName(_("Document number"))
        self.id_value.setPlaceholderText(_("Number"))
        add = QPushButton(_("Add identifier"))
        add.setAccessibleName(_("Add identifier"))
        add.clicked.connect(self._add_identifier)
        self.copy_button = QPushButton(_("Copy number"))
        self.copy_button.setAccessibleName(
            _("Copy the selected number (cleared from the clipboard after 30 seconds)")
        )
        self.copy_button.setToolTip(self.copy_button.accessibleName())
        self.copy_button.clicked.connect(self._copy_identifier)
        row.addWidget(self.id_kind)
        row.addWidget(self.id_value, 1)
        row.addWidget(add)
        row.addWidget(self.copy_button)
        bl.addLayout(row)
        from caseworker.gui.errors import error_label

        self.id_error = error_label()
        bl.addWidget(self.id_error)
        outer.addWidget(box)

        buttons = QHBoxLayout()
        self.status = QLabel_()
        buttons.addWidget(self.status, 1)
        self.undo_button = QPushButton(_("Undo last save"))
        self.undo_button.setAccessibleName(_("Undo last save"))
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_requested)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setAccessibleName(_("Save the profile"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

    # --- values -------------------------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for key in (*TEXT_FIELDS, *DATE_FIELDS, "phone", "postal_code"):
            raw[key] = getattr(self, key).text()
        for key in CHOICE_FIELDS:
            raw[key] = getattr(self, key).currentData()
        raw["interpreter_needed"] = self.interpreter_needed.isChecked()
        raw["languages"] = [
            self.languages.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.languages.count())
            if self.languages.item(i).checkState() == Qt.CheckState.Checked
        ]
        return raw

    def load(self, profile: dict[str, Any], languages: tuple[str, ...], identifiers: tuple[Any, ...]) -> None:
        self._loaded = dict(profile, languages=list(languages))
        for key in TEXT_FIELDS:
            getattr(self, key).setText(str(profile.get(key) or ""))
        for key in DATE_FIELDS:
            getattr(self, key).setText(date_text(profile.get(key)))
        self.phone.setText(profile.get("phone") or "")
        self.postal_code.setText(profile.get("postal_code") or "")
        for key in CHOICE_FIELDS:
            set_combo(getattr(self, key), profile.get(key))
        self.interpreter_needed.setChecked(bool(profile.get("interpreter_needed")))
        for i in range(self.languages.count()):
            item = self.languages.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in languages else Qt.CheckState.Unchecked)
        self.id_table.setRowCount(0)
        for ident in identifiers:
            r = self.id_table.rowCount()
            self.id_table.insertRow(r)
            kind = (
                self._(IDENTIFIER_KINDS.get(ident.kind, ident.kind))
                if ident.kind in IDENTIFIER_KINDS
                else ident.kind
            )
            self.id_table.setItem(r, 0, QTableWidgetItem(kind))
            self.id_table.setItem(r, 1, QTableWidgetItem(ident.value))
        self.form.clear_errors()
        self.form2.clear_errors()

    def changes(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(changed clean values, errors) compared with what was loaded."""
        values, errors = validate_profile(self.raw_values())
        changed = {
            k: v
            for k, v in values.items()
            if k not in errors and self._normal(self._loaded.get(k)) != self._normal(v)
        }
        return changed, errors

    @staticmethod
    def _normal(v: Any) -> Any:
        if v is None or v == "":
            return None
        if hasattr(v, "value"):
            return v.value
        if isinstance(v, list | tuple):
            return tuple(v)
        return v

    def is_dirty(self) -> bool:
        changed, _errors = self.changes()
        return bool(changed)

    def save(self) -> bool:
        changed, errors = self.changes()
        self.form.clear_errors()
        self.form2.clear_errors()
        for key, msg in errors.items():
            form = self.form if key in self.form.errors else self.form2
            form.set_error(key, self._(msg))
        if errors:
            first = next(iter(errors))
            widget = self.form.widgets.get(first) or self.form2.widgets.get(first)
            if widget is not None:
                widget.setFocus()
            self.status.setText(self._("Not saved: check the fields marked below."))
            return False
        if changed:
            self.status.setText(self._("Saving…"))
            self.save_requested.emit(changed)
        else:
            self.status.setText(self._("No changes to save."))
        return True

    def saved(self) -> None:
        self.status.setText(self._("Saved."))

    def _selected_identifier(self) -> str | None:
        row = self.id_table.currentRow()
        if row < 0 and self.id_table.rowCount() == 1:
            row = 0
        item = self.id_table.item(row, 1) if row >= 0 else None
        return item.text() if item is not None else None

    def _copy_identifier(self) -> None:
        value = self._selected_identifier()
        if value:
            self.copy_identifier.emit(value)
            self.status.setText(self._("Copied. The clipboard is cleared in 30 seconds."))

    def _add_identifier(self) -> None:
        kind = self.id_kind.currentData()
        value, error = validate_identifier(kind, self.id_value.text())
        if error:
            self.id_error.setText(
                self._("{field}: {message}").format(field=self._("Document number"), message=self._(error))
            )
            self.id_error.show()
            self.id_value.setFocus()
            return
        self.id_error.hide()
        self.id_value.clear()
        self.add_identifier.emit(kind, value)

    def clear(self) -> None:
        self._loaded = {}
        for key in (*TEXT_FIELDS, *DATE_FIELDS, "phone", "postal_code"):
            getattr(self, key).clear()
        self.id_table.setRowCount(0)
        self.id_value.clear()
        self.status.clear()
        for i in range(self.languages.count()):
            self.languages.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.form.clear_errors()
        self.form2.clear_errors()


def QLabel_() -> Any:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
