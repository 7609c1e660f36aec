"""The client file: a header card over tabs (Overview · Profile · Household · Consent · Needs & assets ·
Plan · Notes · Services · History). Reads and saves go through the caseload worker (DbOp).

Nothing is lost on close or lock: :meth:`flush` saves a valid, changed profile and any note draft
(as a private note) before the caseload closes; the executor runs them before it closes the database.

Signals: ``back()``, ``open_client(int)``, ``saved()``, ``title_changed(str)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError, ValidationError
from caseworker.gui import storeops
from caseworker.gui.clipboard import SecretClipboard
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.errors import error_label, known_error_text
from caseworker.gui.file_tabs import (
    ConsentTab,
    HistoryTab,
    HouseholdTab,
    NeedsTab,
    NotesTab,
    OverviewTab,
    PlanTab,
    ServicesTab,
)
from caseworker.gui.labels import Labels
from caseworker.gui.profile_tab import ProfileTab
from caseworker.gui.snapshots import FileData


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class HeaderCard(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self.labels = Labels(_)
        self.setObjectName("headerCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        self.name = _plain(QLabel())
        self.name.setObjectName("headerName")
        f = self.name.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.name.setFont(f)
        self.native = _plain(QLabel())
        self.native.setObjectName("headerNative")
        self.native.setFont(f)
        self.native.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        self.facts = _plain(QLabel())
        self.facts.setWordWrap(True)
        self.flags = _plain(QLabel())
        self.flags.setObjectName("headerFlags")
        self.flags.setWordWrap(True)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.native, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.facts, 1, 0, 1, 2)
        grid.addWidget(self.flags, 2, 0, 1, 2)
        self.setAccessibleName(_("Client summary"))

    def load(self, data: FileData) -> None:
        _ = self.ctx._
        p = data.profile
        i18n = self.ctx.i18n
        today = self.ctx.clock.today()
        self.name.setText(storeops.latin_name_from(p))
        self.native.setText(storeops.native_name_from(p))
        facts = []
        dob = p.get("date_of_birth")
        if dob:
            age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
            facts.append(self.ctx.i18n.ngettext("{n} year old", "{n} years old", age).format(n=age))
        if data.languages:
            facts.append(", ".join(i18n.language_name(c) for c in data.languages))
        facts.append(self.labels.category(p.get("immigration_category")))
        facts.append(self.labels.status(p.get("file_status")))
        self.facts.setText(" · ".join(x for x in facts if x))
        flags = []
        if p.get("interpreter_needed"):
            flags.append(_("Interpreter needed"))
        consent_states = [c.state(today) for c in data.consents if c.scope == "privacy_statement"]
        if "given" in consent_states:
            flags.append(_("Consent given"))
        elif consent_states:
            flags.append(_("Consent expired or revoked"))
        else:
            flags.append(_("No consent recorded"))
        follow = p.get("next_follow_up")
        if follow:
            text = _("Next follow-up: {date}").format(date=i18n.date(follow))
            if follow < today:
                text += " — " + _("overdue")
            flags.append(text)
        self.flags.setText(" · ".join(flags))

    def clear(self) -> None:
        for w in (self.name, self.native, self.facts, self.flags):
            w.clear()


class ClientFileView(QWidget):
    back = Signal()
    open_client = Signal(int)
    saved = Signal()

    def __init__(self, ctx: AppContext, clipboard: SecretClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clipboard = clipboard
        _ = ctx._
        self._ = _
        self.client_id: int | None = None
        self.data: FileData | None = None
        self._undo: list[dict[str, Any]] = []
        self.setObjectName("clientFile")
        self.setAccessibleName(_("Client file"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(_("← Back to the list"))
        self.back_button.setAccessibleName(_("Back to the list"))
        self.back_button.setToolTip(_("Back to the list (Alt+Left)"))
        self.back_button.clicked.connect(self._back)
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.message = error_label()
        top.addWidget(self.message, 3)
        layout.addLayout(top)
        self.header = HeaderCard(ctx)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Sections of the client file"))
        i18n = ctx.i18n
        self.overview = OverviewTab(i18n)
        self.profile = ProfileTab(_)
        self.household = HouseholdTab(i18n)
        self.consent = ConsentTab(i18n)
        self.needs = NeedsTab(i18n)
        self.plan = PlanTab(i18n)
        self.notes = NotesTab(i18n)
        self.services = ServicesTab(i18n)
        self.history = HistoryTab(i18n)
        for tab, title in (
            (self.overview, _("Overview")),
            (self.profile, _("Profile")),
            (self.household, _("Household")),
            (self.consent, _("Consent")),
            (self.needs, _("Needs && assets")),
            (self.plan, _("Plan")),
            (self.notes, _("Notes")),
            (self.services, _("Services")),
            (self.history, _("History")),
        ):
            self.tabs.addTab(tab, title)
            tab.setAccessibleName(title.replace("&&", "&"))
        layout.addWidget(self.tabs, 1)
        self._wire()
        self._embed_plan_preview()

    def _wire(self) -> None:
        self.profile.save_requested.connect(self._save_profile)
        self.profile.undo_requested.connect(self.undo)
        self.profile.copy_identifier.connect(self.clipboard.copy)
        self.profile.add_identifier.connect(
            lambda kind, value: self._write(lambda cl, cid: storeops.add_identifier(cl, cid, kind, value))
        )
        self.notes.add_note.connect(
            lambda body, private: self._write(lambda cl, cid: storeops.add_note(cl, cid, body, private))
        )
        self.services.add_service.connect(
            lambda d: self._write(lambda cl, cid: storeops.add_service(cl, cid, d))
        )
        self.plan.add_goal.connect(lambda d: self._write(lambda cl, cid: storeops.add_goal(cl, cid, d)))
        self.plan.add_action.connect(
            lambda goal, d: self._write(lambda cl, cid: storeops.add_action(cl, cid, goal, d))
        )
        self.plan.set_action_status.connect(
            lambda aid, st: self._write(lambda cl, cid: storeops.set_action_status(cl, cid, aid, st))
        )
        self.plan.add_referral.connect(
            lambda d: self._write(lambda cl, cid: storeops.add_referral(cl, cid, d))
        )
        self.consent.give.connect(lambda d: self._write(lambda cl, cid: storeops.give_consent(cl, cid, d)))
        self.consent.revoke.connect(
            lambda k: self._write(lambda cl, cid: storeops.revoke_consent(cl, cid, k))
        )
        self.needs.add_item.connect(lambda d: self._write(lambda cl, cid: storeops.add_need(cl, cid, d)))
        self.household.link_member.connect(
            lambda other, rel: self._write(lambda cl, cid: storeops.link_household(cl, cid, other, rel))
        )
        self.household.open_client.connect(self._open_other)
        self.household.find_member.connect(self._find_member)

    def _embed_plan_preview(self) -> None:
        """A "Print preview…" button on the Plan tab (the PLANS part's preview, in a dialog)."""
        from PySide6.QtWidgets import QPushButton

        self.plan_preview = None
        button = QPushButton(self._("Print preview…"))
        button.setAccessibleName(self._("Print preview of the plan"))
        button.setToolTip(self._("Print preview, print or save as PDF (Ctrl+P)"))
        button.clicked.connect(self.print_preview)
        self.plan.print_row.addStretch(1)
        self.plan.print_row.addWidget(button)

    def print_preview(self) -> None:
        from caseworker.gui.plan_print import PlanPrintDialog

        if self.client_id is None or self.data is None:
            return
        self.tabs.setCurrentWidget(self.plan)
        dialog = PlanPrintDialog(self.ctx, self.client_id, self.data.languages, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.refresh()

    # --- loading ------------------------------------------------------------------------------------

    def open(self, client_id: int, tab: int | None = None) -> None:
        self.flush()
        self.client_id = client_id
        self._undo = []
        self.profile.undo_button.setEnabled(False)
        self.message.hide()
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        self.reload()

    def reload(self) -> None:
        if self.client_id is None or self.ctx.db is None:
            return
        cid = self.client_id
        user = self.ctx.caseload.user if self.ctx.caseload is not None else None
        DbOp(self, lambda cl: storeops.load_file(cl, cid, user)).success(self._loaded).failure(
            self._failed
        ).run(self.ctx.db)

    def _loaded(self, data: FileData) -> None:
        if data.id != self.client_id:
            return
        self.data = data
        today = self.ctx.clock.today()
        self.header.load(data)
        self.overview.load(data, today)
        self.profile.load(data.profile, data.languages, data.identifiers)
        self.household.load(data)
        self.consent.load(data, today)
        self.needs.load(data)
        self.plan.load(data, today)
        self.notes.load(data)
        self.services.load(data, today)
        self.history.load(data)
        if self.plan_preview is not None and hasattr(self.plan_preview, "load"):
            self.plan_preview.load(data)

    # --- saving -------------------------------------------------------------------------------------

    def _write(self, fn: Any, reload: bool = True) -> None:
        if self.client_id is None or self.ctx.db is None:
            return
        cid = self.client_id
        op = DbOp(self, lambda cl: fn(cl, cid))
        if reload:
            op.success(lambda _r: self._after_save())
        op.failure(self._failed).run(self.ctx.db)

    def _after_save(self) -> None:
        self.saved.emit()
        self.reload()

    def _save_profile(self, changes: dict[str, Any]) -> None:
        if self.data is not None:
            before = {k: self.data.profile.get(k) for k in changes if k != "languages"}
            if "languages" in changes:
                before["languages"] = list(self.data.languages)
            self._undo.append(before)
            self.profile.undo_button.setEnabled(True)
        self._write(lambda cl, cid: storeops.update_profile(cl, cid, changes))
        self.profile.saved()

    def undo(self) -> None:
        if not self._undo:
            return
        previous = self._undo.pop()
        self.profile.undo_button.setEnabled(bool(self._undo))
        self._write(lambda cl, cid: storeops.update_profile(cl, cid, previous))

    def save(self) -> None:
        """Ctrl+S: save the profile (the other tabs save as soon as their button is pressed)."""
        self.profile.save()

    def flush(self) -> None:
        """Save what would otherwise be lost (closing, locking, opening another file)."""
        if self.client_id is None or self.ctx.db is None or self.data is None:
            return
        changed, _errors = self.profile.changes()
        if changed:
            self._write(lambda cl, cid: storeops.update_profile(cl, cid, changed), reload=False)
        draft = self.notes.draft()
        if draft:
            self._write(lambda cl, cid: storeops.add_note(cl, cid, draft, True), reload=False)
            self.notes.editor.clear()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            msg, hint = known_error_text(self._, exc)
            self.message.setText(f"{msg} {hint}".strip())
            self.message.show()
            if isinstance(exc, ValidationError):
                return
        else:
            raise exc

    def _find_member(self, text: str) -> None:
        if len(text.strip()) < 2 or self.ctx.db is None:
            return
        DbOp(self, lambda cl: storeops.search_clients(cl, text, None, None, None, 20)).success(
            self.household.show_candidates
        ).run(self.ctx.db)

    def _open_other(self, client_id: int) -> None:
        self.open_client.emit(client_id)

    def _back(self) -> None:
        self.flush()
        self.back.emit()

    def clear(self) -> None:
        self.data = None
        self._undo = []
        self.header.clear()
        for tab in (
            self.overview,
            self.profile,
            self.household,
            self.consent,
            self.needs,
            self.plan,
            self.notes,
            self.services,
            self.history,
        ):
            tab.clear()
        self.message.clear()
        self.message.hide()
        if self.plan_preview is not None and hasattr(self.plan_preview, "clear"):
            self.plan_preview.clear()

    def today(self) -> dt.date:
        return self.ctx.clock.today()
