"""My caseload: filters over the lazy client table; Enter or double-click opens the file.

Search-as-you-type lives in the window's top bar; it calls :meth:`CaseloadView.search`, debounced here
(150 ms) so a fast typist sends one query, and the model discards answers to older keystrokes.

Signals: ``open_client(int)``, ``new_client()``, ``print_plans(list)`` (the selected clients' ids: the
context menu's "Print plans…"; the window's Ctrl+Shift+P reads :meth:`CaseloadView.selected_client_ids`).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui import labels as L
from caseworker.gui.caseload_model import ClientIdRole, ClientTableModel, ListQuery
from caseworker.gui.context import AppContext
from caseworker.i18n import languages as langs

DEBOUNCE_MS = 150


class ClientTable(QTableView):
    """Enter opens the selected client (QTableView would otherwise start editing or do nothing)."""

    activated_row = Signal(int)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            idx = self.currentIndex()
            if idx.isValid():
                self.activated_row.emit(idx.row())
                return
        super().keyPressEvent(event)


class CaseloadView(QWidget):
    open_client = Signal(int)
    new_client = Signal()
    print_plans = Signal(list)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, follow_ups: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self._ = _
        self.follow_ups = follow_ups
        self.setObjectName("followUpsView" if follow_ups else "caseloadView")
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        title = QLabel(_("Follow-ups due today and overdue") if follow_ups else _("My caseload"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        title.setFont(f)
        bar.addWidget(title)
        bar.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.count_label)
        if not follow_ups:
            self.new_button = QPushButton(_("New client…"))
            self.new_button.setAccessibleName(_("New client"))
            self.new_button.setToolTip(_("New client (Ctrl+N)"))
            self.new_button.clicked.connect(self.new_client)
            bar.addWidget(self.new_button)
        layout.addLayout(bar)

        filters = QHBoxLayout()
        self.mine = QCheckBox(_("Only my clients"))
        self.mine.setAccessibleName(_("Only my clients"))
        self.follow = QComboBox()
        self.follow.setAccessibleName(_("Follow-up"))
        self.follow.addItem(_("Any follow-up"), "")
        self.follow.addItem(_("Due (today or earlier)"), "due")
        self.follow.addItem(_("Overdue"), "overdue")
        self.status = QComboBox()
        self.status.setAccessibleName(_("File status"))
        self.status.addItem(_("Any status"), "")
        for code, text in list(L.FILE_STATUS.items())[:4]:
            self.status.addItem(_(text), code)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("Any language"), "")
        for lang in langs.LANGUAGES:
            self.language.addItem(lang.native_name, lang.iso639)
        for label_text, w in (
            (None, self.mine),
            (_("Follow-up:"), self.follow),
            (_("Status:"), self.status),
            (_("Language:"), self.language),
        ):
            if label_text:
                lab = QLabel(label_text)
                lab.setBuddy(w)
                filters.addWidget(lab)
            filters.addWidget(w)
        filters.addStretch(1)
        layout.addLayout(filters)
        if follow_ups:
            self.mine.setChecked(True)
            self.follow.setCurrentIndex(1)

        self.model = ClientTableModel(ctx, self)
        if follow_ups:
            self.model.query = ListQuery(mine=True, follow_up="due", order="next_follow_up")
        self.model.loaded.connect(self._loaded)
        self.table = ClientTable()
        self.table.setObjectName("clientTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Follow-ups") if follow_ups else _("Clients"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several clients can be selected (Shift/Ctrl+click) for "Print plans…"; Enter opens the current one.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((220, 200, 170, 200, 130)):
            header.resizeSection(col, width)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated_row.connect(self._open_row)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout.addWidget(self.empty)

        for w in (self.follow, self.status, self.language):
            w.currentIndexChanged.connect(self._filters_changed)
        self.mine.toggled.connect(self._filters_changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self._pending_search = ""
        self.setTabOrder(self.mine, self.follow)
        self.setTabOrder(self.follow, self.status)
        self.setTabOrder(self.status, self.language)
        self.setTabOrder(self.language, self.table)

    def _query(self) -> ListQuery:
        return replace(
            self.model.query,
            mine=self.mine.isChecked(),
            follow_up=self.follow.currentData() or "",
            status=self.status.currentData() or "",
            language=self.language.currentData() or "",
        )

    def _filters_changed(self) -> None:
        self.model.query = self._query()
        self.model.reload()

    def refresh(self) -> None:
        self.model.query = self._query()
        self.model.reload()

    def search(self, text: str) -> None:
        self._pending_search = text
        self._debounce.start()

    def _run_search(self) -> None:
        self.model.query = self._query()
        self.model.set_search(self._pending_search)

    def _loaded(self, count: int) -> None:
        _ = self._
        if self.model.search_text:
            self.count_label.setText(
                self.ctx.i18n.ngettext("{n} match", "{n} matches", count).format(
                    n=self.ctx.i18n.number(count)
                )
            )
        else:
            self.count_label.setText(
                self.ctx.i18n.ngettext("{n} client", "{n} clients", count).format(
                    n=self.ctx.i18n.number(count)
                )
            )
        if count == 0:
            if self.model.search_text:
                self.empty.setText(
                    _(
                        "Nobody matches this search. "
                        "Try part of a name, in either script, a phone number or a UCI."
                    )
                )
            elif self.follow_ups:
                self.empty.setText(_("Nothing is due. Follow-up dates you set in client files appear here."))
            else:
                self.empty.setText(_("No clients match these filters."))
            self.empty.show()
        else:
            self.empty.hide()
        if count and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        cid = self.model.data(self.model.index(row, 0), ClientIdRole)
        if cid is not None:
            self.open_client.emit(int(cid))

    def selected_client_ids(self) -> list[int]:
        """The selected clients (rows in view order), or the current one when nothing is selected."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        ids = []
        for row in rows:
            cid = self.model.data(self.model.index(row, 0), ClientIdRole)
            if cid is not None:
                ids.append(int(cid))
        return ids

    def _context_menu(self, pos: QPoint) -> None:
        ids = self.selected_client_ids()
        if not ids:
            return
        menu = QMenu(self)
        menu.setObjectName("clientMenu")
        if len(ids) == 1:
            menu.addAction(self._("Open the file")).triggered.connect(lambda: self.open_client.emit(ids[0]))
        act = menu.addAction(self._("Print plans…") + "\tCtrl+Shift+P")
        act.triggered.connect(lambda: self.print_plans.emit(ids))
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self._menu = menu

    def clear(self) -> None:
        self._debounce.stop()
        self.model.clear()
        self.count_label.clear()
        self.empty.hide()
