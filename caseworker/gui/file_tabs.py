"""The client file's tabs other than the profile. Each tab shows a :class:`FileData` and emits what the
worker should save; the :class:`~caseworker.gui.clientfile.ClientFileView` runs the saves through DbOp.

Every tab has ``load(data)`` and ``clear()`` (locking empties them all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui import labels as L
from caseworker.gui.errors import error_label
from caseworker.gui.forms import date_text, parse_date
from caseworker.gui.i18n import UiI18n
from caseworker.gui.snapshots import FileData

N_ = L.N_


def _table(headers: list[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table; ``stretch`` is the column that takes the spare width (default: the last)."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    t.verticalHeader().hide()
    t.setAccessibleName(name)
    t.setWordWrap(True)
    return t


def _fill(table: QTableWidget, rows: list[list[str]], ids: list[int] | None = None) -> None:
    table.setRowCount(0)
    for r, values in enumerate(rows):
        table.insertRow(r)
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            if c == 0 and ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)


def _selected_id(table: QTableWidget) -> int | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def _combo(gettext: Callable[[str], str], table: dict[str, str], name: str, blank: bool = False) -> QComboBox:
    box = QComboBox()
    if blank:
        box.addItem("—", "")
    for code, text in table.items():
        box.addItem(gettext(text), code)
    box.setAccessibleName(name)
    return box


def _line(name: str, placeholder: str = "") -> QLineEdit:
    e = QLineEdit()
    e.setAccessibleName(name)
    if placeholder:
        e.setPlaceholderText(placeholder)
    return e


def _button(text: str, name: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name or text.replace("&", ""))
    return b


def _labelled(form: QFormLayout, text: str, widget: QWidget) -> None:
    lab = QLabel(text)
    lab.setBuddy(widget)
    form.addRow(lab, widget)


class _Tab(QWidget):
    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self._ = i18n.gettext
        self.labels = L.Labels(i18n.gettext)
        self.error = error_label()

    def show_error(self, field: str, message: str) -> None:
        self.error.setText(self._("{field}: {message}").format(field=field, message=message))
        self.error.show()

    def date_or_error(self, edit: QLineEdit, field: str) -> tuple[bool, dt.date | None]:
        try:
            return True, parse_date(edit.text())
        except ValueError:
            self.show_error(field, self._("use the form YYYY-MM-DD, for example 1990-04-17."))
            edit.setFocus()
            return False, None


class OverviewTab(_Tab):
    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setAccessibleName(self._("Overview of the file"))
        self.text.setOpenLinks(False)
        layout.addWidget(self.text)

    def load(self, data: FileData, today: dt.date) -> None:
        _ = self._
        lines: list[str] = []
        open_actions = [a for g in data.plan.goals for a in g.actions if a.status in ("open", "in_progress")]
        overdue = [a for a in open_actions if a.due_date is not None and a.due_date < today]
        lines.append(_("Open plan actions: {n}").format(n=len(open_actions)))
        if overdue:
            lines.append(_("Overdue actions: {n}").format(n=len(overdue)))
        follow = [
            r for r in data.plan.referrals if r.follow_up_on is not None and r.status in ("planned", "sent")
        ]
        lines.append(_("Referrals waiting for follow-up: {n}").format(n=len(follow)))
        lines.append(_("Services recorded: {n}").format(n=len(data.services)))
        if data.services:
            lines.append(_("Last service: {date}").format(date=self.i18n.date(data.services[0].delivered_on)))
        lines.append(_("Notes: {n}").format(n=len(data.notes)))
        if data.notes:
            lines.append("")
            lines.append(
                _("Latest note ({date}):").format(date=self.i18n.date(data.notes[0].created_at.date()))
            )
            lines.append(data.notes[0].body[:600])
        self.text.setPlainText("\n".join(lines))

    def clear(self) -> None:
        self.text.clear()


class HouseholdTab(_Tab):
    """Signals: ``link_member(int client_id, str relation)``, ``open_client(int)``,
    ``find_member(str text)``."""

    link_member = Signal(int, str)
    open_client = Signal(int)
    find_member = Signal(str)

    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        self.table = _table([_("Name"), _("Name (own script)"), _("Relationship")], _("Household members"))
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table)
        box = QGroupBox(_("Add a household member who is already a client"))
        bl = QHBoxLayout(box)
        self.search = _line(_("Find the member"), _("Type a name, phone or UCI…"))
        self.search.textChanged.connect(self.find_member)
        self.results = QComboBox()
        self.results.setAccessibleName(_("Matching clients"))
        self.results.setMinimumContentsLength(20)
        self.relation = _combo(_, L.RELATIONSHIP, _("Relationship"))
        add = _button(_("Link"), _("Link this client to the household"))
        add.clicked.connect(self._link)
        bl.addWidget(self.search, 1)
        bl.addWidget(self.results, 1)
        bl.addWidget(self.relation)
        bl.addWidget(add)
        layout.addWidget(box)
        layout.addWidget(self.error)

    def show_candidates(self, rows: list[Any]) -> None:
        from caseworker.gui.storeops import display_name

        self.results.clear()
        for row in rows[:20]:
            self.results.addItem(display_name(row), row.id)

    def _link(self) -> None:
        cid = self.results.currentData()
        if cid is None:
            self.show_error(
                self._("Find the member"), self._("search for the client first, then choose them.")
            )
            return
        self.error.hide()
        self.link_member.emit(int(cid), self.relation.currentData())

    def _open(self) -> None:
        cid = _selected_id(self.table)
        if cid is not None:
            self.open_client.emit(cid)

    def load(self, data: FileData) -> None:
        members = [m for m in data.household if m.client_id != data.id]
        _fill(
            self.table,
            [[m.name, m.native_name, self.labels.relationship(m.relation)] for m in members],
            [m.client_id for m in members],
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.search.clear()
        self.results.clear()


class ConsentTab(_Tab):
    """Signals: ``give(dict)``, ``revoke(int consent_id)``."""

    give = Signal(dict)
    revoke = Signal(int)

    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        self.table = _table(
            [_("Consent"), _("Given"), _("How"), _("Expires"), _("State")], _("Consent records")
        )
        layout.addWidget(self.table)
        box = QGroupBox(_("Record consent"))
        form = QFormLayout(box)
        self.scope = _combo(_, L.CONSENT_SCOPE, _("Consent"))
        self.method = _combo(_, L.CONSENT_METHOD, _("How it was given"))
        self.recipient = _line(_("Shared with (for sharing)"))
        self.expires = _line(_("Expires on"), _("YYYY-MM-DD"))
        _labelled(form, _("Consent:"), self.scope)
        _labelled(form, _("How it was given:"), self.method)
        _labelled(form, _("Shared with:"), self.recipient)
        _labelled(form, _("Expires on:"), self.expires)
        buttons = QHBoxLayout()
        give = _button(_("Record consent"))
        give.clicked.connect(self._give)
        rev = _button(_("Revoke selected"), _("Revoke the selected consent"))
        rev.clicked.connect(self._revoke)
        buttons.addWidget(give)
        buttons.addWidget(rev)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(box)
        layout.addWidget(self.error)
        self._today = dt.date.today()

    def _give(self) -> None:
        self.error.hide()
        ok, expires = self.date_or_error(self.expires, self._("Expires on"))
        if not ok:
            return
        if self.scope.currentData() == "sharing" and not self.recipient.text().strip():
            self.show_error(self._("Shared with"), self._("name who the information is shared with."))
            self.recipient.setFocus()
            return
        self.give.emit(
            {
                "scope": self.scope.currentData(),
                "method": self.method.currentData(),
                "recipient": self.recipient.text().strip(),
                "expires_on": expires,
            }
        )
        self.recipient.clear()
        self.expires.clear()

    def _revoke(self) -> None:
        cid = _selected_id(self.table)
        if cid is None:
            self.show_error(self._("Consent"), self._("select the consent to revoke first."))
            return
        self.error.hide()
        self.revoke.emit(cid)

    def load(self, data: FileData, today: dt.date) -> None:
        _ = self._
        states = {"given": _("Given"), "expired": _("Expired"), "revoked": _("Revoked")}
        rows = []
        for c in data.consents:
            scope = self.labels.consent_scope(c.scope) + (f" — {c.recipient}" if c.recipient else "")
            rows.append(
                [
                    scope,
                    self.i18n.date(c.given_at.date()),
                    self.labels.consent_method(c.method),
                    self.i18n.date(c.expires_on),
                    states[c.state(today)],
                ]
            )
        _fill(self.table, rows, [c.id for c in data.consents])

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.recipient.clear()
        self.expires.clear()


class NeedsTab(_Tab):
    """Signals: ``add_item(dict)``."""

    add_item = Signal(dict)

    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        self.table = _table(
            [_("Area"), _("Need or asset"), _("Priority"), _("Description"), _("Assessed")],
            _("Needs and assets"),
        )
        layout.addWidget(self.table)
        box = QGroupBox(_("Add a need or an asset"))
        form = QFormLayout(box)
        self.domain = _combo(_, L.NEED_DOMAIN, _("Area"))
        self.kind = _combo(_, {"need": N_("Need"), "asset": N_("Asset")}, _("Need or asset"))
        self.priority = _combo(_, L.PRIORITY, _("Priority"), blank=True)
        self.description = _line(_("Description"))
        _labelled(form, _("Area:"), self.domain)
        _labelled(form, _("Need or asset:"), self.kind)
        _labelled(form, _("Priority:"), self.priority)
        _labelled(form, _("Description:"), self.description)
        add = _button(_("Add"), _("Add the need or asset"))
        add.clicked.connect(self._add)
        form.addRow(add)
        layout.addWidget(box)
        layout.addWidget(self.error)

    def _add(self) -> None:
        self.error.hide()
        self.add_item.emit(
            {
                "domain": self.domain.currentData(),
                "kind": self.kind.currentData(),
                "priority": self.priority.currentData() or None,
                "description": self.description.text().strip(),
            }
        )
        self.description.clear()

    def load(self, data: FileData) -> None:
        _ = self._
        kinds = {"need": _("Need"), "asset": _("Asset")}
        _fill(
            self.table,
            [
                [
                    self.labels.need(n.domain),
                    kinds.get(n.kind, n.kind),
                    self.labels.priority(n.priority) if n.priority else "",
                    n.description,
                    self.i18n.date(n.assessed_on),
                ]
                for n in data.needs
            ],
            [n.id for n in data.needs],
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.description.clear()


class PlanTab(_Tab):
    """Goals with actions, and referrals. Signals: ``add_goal(dict)``, ``add_action(int goal_id, dict)``,
    ``set_action_status(int action_id, str)``, ``add_referral(dict)``, ``preview()``."""

    add_goal = Signal(dict)
    add_action = Signal(int, dict)
    set_action_status = Signal(int, str)
    add_referral = Signal(dict)

    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("Goal / action"), _("Translation"), _("Who"), _("Due"), _("Status")])
        self.tree.setAccessibleName(_("Plan goals and actions"))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 2)

        edit = QHBoxLayout()
        gbox = QGroupBox(_("New goal"))
        gf = QFormLayout(gbox)
        self.goal_domain = _combo(_, L.NEED_DOMAIN, _("Area"), blank=True)
        self.goal_text = _line(_("Goal"))
        self.goal_translation = _line(_("Goal in the client's language"))
        self.goal_translation.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        _labelled(gf, _("Area:"), self.goal_domain)
        _labelled(gf, _("Goal:"), self.goal_text)
        _labelled(gf, _("Translation:"), self.goal_translation)
        add_goal = _button(_("Add goal"))
        add_goal.clicked.connect(self._add_goal)
        gf.addRow(add_goal)
        edit.addWidget(gbox)

        abox = QGroupBox(_("New action for the selected goal"))
        af = QFormLayout(abox)
        self.action_text = _line(_("Action"))
        self.action_translation = _line(_("Action in the client's language"))
        self.action_owner = _combo(_, L.ACTION_OWNER, _("Who does it"))
        self.action_due = _line(_("Due date"), _("YYYY-MM-DD"))
        _labelled(af, _("Action:"), self.action_text)
        _labelled(af, _("Translation:"), self.action_translation)
        _labelled(af, _("Who:"), self.action_owner)
        _labelled(af, _("Due:"), self.action_due)
        row = QHBoxLayout()
        add_action = _button(_("Add action"))
        add_action.clicked.connect(self._add_action)
        self.status_box = _combo(_, L.ACTION_STATUS, _("New status for the selected action"))
        set_status = _button(_("Set status"), _("Set the status of the selected action"))
        set_status.clicked.connect(self._set_status)
        row.addWidget(add_action)
        row.addStretch(1)
        row.addWidget(self.status_box)
        row.addWidget(set_status)
        af.addRow(row)
        edit.addWidget(abox)
        layout.addLayout(edit)

        rbox = QGroupBox(_("Referrals"))
        rl = QVBoxLayout(rbox)
        self.referrals = _table(
            [_("To"), _("Reason"), _("Follow up on"), _("Status")], _("Referrals"), stretch=1
        )
        self.referrals.setMaximumHeight(120)
        rl.addWidget(self.referrals)
        rrow = QHBoxLayout()
        self.ref_to = _line(_("Refer to"), _("Organisation or service"))
        self.ref_reason = _line(_("Reason"), _("Reason"))
        self.ref_follow = _line(_("Follow up on"), _("YYYY-MM-DD"))
        add_ref = _button(_("Add referral"))
        add_ref.clicked.connect(self._add_referral)
        for w in (self.ref_to, self.ref_reason, self.ref_follow):
            rrow.addWidget(w, 1)
        rrow.addWidget(add_ref)
        rl.addLayout(rrow)
        layout.addWidget(rbox, 1)
        self.print_row = QHBoxLayout()
        layout.addLayout(self.print_row)
        layout.addWidget(self.error)

    def _add_goal(self) -> None:
        self.error.hide()
        text = self.goal_text.text().strip()
        if not text:
            self.show_error(self._("Goal"), self._("describe the goal."))
            self.goal_text.setFocus()
            return
        self.add_goal.emit(
            {
                "domain": self.goal_domain.currentData() or None,
                "text": text,
                "text_translation": self.goal_translation.text().strip(),
            }
        )
        self.goal_text.clear()
        self.goal_translation.clear()

    def _selected(self, kind: str) -> int | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        parent = item.parent()
        if kind == "goal" and parent is not None:
            item = parent
        if item.data(0, Qt.ItemDataRole.UserRole + 1) != kind:
            return None
        return int(item.data(0, Qt.ItemDataRole.UserRole))

    def _add_action(self) -> None:
        self.error.hide()
        goal = self._selected("goal")
        if goal is None:
            self.show_error(self._("Goal"), self._("select the goal this action belongs to."))
            self.tree.setFocus()
            return
        text = self.action_text.text().strip()
        if not text:
            self.show_error(self._("Action"), self._("describe the action."))
            self.action_text.setFocus()
            return
        ok, due = self.date_or_error(self.action_due, self._("Due date"))
        if not ok:
            return
        self.add_action.emit(
            goal,
            {
                "text": text,
                "text_translation": self.action_translation.text().strip(),
                "owner": self.action_owner.currentData(),
                "due_date": due,
            },
        )
        self.action_text.clear()
        self.action_translation.clear()
        self.action_due.clear()

    def _set_status(self) -> None:
        action = self._selected("action")
        if action is None:
            self.show_error(self._("Action"), self._("select an action first."))
            return
        self.error.hide()
        self.set_action_status.emit(action, self.status_box.currentData())

    def _add_referral(self) -> None:
        self.error.hide()
        to = self.ref_to.text().strip()
        if not to:
            self.show_error(self._("Refer to"), self._("name the organisation or service."))
            self.ref_to.setFocus()
            return
        ok, follow = self.date_or_error(self.ref_follow, self._("Follow up on"))
        if not ok:
            return
        self.add_referral.emit(
            {"to_whom": to, "reason": self.ref_reason.text().strip(), "follow_up_on": follow}
        )
        self.ref_to.clear()
        self.ref_reason.clear()
        self.ref_follow.clear()

    def load(self, data: FileData, today: dt.date) -> None:
        self.tree.clear()
        for goal in data.plan.goals:
            title = (
                self._("{area}: {text}").format(area=self.labels.need(goal.domain), text=goal.text)
                if goal.domain
                else goal.text
            )
            gi = QTreeWidgetItem(
                [
                    title,
                    goal.text_translation,
                    "",
                    self.i18n.date(goal.target_date),
                    self.labels.goal_status(goal.status),
                ]
            )
            gi.setData(0, Qt.ItemDataRole.UserRole, goal.id)
            gi.setData(0, Qt.ItemDataRole.UserRole + 1, "goal")
            for a in goal.actions:
                who = a.owner_name or self.labels.action_owner(a.owner)
                ai = QTreeWidgetItem(
                    [
                        a.text,
                        a.text_translation,
                        who,
                        self.i18n.date(a.due_date),
                        self.labels.action_status(a.status),
                    ]
                )
                ai.setData(0, Qt.ItemDataRole.UserRole, a.id)
                ai.setData(0, Qt.ItemDataRole.UserRole + 1, "action")
                if a.due_date is not None and a.due_date < today and a.status in ("open", "in_progress"):
                    from PySide6.QtGui import QColor

                    ai.setForeground(3, QColor("#c0392b"))
                gi.addChild(ai)
            self.tree.addTopLevelItem(gi)
            gi.setExpanded(True)
        _fill(
            self.referrals,
            [
                [r.to_whom, r.reason, self.i18n.date(r.follow_up_on), self.labels.referral_status(r.status)]
                for r in data.plan.referrals
            ],
            [r.id for r in data.plan.referrals],
        )

    def clear(self) -> None:
        self.tree.clear()
        self.referrals.setRowCount(0)
        for w in (
            self.goal_text,
            self.goal_translation,
            self.action_text,
            self.action_translation,
            self.action_due,
            self.ref_to,
            self.ref_reason,
            self.ref_follow,
        ):
            w.clear()


class NotesTab(_Tab):
    """Signals: ``add_note(str body, bool private)``."""

    add_note = Signal(str, bool)

    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        self.list = QTextBrowser()
        self.list.setAccessibleName(_("Case notes, newest first"))
        self.list.setOpenLinks(False)
        layout.addWidget(self.list, 2)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(_("New note"))
        self.editor.setPlaceholderText(_("Write a note… (Ctrl+Enter adds it)"))
        self.editor.setMaximumHeight(140)
        layout.addWidget(self.editor)
        row = QHBoxLayout()
        self.private = QCheckBox(_("Private (only you and supervisors can read it)"))
        self.private.setAccessibleName(_("Private note"))
        add = _button(_("Add note"))
        add.clicked.connect(self.submit)
        row.addWidget(self.private, 1)
        row.addWidget(add)
        layout.addLayout(row)
        layout.addWidget(self.error)
        from PySide6.QtGui import QKeySequence, QShortcut

        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        shortcut.activated.connect(self.submit)

    def submit(self) -> None:
        body = self.editor.toPlainText().strip()
        if not body:
            self.show_error(self._("New note"), self._("write something first."))
            self.editor.setFocus()
            return
        self.error.hide()
        self.add_note.emit(body, self.private.isChecked())
        self.editor.clear()
        self.private.setChecked(False)

    def draft(self) -> str:
        return self.editor.toPlainText().strip()

    def load(self, data: FileData) -> None:
        from html import escape

        _ = self._
        parts = []
        for n in data.notes:
            flag = f" · <b>{escape(_('Private'))}</b>" if n.private else ""
            head = f"{escape(self.i18n.datetime(n.created_at, 'short'))} · {escape(n.author)}{flag}"
            body = escape(n.body).replace("\n", "<br>")
            parts.append(f"<p><span style='color:gray'>{head}</span><br><span dir='auto'>{body}</span></p>")
        if not parts:
            parts.append(f"<p><i>{escape(_('No notes yet.'))}</i></p>")
        self.list.setHtml("".join(parts))

    def clear(self) -> None:
        self.list.clear()
        self.editor.clear()
        self.private.setChecked(False)


class ServicesTab(_Tab):
    """Signals: ``add_service(dict)``."""

    add_service = Signal(dict)

    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        self.table = _table(
            [_("Date"), _("Service"), _("How"), _("Minutes"), _("Note")], _("Services delivered")
        )
        layout.addWidget(self.table, 2)
        box = QGroupBox(_("Record a service"))
        form = QFormLayout(box)
        self.date = _line(_("Date"), _("YYYY-MM-DD"))
        self.kind = _combo(_, L.SERVICE_TYPE, _("Service"))
        self.channel = _combo(_, L.SERVICE_CHANNEL, _("How"))
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(30)
        self.minutes.setAccessibleName(_("Minutes"))
        self.note = _line(_("Note"))
        _labelled(form, _("Date:"), self.date)
        _labelled(form, _("Service:"), self.kind)
        _labelled(form, _("How:"), self.channel)
        _labelled(form, _("Minutes:"), self.minutes)
        _labelled(form, _("Note:"), self.note)
        add = _button(_("Record service"))
        add.clicked.connect(self._add)
        form.addRow(add)
        layout.addWidget(box)
        layout.addWidget(self.error)
        self.today: dt.date = dt.date.today()

    def _add(self) -> None:
        self.error.hide()
        ok, when = self.date_or_error(self.date, self._("Date"))
        if not ok:
            return
        when = when or self.today
        if when > self.today:
            self.show_error(self._("Date"), self._("a service cannot be recorded in the future."))
            return
        self.add_service.emit(
            {
                "delivered_on": when,
                "service_type": self.kind.currentData(),
                "channel": self.channel.currentData(),
                "minutes": self.minutes.value(),
                "note": self.note.text().strip(),
            }
        )
        self.note.clear()

    def load(self, data: FileData, today: dt.date) -> None:
        self.today = today
        self.date.setText(date_text(today))
        _fill(
            self.table,
            [
                [
                    self.i18n.date(s.delivered_on),
                    self.labels.service(s.service_type),
                    self.labels.channel(s.channel),
                    self.i18n.number(s.minutes),
                    s.note,
                ]
                for s in data.services
            ],
            [s.id for s in data.services],
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.note.clear()
        self.date.clear()


class HistoryTab(_Tab):
    def __init__(self, i18n: UiI18n, parent: QWidget | None = None) -> None:
        super().__init__(i18n, parent)
        _ = self._
        layout = QVBoxLayout(self)
        note = QLabel(
            _(
                "Every change to this file, from the tamper-evident audit trail. "
                "Values are not shown, only what changed."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = _table(
            [_("When"), _("Who"), _("What"), _("Change"), _("Fields")], _("History of this file")
        )
        layout.addWidget(self.table)

    def load(self, data: FileData) -> None:
        _fill(
            self.table,
            [
                [
                    self.i18n.datetime(h.at, "short"),
                    h.actor,
                    self.labels.entity(h.entity),
                    self.labels.audit_action(h.action),
                    self.labels.fields(h.fields),
                ]
                for h in data.history
            ],
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
