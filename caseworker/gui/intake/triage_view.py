"""Triage: the request on the left, the clients it might be on the right (best first), one action bar.

The candidate list shows a score and why; the comparison under it puts the request and the selected
client side by side, field by field, with the differences a worker must look at twice highlighted (a
day/month swap, another transliteration, a missing date). The reservation countdown is visible and is
renewed while the screen is open.

Signals: ``new_client()``, ``same_person(int)``, ``not_same(int)``, ``refer()``, ``reject()``,
``give_back()``, ``search(str)`` (the worker looks for a client the suggestions missed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui.intake.service import CandidateView, OpenedRequest
from caseworker.gui.intake.text import IntakeText

KIND_COLOURS = {
    "same": ("#dff3e4", "#0b3d1a"),
    "differs": ("#f8d7da", "#5c0b12"),
    "swapped": ("#fff1c2", "#4a3500"),
    "order": ("#fff1c2", "#4a3500"),
    "spelling": ("#fff1c2", "#4a3500"),
    "partial": ("#e8f1fb", "#0b2a4a"),
    "missing": ("#eeeeee", "#333333"),
}


def _label(text: str = "", name: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)  # client text is data, never markup
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # left even for a right-to-left name: a form reads down one edge (the text itself stays RTL)
    lab.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop)
    if name:
        lab.setObjectName(name)
    return lab


class TriageView(QWidget):
    new_client = Signal()
    same_person = Signal(int)
    not_same = Signal(int)
    refer = Signal()
    reject = Signal()
    give_back = Signal()
    search = Signal(str)

    def __init__(self, text: IntakeText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = text
        _ = text.gettext
        self.setObjectName("intakeTriage")
        self.request: OpenedRequest | None = None
        self.candidates: list[CandidateView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        self.back_button = QPushButton(_("← Give back"))
        self.back_button.setObjectName("triageBack")
        self.back_button.setToolTip(_("Return the request to the queue without deciding (Esc)"))
        self.back_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_button.clicked.connect(self.give_back.emit)
        head.addWidget(self.back_button)
        self.title = _label("", "triageTitle")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        f.setBold(True)
        self.title.setFont(f)
        head.addWidget(self.title, 1)
        self.lease = _label("", "leaseCountdown")
        self.lease.setAccessibleName(_("Reservation time left"))
        self.lease.setWordWrap(False)
        head.addWidget(self.lease)
        layout.addLayout(head)

        self.notice = _label("", "triageNotice")
        self.notice.setStyleSheet(
            "QLabel#triageNotice{background:#fde7e9;color:#5c0b12;border:1px solid #d9848c;"
            "border-radius:4px;padding:4px 8px;}"
        )
        self.notice.hide()
        layout.addWidget(self.notice)

        split = QSplitter()
        # left: the request
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setObjectName("triageRequest")
        box = QWidget()
        self.form = QFormLayout(box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        left.setWidget(box)
        left.setMinimumWidth(340)
        split.addWidget(left)

        # right: candidates and the comparison
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        self.cand_title = _label(_("Might already be"), "candidatesTitle")
        bold = self.cand_title.font()
        bold.setBold(True)
        self.cand_title.setFont(bold)
        title_row = QHBoxLayout()
        title_row.addWidget(self.cand_title, 1)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("triageSearch")
        self.search_box.setAccessibleName(_("Search the caseload for this person"))
        self.search_box.setPlaceholderText(_("Not listed? Search by name, phone or UCI…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(340)
        self.search_box.setMaximumWidth(420)
        self.search_box.returnPressed.connect(self._search)
        title_row.addWidget(self.search_box)
        rl.addLayout(title_row)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("candidatesTable")
        self.table.setAccessibleName(_("Clients this request might be, best first"))
        self.table.setHorizontalHeaderLabels([_("Score"), _("Name"), _("Latin letters"), _("Born"), _("Why")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        rl.addWidget(self.table, 2)
        self.no_candidates = _label(
            _("No client in this caseload looks like this person. Create a new client file."), "noCandidates"
        )
        rl.addWidget(self.no_candidates)
        cmp_title = _label(_("Side by side"), "compareTitle")
        cmp_title.setFont(bold)
        rl.addWidget(cmp_title)
        self.compare = QTableWidget(0, 3)
        self.compare.setObjectName("compareTable")
        self.compare.setAccessibleName(_("The request and the selected client, field by field"))
        self.compare.setHorizontalHeaderLabels([_("This request"), _("Client file"), ""])
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        ch = self.compare.horizontalHeader()
        ch.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        ch.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        rl.addWidget(self.compare, 1)
        self.not_same_button = QPushButton(_("Not the same person"))
        self.not_same_button.setObjectName("notSameButton")
        self.not_same_button.setToolTip(
            _("Remember that this request is not from the selected client; they are not suggested again.")
        )
        self.not_same_button.clicked.connect(self._not_same)
        rl.addWidget(self.not_same_button, 0, Qt.AlignmentFlag.AlignRight)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 760])
        layout.addWidget(split, 1)

        bar = QFrame()
        bar.setObjectName("triageActions")
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(0, 6, 0, 0)
        self.new_button = QPushButton(_("&New client"))
        self.new_button.setObjectName("actNewClient")
        self.new_button.setToolTip(
            _("Create a client file from this request: profile, household, consent, needs")
        )
        self.new_button.clicked.connect(self.new_client.emit)
        self.same_button = QPushButton(_("&Same person as…"))
        self.same_button.setObjectName("actSamePerson")
        self.same_button.setToolTip(
            _("Add this request to the selected client's file (their history is kept)")
        )
        self.same_button.clicked.connect(self._same)
        self.refer_button = QPushButton(_("&Refer to another agency…"))
        self.refer_button.setObjectName("actRefer")
        self.refer_button.clicked.connect(self.refer.emit)
        self.reject_button = QPushButton(_("Re&ject…"))
        self.reject_button.setObjectName("actReject")
        self.reject_button.clicked.connect(self.reject.emit)
        for b in (self.new_button, self.same_button, self.refer_button, self.reject_button):
            b.setAccessibleName(b.text().replace("&", ""))
            bl.addWidget(b)
        bl.addStretch(1)
        self.status = _label("", "triageStatus")
        bl.addWidget(self.status)
        layout.addWidget(bar)

    # ---- showing ----------------------------------------------------------------------------------

    def show_request(self, req: OpenedRequest) -> None:
        _ = self.t.gettext
        self.request = req
        self.search_box.clear()
        self.notice.hide()
        self.status.clear()
        self.set_enabled(True)
        self.title.setText(_("Request {reference}").format(reference=req.reference or req.submission_id[:8]))
        while self.form.rowCount():
            self.form.removeRow(0)
        sub = req.submission
        if sub is None:
            self.form.addRow(
                _label(
                    _(
                        "This request cannot be read by this version of Caseworker ({problem}). "
                        "Reject it with a reason, or give it back."
                    ).format(problem=req.problem or "")
                )
            )
        else:
            p = sub.person
            labels = self.t.labels

            def row(label: str, value: str, name: str = "") -> None:
                self.form.addRow(_label(label), _label(value or "—", name))

            row(_("Name:"), " ".join(x for x in (p.given_name, p.family_name) if x), "reqName")
            latin = " ".join(x for x in (p.given_name_latin, p.family_name_latin) if x)
            if latin:
                row(_("In Latin letters:"), latin, "reqLatin")
            dob = p.date_of_birth
            if dob is not None:
                text = str(dob.year)
                if dob.month:
                    text = f"{dob.year:04d}-{dob.month:02d}" + (f"-{dob.day:02d}" if dob.day else "")
                row(_("Date of birth:"), text, "reqDob")
            if p.gender:
                row(_("Gender:"), labels.gender(p.gender))
            row(_("Phone:"), p.phone or "")
            if p.email:
                row(_("Email:"), p.email)
            row(_("Languages:"), ", ".join(self.t.language(c) for c in p.languages))
            row(_("Interpreter:"), _("needed") if p.interpreter_needed else _("not needed"))
            row(_("City:"), " ".join(x for x in (p.city, p.postal_code or "") if x))
            row(_("Immigration status:"), labels.category(p.immigration_status))
            if sub.household:
                members = [
                    f"{m.given_name} {m.family_name}".strip()
                    + f" ({labels.relationship(m.relationship)}"
                    + (f", {m.birth_year})" if m.birth_year else ")")
                    for m in sub.household
                ]
                row(_("Household:"), "\n".join(members))
            row(_("Needs:"), ", ".join(self.t.need(n) for n in sub.needs))
            if sub.needs_text:
                row(_("In their words:"), sub.needs_text, "reqNeedsText")
            row(
                _("Consent:"),
                _("given online on {date} (notice {version}, {language})").format(
                    date=self.t.i18n.date(sub.consent.at.date()),
                    version=sub.consent.notice_version,
                    language=self.t.language(sub.consent.language),
                ),
            )
            for r in req.referrals:
                row(_("Referred by another agency:"), r.note or "—")
        self.set_candidates(list(req.candidates))
        self.set_lease(req.lease_seconds)

    def set_candidates(self, candidates: list[CandidateView]) -> None:
        _ = self.t.gettext
        self.cand_title.setText(_("Might already be"))
        self.candidates = candidates
        self.table.setRowCount(len(candidates))
        for i, c in enumerate(candidates):
            diffs = {d.field: d for d in c.differences}
            cells = [
                str(c.score),
                c.name,
                c.latin_name,
                c.dob,
                "; ".join(self.t.reason(r) for r in c.reasons),
            ]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, c.client_id)
                field = {1: "name", 2: "latin_name", 3: "date_of_birth"}.get(col)
                d = diffs.get(field) if field else None
                if d is not None and d.kind != "same":
                    bg, fg = KIND_COLOURS[d.kind]
                    item.setBackground(QBrush(QColor(bg)))
                    item.setForeground(QBrush(QColor(fg)))
                    item.setToolTip(f"{self.t.field(d.field)}: {self.t.difference(d.kind)}")
                if col == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if c.likely:
                        f = item.font()
                        f.setBold(True)
                        item.setFont(f)
                        item.setToolTip(_("Likely the same person"))
                self.table.setItem(i, col, item)
        self.no_candidates.setVisible(not candidates)
        self.table.setVisible(bool(candidates))
        if candidates:
            self.table.selectRow(0)
        self._selected()

    def _current(self) -> CandidateView | None:
        sel = self.table.selectionModel().selectedRows()
        if not sel or sel[0].row() >= len(self.candidates):
            return None
        return self.candidates[sel[0].row()]

    def _selected(self) -> None:
        c = self._current()
        _ = self.t.gettext
        self.same_button.setEnabled(
            c is not None and self.request is not None and self.request.submission is not None
        )
        self.not_same_button.setEnabled(c is not None)
        if c is None:
            self.compare.setRowCount(0)
            self.same_button.setText(_("&Same person as…"))
            return
        self.same_button.setText(_("&Same person as {name}").format(name=c.name or c.latin_name))
        self.compare.setRowCount(len(c.differences))
        self.compare.setVerticalHeaderLabels([self.t.field(d.field) for d in c.differences])
        for i, d in enumerate(c.differences):
            bg, fg = KIND_COLOURS[d.kind]
            for col, value in enumerate((d.request or "—", d.client or "—", self.t.difference(d.kind))):
                item = QTableWidgetItem(value)
                if d.kind != "same" or col == 2:
                    item.setBackground(QBrush(QColor(bg)))
                    item.setForeground(QBrush(QColor(fg)))
                self.compare.setItem(i, col, item)

    def _search(self) -> None:
        text = self.search_box.text().strip()
        if text:
            self.search.emit(text)
        elif self.request is not None:
            self.set_candidates(list(self.request.candidates))

    def show_search_results(self, found: list[CandidateView]) -> None:
        _ = self.t.gettext
        self.set_candidates(found)
        self.cand_title.setText(
            self.t.ngettext("{n} client found", "{n} clients found", len(found)).format(n=len(found))
        )

    def _same(self) -> None:
        c = self._current()
        if c is not None:
            self.same_person.emit(c.client_id)

    def _not_same(self) -> None:
        c = self._current()
        if c is not None:
            self.not_same.emit(c.client_id)

    # ---- state ---------------------------------------------------------------------------------

    def set_enabled(self, on: bool) -> None:
        has_sub = self.request is not None and self.request.submission is not None
        self.new_button.setEnabled(on and has_sub)
        self.refer_button.setEnabled(on)
        self.reject_button.setEnabled(on)
        self.back_button.setEnabled(on)
        self.not_same_button.setEnabled(on and self._current() is not None)
        self.same_button.setEnabled(on and has_sub and self._current() is not None)

    def set_lease(self, seconds: float | None) -> None:
        _ = self.t.gettext
        if seconds is None:
            self.lease.setText(_("Accepted into this caseload"))
            self.lease.setStyleSheet("")
            return
        if seconds <= 0:
            self.lease.setText(_("Reservation expired"))
            self.lease.setStyleSheet("color:#a4262c;font-weight:bold;")
            return
        self.lease.setText(_("Reserved for you · {time}").format(time=self.t.countdown(seconds)))
        self.lease.setStyleSheet("color:#a4262c;font-weight:bold;" if seconds < 60 else "")

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
