"""The main window: unlock screen or work area; top bar (search, status, user, lock), left navigation.

Locking (Ctrl+L, the lock button, or idle for N minutes) saves what would be lost, clears every model and
widget holding client data, closes the caseload (every database connection) on its worker thread and
shows the unlock screen; unlocking restores the view and reopens the file that was open.

The window title never holds personal data.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError
from caseworker.gui import resources
from caseworker.gui.caseload_view import CaseloadView
from caseworker.gui.clientfile import ClientFileView
from caseworker.gui.clipboard import SecretClipboard
from caseworker.gui.context import AppContext
from caseworker.gui.crash import CrashDialog
from caseworker.gui.dbop import DbExecutor, DbOp
from caseworker.gui.errors import show_known_error
from caseworker.gui.idle import IdleWatcher
from caseworker.gui.labels import Labels
from caseworker.gui.newclient import NewClientDialog
from caseworker.gui.settings import GEOMETRY, IDLE_MINUTES, LAST_VIEW, WINDOW_STATE
from caseworker.gui.unlock import UnlockView
from caseworker.gui.views import IntakeView, ReportsView, TeamView

NAV = ("intake", "caseload", "followups", "team", "reports")
NAV_ICONS = {
    "intake": "inbox",
    "caseload": "people",
    "followups": "calendar",
    "team": "team",
    "reports": "chart",
}


class MainWindow(QMainWindow):
    """Signals: ``locked()``, ``unlocked()``."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self._ = _
        self.setWindowTitle(_("Caseworker"))
        self.setWindowIcon(resources.icon("caseworker"))
        self.setObjectName("mainWindow")
        self.clipboard = SecretClipboard(self)
        self.idle = IdleWatcher(ctx.clock, ctx.settings.get(IDLE_MINUTES), self)
        self.idle.idle.connect(self.lock)  # installs its app-wide input filter only while unlocked
        self._restore: dict[str, Any] = {}
        self._old_executors: list[DbExecutor] = []

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_view = UnlockView(ctx)
        self.unlock_view.unlocked.connect(self.on_unlocked)
        self.stack.addWidget(self.unlock_view)
        self.work = QWidget()
        self.work.setObjectName("workArea")
        self.stack.addWidget(self.work)
        self._build_work()
        self._build_actions()
        self.stack.setCurrentWidget(self.unlock_view)
        self._set_work_actions(False)
        self.restore_window_state()

    # --- construction -------------------------------------------------------------------------------

    def _build_work(self) -> None:
        _ = self._
        layout = QVBoxLayout(self.work)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        layout.addWidget(self.banner)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("globalSearch")
        self.search.setPlaceholderText(_("Search clients by name (any script), phone or UCI…   Ctrl+F"))
        self.search.setAccessibleName(_("Search clients"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_enter)
        top.addWidget(self.search, 3)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.status_label)
        self.user_label = QLabel()
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_label.setObjectName("userLabel")
        top.addWidget(self.user_label)
        self.lock_button = QToolButton()
        self.lock_button.setIcon(resources.icon("lock"))
        self.lock_button.setToolTip(_("Lock (Ctrl+L)"))
        self.lock_button.setAccessibleName(_("Lock the caseload"))
        self.lock_button.clicked.connect(self.lock)
        top.addWidget(self.lock_button)
        layout.addLayout(top)

        split = QSplitter()
        self.splitter = split
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setIconSize(self.nav.iconSize() * 1.2)
        labels = {
            "intake": _("Intake"),
            "caseload": _("My caseload"),
            "followups": _("Follow-ups"),
            "team": _("Team"),
            "reports": _("Reports"),
        }
        for key in NAV:
            item = QListWidgetItem(resources.icon(NAV_ICONS[key]), labels[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.setMaximumWidth(240)
        self.nav.setMinimumWidth(150)
        self.nav.currentRowChanged.connect(self._nav_changed)
        split.addWidget(self.nav)

        self.views = QStackedWidget()
        self.intake_view: Any = self._intake_view()
        self.caseload_view = CaseloadView(self.ctx)
        self.followups_view = CaseloadView(self.ctx, follow_ups=True)
        self.team_view = TeamView(self.ctx)
        self.reports_view = ReportsView(self.ctx)
        self.file_view = ClientFileView(self.ctx, self.clipboard)
        for v in (
            self.intake_view,
            self.caseload_view,
            self.followups_view,
            self.team_view,
            self.reports_view,
            self.file_view,
        ):
            self.views.addWidget(v)
        split.addWidget(self.views)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        for v in (self.caseload_view, self.followups_view):
            v.open_client.connect(self.open_client)
        if hasattr(self.intake_view, "open_client"):
            self.intake_view.open_client.connect(self.open_client)
        if hasattr(self.intake_view, "waiting_changed"):
            self.intake_view.waiting_changed.connect(self._intake_waiting)
        self.caseload_view.new_client.connect(self.new_client)
        for v in (self.caseload_view, self.followups_view):
            v.print_plans.connect(self.print_plans)
        self.file_view.back.connect(self._back_to_list)
        self.file_view.open_client.connect(self.open_client)
        self.file_view.saved.connect(self._after_save)
        self._list_view: QWidget = self.caseload_view

    def refresh_icons(self) -> None:
        """Redraw the SVG icons in the palette's text colour (the OS switched between light and dark)."""
        for row, key in enumerate(NAV):
            self.nav.item(row).setIcon(resources.icon(NAV_ICONS[key]))
        self.lock_button.setIcon(resources.icon("lock"))

    def _intake_view(self) -> QWidget:
        """The intake queue and triage (caseworker.gui.intake), or the explanatory placeholder without it."""
        try:
            from caseworker.gui.intake import IntakePage
        except ImportError:  # pragma: no cover - the sync part is not installed
            return IntakeView(self.ctx)
        return IntakePage(self.ctx)

    def _intake_waiting(self, n: int) -> None:
        item = self.nav.item(NAV.index("intake"))
        label = self._("Intake")
        item.setText(f"{label} ({self.ctx.i18n.number(n)})" if n else label)

    def _build_actions(self) -> None:
        _ = self._
        menu = self.menuBar()
        file_menu = menu.addMenu(_("&File"))
        edit_menu = menu.addMenu(_("&Edit"))
        view_menu = menu.addMenu(_("&View"))
        help_menu = menu.addMenu(_("&Help"))

        def act(text: str, shortcut: Any, slot: Any, m: Any, name: str) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            m.addAction(a)
            self.addAction(a)
            return a

        self.act_new = act(_("&New client…"), "Ctrl+N", self.new_client, file_menu, "actNew")
        self.act_save = act(_("&Save"), QKeySequence.StandardKey.Save, self.save, file_menu, "actSave")
        self.act_print = act(
            _("&Print plan…"), QKeySequence.StandardKey.Print, self.print_plan, file_menu, "actPrint"
        )
        self.act_print_plans = act(
            _("Print plans of the selected clients…"),
            "Ctrl+Shift+P",
            self.print_selected_plans,
            file_menu,
            "actPrintPlans",
        )
        file_menu.addSeparator()
        self.act_lock = act(_("&Lock"), "Ctrl+L", self.lock, file_menu, "actLock")
        self.act_quit = act(_("&Quit"), QKeySequence.StandardKey.Quit, self.close, file_menu, "actQuit")
        self.act_find = act(
            _("&Find client"), QKeySequence.StandardKey.Find, self.focus_search, edit_menu, "actFind"
        )
        self.act_prefs = act(
            _("S&ettings…"), QKeySequence.StandardKey.Preferences, self.preferences, edit_menu, "actPrefs"
        )
        self.act_refresh = act(
            _("&Refresh"), QKeySequence.StandardKey.Refresh, self.refresh, view_menu, "actRefresh"
        )
        self.act_back = act(_("&Back to the list"), "Alt+Left", self._back_to_list, view_menu, "actBack")
        act(_("&About Caseworker"), None, self.about, help_menu, "actAbout")
        self._work_actions = [
            self.act_new,
            self.act_save,
            self.act_print,
            self.act_print_plans,
            self.act_lock,
            self.act_find,
            self.act_refresh,
            self.act_back,
        ]

    def _set_work_actions(self, enabled: bool) -> None:
        for a in self._work_actions:
            a.setEnabled(enabled)

    # --- window state (separate from preferences) ---------------------------------------------------

    def restore_window_state(self) -> None:
        geo = self.ctx.settings.get(GEOMETRY)
        if geo:
            self.restoreGeometry(QByteArray(geo))
        else:
            self.resize(1200, 760)
        state = self.ctx.settings.get(WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))

    def save_window_state(self) -> None:
        self.ctx.settings.set(GEOMETRY, bytes(self.saveGeometry().data()))
        self.ctx.settings.set(WINDOW_STATE, bytes(self.saveState().data()))
        self.ctx.settings.sync()

    # --- unlocking / locking ------------------------------------------------------------------------

    def start(self) -> None:
        """Show the unlock screen and try the keyring slot silently."""
        self.stack.setCurrentWidget(self.unlock_view)
        self.unlock_view.refresh()
        self.unlock_view.focus_first()
        self.unlock_view.try_keyring()

    def on_unlocked(self, caseload: Any, executor: DbExecutor) -> None:
        _ = self._
        self.ctx.caseload = caseload
        self.ctx.db = executor
        executor.known_error.connect(self._known_error)
        executor.bug.connect(self.show_bug)
        user = caseload.user
        labels = Labels(_)
        self.user_label.setText(f"{user.display_name or user.username} ({labels.role(user.role)})")
        team_row = NAV.index("team")
        is_supervisor = str(getattr(user.role, "value", user.role)) == "supervisor"
        self.nav.item(team_row).setHidden(not is_supervisor)
        # Workers see their own follow-ups; a supervisor sees the whole team's.
        self.followups_view.mine.blockSignals(True)
        self.followups_view.mine.setChecked(not is_supervisor)
        self.followups_view.mine.blockSignals(False)
        self.stack.setCurrentWidget(self.work)
        self._set_work_actions(True)
        self.idle.set_minutes(self.ctx.settings.get(IDLE_MINUTES))
        self.idle.start()
        restore = self._restore
        self._restore = {}
        nav_key = restore.get("nav") or self.ctx.settings.get(LAST_VIEW)
        if nav_key not in NAV or (nav_key == "team" and not is_supervisor):
            nav_key = "caseload"
        self.nav.setCurrentRow(NAV.index(nav_key))
        self._nav_changed(NAV.index(nav_key))
        if restore.get("client") is not None:
            self.open_client(restore["client"], tab=restore.get("tab"))
        if restore.get("search"):
            self.search.setText(restore["search"])
        if self.unlock_view.deferred_integrity:
            self.check_integrity_later(caseload)
        self.unlocked.emit()

    def check_integrity_later(self, caseload: Any) -> None:
        """Every page's HMAC, checked on a thread of its own (never the worker: searches stay fast)."""
        checker = DbExecutor(None, name="caseload-integrity")
        DbOp(self, lambda _r: caseload.check_encryption()).success(self._integrity_checked).failure(
            lambda _exc: self._integrity_checked("unreadable")
        ).run(checker)
        checker.close()
        self._old_executors.append(checker)

    def _integrity_checked(self, problem: str | None) -> None:
        if problem is None or self.ctx.db is None:
            return
        self.banner.setText(
            self._(
                "The background check found damaged pages in this caseload file. What you see may be "
                "incomplete. Do not enter new work; ask your IT contact to restore the latest backup "
                "(caseworker-admin restore BACKUP {folder})."
            ).format(folder=str(self.ctx.caseload_dir))
        )
        self.banner.show()

    def lock(self) -> None:
        """Save what would be lost, clear every client-data widget, close the caseload, show unlock."""
        if self.ctx.db is None:
            return
        on_file = self.views.currentWidget() is self.file_view
        self._restore = {
            "nav": NAV[self.nav.currentRow()] if self.nav.currentRow() >= 0 else "caseload",
            "client": self.file_view.client_id if on_file else None,
            "tab": self.file_view.tabs.currentIndex() if on_file else None,
            "search": "",  # the search text is client data: it is not kept across a lock
        }
        self.file_view.flush()
        self.idle.stop()
        for dialog in self.findChildren(NewClientDialog):
            dialog.reject()
            dialog.deleteLater()
        self._close_print_dialogs()
        self.clear_client_data()
        executor = self.ctx.db
        self.ctx.db = None
        self.ctx.caseload = None
        executor.close(final=lambda cl: cl.close())
        self._old_executors = [e for e in self._old_executors if not e._pool._shutdown] + [executor]
        self.clipboard.clear_if_ours()
        self._set_work_actions(False)
        self.unlock_view.clear()
        self.unlock_view.refresh()
        self.stack.setCurrentWidget(self.unlock_view)
        self.unlock_view.focus_first()
        self.locked.emit()

    def _close_print_dialogs(self) -> None:
        """A plan preview shows a client's plan: it closes on lock; a batch in progress is cancelled."""
        from caseworker.gui.plan_print import PlanPrintDialog
        from caseworker.gui.plans.batch import BatchPrintDialog

        for preview in self.findChildren(PlanPrintDialog):
            preview.reject()  # stops a print in progress first
            preview.deleteLater()
        for batch in self.findChildren(BatchPrintDialog):
            batch.cancel()

    def clear_client_data(self) -> None:
        self.banner.hide()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.user_label.clear()
        self.status_label.clear()
        self.file_view.client_id = None
        for v in (
            self.caseload_view,
            self.followups_view,
            self.team_view,
            self.reports_view,
            self.file_view,
            self.intake_view,
        ):
            v.clear()

    # --- navigation ---------------------------------------------------------------------------------

    def _nav_changed(self, row: int) -> None:
        if row < 0 or self.ctx.db is None:
            return
        key = NAV[row]
        view = {
            "intake": self.intake_view,
            "caseload": self.caseload_view,
            "followups": self.followups_view,
            "team": self.team_view,
            "reports": self.reports_view,
        }[key]
        if self.views.currentWidget() is self.file_view:
            self.file_view.flush()
        self.views.setCurrentWidget(view)
        if key in ("caseload", "followups"):
            self._list_view = view
        self.ctx.settings.set(LAST_VIEW, key)
        view.refresh()

    def open_client(self, client_id: int, tab: int | None = None) -> None:
        if self.ctx.db is None:
            return
        self.file_view.open(client_id, tab)
        self.views.setCurrentWidget(self.file_view)
        self.file_view.tabs.setFocus()

    def _back_to_list(self) -> None:
        if self.views.currentWidget() is not self.file_view:
            return
        self.file_view.flush()
        self.views.setCurrentWidget(self._list_view)
        self._list_view.refresh()  # type: ignore[attr-defined]
        self._list_view.table.setFocus()  # type: ignore[attr-defined]

    def _after_save(self) -> None:
        self.status_label.setText(self._("Saved"))
        QTimer.singleShot(4000, self.status_label, self.status_label.clear)  # cancelled if the label goes

    def _search_changed(self, text: str) -> None:
        if self.ctx.db is None:
            return
        if self.views.currentWidget() is not self.caseload_view:
            if self.views.currentWidget() is self.file_view:
                self.file_view.flush()
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(NAV.index("caseload"))
            self.nav.blockSignals(False)
            self.views.setCurrentWidget(self.caseload_view)
            self._list_view = self.caseload_view
        self.caseload_view.search(text)

    def _search_enter(self) -> None:
        self.caseload_view.table.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        current: Any = self.views.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()
        elif current is self.file_view:
            self.file_view.reload()

    def save(self) -> None:
        if self.views.currentWidget() is self.file_view:
            self.file_view.save()

    def new_client(self) -> None:
        if self.ctx.db is None:
            return
        dialog = NewClientDialog(self.ctx, self)
        dialog.open_client.connect(self.open_client)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def print_plan(self) -> None:
        if self.views.currentWidget() is not self.file_view:
            return
        self.file_view.print_preview()

    def print_selected_plans(self) -> None:
        """Ctrl+Shift+P: the plans of the clients selected in the list (or of the open file)."""
        current = self.views.currentWidget()
        if current is self.file_view:
            ids = [self.file_view.client_id] if self.file_view.client_id is not None else []
        elif current in (self.caseload_view, self.followups_view):
            ids = current.selected_client_ids()
        else:
            ids = []
        self.print_plans(ids)

    def print_plans(self, client_ids: list[int]) -> None:
        if self.ctx.db is None or not client_ids:
            return
        from caseworker.gui.plans.batch_print import BatchPrint

        self._batch = BatchPrint(self.ctx, self, client_ids)
        self._batch.start()

    def preferences(self) -> None:
        from caseworker.gui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx, self)
        dialog.applied.connect(self._prefs_applied)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _prefs_applied(self) -> None:
        self.idle.set_minutes(self.ctx.settings.get(IDLE_MINUTES))
        self.intake_view.refresh()

    def about(self) -> None:
        import caseworker

        QMessageBox.about(
            self,
            self._("About Caseworker"),
            self._(
                "Caseworker {version}: client files and settlement plans for newcomer settlement agencies."
            ).format(version=getattr(caseworker, "__version__", "")),
        )

    # --- errors -------------------------------------------------------------------------------------

    def _known_error(self, exc: KnownError) -> None:
        show_known_error(self._, self, exc)

    def show_bug(self, exc: BaseException) -> None:
        dialog = CrashDialog(self._, exc, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # --- closing ------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        if self.ctx.db is not None:
            self.file_view.flush()
            executor = self.ctx.db
            self.ctx.db = None
            self.ctx.caseload = None
            self.clear_client_data()
            # Quitting: wait for the saves queued above, then close the database.
            executor.close(final=lambda cl: cl.close(), wait=True)
        self.idle.stop()  # removes the app-wide input filter before this window can be destroyed
        super().closeEvent(event)
