"""The intake queue: who is waiting, in which language, for what, and for how long.

Requests waiting on the server show only what the queue may show before a claim (no names): the time
received, languages by their native names, need categories, region (first three characters of the
postal code), household size and whether they are unrouted. Requests already pulled into this caseload
are marked "here" and open straight away.

Signals: ``claim_next()``, ``open_held(str)``, ``refresh()``, ``pull_all()``, ``cancel_pull()``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui.intake.service import QueueRow, QueueSnapshot
from caseworker.gui.intake.text import N_, IntakeText

AGE_FILTERS = (
    (0, N_("Any waiting time")),
    (1, N_("Waiting over 1 day")),
    (3, N_("Waiting over 3 days")),
    (7, N_("Waiting over a week")),
)
# waiting-time colours: fresh, a day, three days (background, text) - readable in both themes
AGE_COLOURS = ((3, "#f8d7da", "#5c0b12"), (1, "#fff1c2", "#4a3500"), (0, "", ""))

COLUMNS = ("received", "waiting", "languages", "needs", "region", "household", "where")


class QueueView(QWidget):
    claim_next = Signal()
    open_held = Signal(str)
    refresh = Signal()
    pull_all = Signal()
    cancel_pull = Signal()

    def __init__(
        self, text: IntakeText, now: Callable[[], datetime] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.t = text
        self.now = now or (lambda: datetime.now(UTC))
        _ = text.gettext
        self.setObjectName("intakeQueue")
        self.rows: list[QueueRow] = []
        self.shown: list[QueueRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        self.title = QLabel(_("Intake"))
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        head.addWidget(self.title)
        self.count = QLabel()
        self.count.setObjectName("intakeCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        head.addWidget(self.count, 1)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setObjectName("intakeRefresh")
        self.refresh_button.setToolTip(_("Refresh the queue (F5)"))
        self.refresh_button.clicked.connect(self.refresh.emit)
        head.addWidget(self.refresh_button)
        self.pull_button = QPushButton(_("Pull all into caseload"))
        self.pull_button.setObjectName("intakePull")
        self.pull_button.setToolTip(
            _("Store every waiting request in this caseload now (for a clinic, or before going offline).")
        )
        self.pull_button.clicked.connect(self.pull_all.emit)
        head.addWidget(self.pull_button)
        self.claim_button = QPushButton(_("&Claim next request"))
        self.claim_button.setObjectName("intakeClaim")
        self.claim_button.setDefault(True)
        self.claim_button.setToolTip(_("Reserve the oldest request for you and compare it with your clients"))
        self.claim_button.clicked.connect(self._claim_clicked)
        head.addWidget(self.claim_button)
        layout.addLayout(head)

        filters = QHBoxLayout()
        self.f_language = self._combo(_("Language"), "filterLanguage")
        self.f_need = self._combo(_("Need"), "filterNeed")
        self.f_age = self._combo(_("Waiting time"), "filterAge")
        for days, label in AGE_FILTERS:
            self.f_age.addItem(_(label), days)
        self.f_region = self._combo(_("Region"), "filterRegion")
        for label, combo in (
            (_("&Language:"), self.f_language),
            (_("&Need:"), self.f_need),
            (_("&Waiting:"), self.f_age),
            (_("Re&gion:"), self.f_region),
        ):
            lab = QLabel(label)
            lab.setBuddy(combo)
            filters.addWidget(lab)
            filters.addWidget(combo)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.progress_row = QWidget()
        pr = QHBoxLayout(self.progress_row)
        pr.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setObjectName("intakeProgress")
        self.progress.setAccessibleName(_("Pulling requests"))
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(True)
        pr.addWidget(self.progress, 1)
        self.progress_text = QLabel()
        pr.addWidget(self.progress_text)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("intakeCancel")
        self.cancel_button.clicked.connect(self.cancel_pull.emit)
        pr.addWidget(self.cancel_button)
        self.progress_row.hide()
        layout.addWidget(self.progress_row)

        split = QSplitter()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("intakeTable")
        self.table.setAccessibleName(_("Requests waiting"))
        self.table.setHorizontalHeaderLabels(
            [_("Received"), _("Waiting"), _("Languages"), _("Needs"), _("Region"), _("People"), _("Queue")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _item: self._claim_clicked())
        split.addWidget(self.table)
        self.detail = QLabel()
        self.detail.setObjectName("intakeDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumWidth(220)
        self.detail.setMargin(8)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.empty = QLabel(_("No requests waiting. New online requests appear here within a minute."))
        self.empty.setObjectName("intakeEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.empty.hide()

        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh.emit)
        for combo in (self.f_language, self.f_need, self.f_age, self.f_region):
            combo.currentIndexChanged.connect(self._apply)
        self._show_detail(None)

    def _combo(self, name: str, object_name: str) -> QComboBox:
        c = QComboBox()
        c.setObjectName(object_name)
        c.setAccessibleName(name)
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return c

    # ---- data ---------------------------------------------------------------------------------

    def set_snapshot(self, snap: QueueSnapshot) -> None:
        self.rows = list(snap.rows)
        _ = self.t.gettext
        if snap.agency_name:
            self.title.setText(_("Intake — {agency}").format(agency=snap.agency_name))
        self._refill_filters()
        self._apply()

    def _refill_filters(self) -> None:
        _ = self.t.gettext
        langs = sorted({c for r in self.rows for c in r.languages}, key=self.t.language)
        needs = sorted({n for r in self.rows for n in r.needs}, key=self.t.need)
        regions = sorted({r.region for r in self.rows if r.region})
        for combo, values, label, shown in (
            (self.f_language, langs, _("All languages"), self.t.language),
            (self.f_need, needs, _("All needs"), self.t.need),
            (self.f_region, regions, _("All regions"), str),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for v in values:
                combo.addItem(shown(v), v)
            i = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def _keep(self, r: QueueRow, now: datetime) -> bool:
        lang, need, region = (
            self.f_language.currentData(),
            self.f_need.currentData(),
            self.f_region.currentData(),
        )
        days = self.f_age.currentData() or 0
        if lang and lang not in r.languages:
            return False
        if need and need not in r.needs:
            return False
        if region and r.region != region:
            return False
        return not (days and now - r.received_at < timedelta(days=days))

    def _apply(self) -> None:
        _ = self.t.gettext
        now = self.now()
        self.shown = [r for r in self.rows if self._keep(r, now)]
        self.table.setRowCount(len(self.shown))
        for i, r in enumerate(self.shown):
            age_days = (now - r.received_at).total_seconds() / 86400
            bg, fg = next((b, f) for d, b, f in AGE_COLOURS if age_days >= d)
            where = _("here") if r.held else (_("unrouted") if r.unrouted else _("our queue"))
            if r.leased and not r.held:
                where = _("reserved")
            values = [
                self.t.i18n.datetime(r.received_at.astimezone(), "short"),
                self.t.waiting(r.received_at, now),
                " · ".join(self.t.language(c) for c in r.languages),
                " · ".join(self.t.need(n) for n in r.needs),
                r.region or "—",
                self.t.i18n.number(r.household_size),
                where,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 1 and bg:
                    item.setBackground(QBrush(QColor(bg)))
                    item.setForeground(QBrush(QColor(fg)))
                    item.setToolTip(
                        _("Waiting more than a day") if age_days < 3 else _("Waiting more than 3 days")
                    )
                if c == 6 and (r.unrouted or r.held):
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                    if r.unrouted:
                        item.setToolTip(_("No routing rule matched: any agency may take it."))
                item.setData(Qt.ItemDataRole.UserRole, r.key)
                self.table.setItem(i, c, item)
        held = sum(1 for r in self.rows if r.held)
        total = len(self.rows)
        text = self.t.ngettext("{n} request", "{n} requests", total).format(n=total)
        if held:
            text += " · " + _("{n} here").format(n=held)
        if len(self.shown) != total:
            text += " · " + _("{n} shown").format(n=len(self.shown))
        self.count.setText(text)
        self.empty.setVisible(total == 0)
        self.table.setVisible(total > 0)
        self.claim_button.setEnabled(any(not r.held for r in self.rows) or self._current() is not None)
        if self.shown and not self.table.selectedItems():
            self.table.selectRow(0)
        self._selected()

    def _current(self) -> QueueRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _selected(self) -> None:
        self._show_detail(self._current())

    def _show_detail(self, r: QueueRow | None) -> None:
        _ = self.t.gettext
        if r is None:
            self.detail.setText(_("Select a request to see what it is about."))
            self.claim_button.setText(_("&Claim next request"))
            return
        lines = [
            _("Received: {when}").format(when=self.t.i18n.datetime(r.received_at.astimezone(), "medium")),
            _("Languages: {langs}").format(langs=", ".join(self.t.language(c) for c in r.languages) or "—"),
            _("Form filled in: {lang}").format(lang=self.t.language(r.form_language)),
            _("Interpreter needed") if r.interpreter_needed else _("No interpreter needed"),
            _("Needs: {needs}").format(needs=", ".join(self.t.need(n) for n in r.needs) or "—"),
            _("Region: {region}").format(region=r.region or "—"),
            self.t.ngettext(
                "{n} person in the household", "{n} people in the household", r.household_size
            ).format(n=r.household_size),
            "",
        ]
        if r.held:
            lines.append(_("Already in this caseload. Open it to decide."))
            self.claim_button.setText(_("&Open request"))
        else:
            lines.append(
                _("Names and contact details appear once you claim. Requests are claimed oldest first.")
            )
            self.claim_button.setText(_("&Claim next request"))
        self.detail.setText("\n".join(lines))

    def _claim_clicked(self) -> None:
        r = self._current()
        if r is not None and r.held:
            self.open_held.emit(r.key)
        else:
            self.claim_next.emit()

    # ---- long pull ------------------------------------------------------------------------------

    def pulling(self, on: bool) -> None:
        self.progress_row.setVisible(on)
        self.pull_button.setEnabled(not on)
        self.claim_button.setEnabled(not on)
        self.cancel_button.setEnabled(on)
        if on:
            self.progress.setRange(0, 0)
            self.progress_text.setText(self.t.gettext("Starting…"))

    def pull_progress(self, claimed: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(claimed, total))
        self.progress_text.setText(self.t.gettext("{n} stored").format(n=self.t.i18n.number(claimed)))
