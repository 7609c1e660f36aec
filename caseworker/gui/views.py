"""The smaller main screens: Intake (until the sync engine lands), Team (supervisors) and Reports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError
from caseworker.gui import storeops
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.errors import known_error_text
from caseworker.gui.labels import Labels
from caseworker.gui.settings import SERVER_URL
from caseworker.reports import export as report_export


def _title(text: str) -> QLabel:
    label = QLabel(text)
    f = label.font()
    f.setPointSizeF(f.pointSizeF() * 1.3)
    f.setBold(True)
    label.setFont(f)
    return label


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setAccessibleName(name)
    return t


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            if c > 0 and text and text.replace("\u202f", "").replace("\u00a0", "").replace(",", "").isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class IntakeView(QWidget):
    """Placeholder until the intake sync engine (issue 6) lands: what will be here, how to set it up."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self.setObjectName("intakeView")
        layout = QVBoxLayout(self)
        layout.addWidget(_title(_("Intake")))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text, 1)
        self.refresh()

    def refresh(self) -> None:
        _ = self.ctx._
        server = self.ctx.settings.get(SERVER_URL)
        parts = [
            _(
                "Online requests from newcomers will appear here: who is waiting, in which language, "
                "for what, and for how long. You will claim a request, compare it with clients you "
                "already have, and accept, refer or reject it."
            ),
            "",
            _("This part of Caseworker is coming in the next release."),
        ]
        if server:
            parts.append(_("Intake server: {address}").format(address=server))
        else:
            parts.append(_("No intake server is set yet. Agency IT sets its address in Settings."))
        self.text.setText("\n".join(parts))

    def clear(self) -> None:
        pass


class TeamView(QWidget):
    """Supervisors: load per worker (clients, follow-ups due and overdue)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self.setObjectName("teamView")
        layout = QVBoxLayout(self)
        layout.addWidget(_title(_("Team")))
        intro = QLabel(
            _(
                "Each worker's caseload: active clients, follow-ups due today or earlier, "
                "and overdue follow-ups."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = _table(
            [_("Worker"), _("Role"), _("Active clients"), _("Due"), _("Overdue")], _("Team load")
        )
        layout.addWidget(self.table, 1)
        self.labels = Labels(_)

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        today = self.ctx.clock.today()
        DbOp(self, lambda cl: storeops.team_load(cl, today)).success(self._show).run(self.ctx.db)

    def _show(self, rows: list[Any]) -> None:
        n = self.ctx.i18n.number
        _fill(
            self.table,
            [
                [r["name"], self.labels.role(r["role"]), n(r["clients"]), n(r["due"]), n(r["overdue"])]
                for r in rows
            ],
        )

    def clear(self) -> None:
        self.table.setRowCount(0)


class ReportsView(QWidget):
    """Caseload figures a supervisor or a funder report needs, counted on the worker thread."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self.setObjectName("reportsView")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(_title(_("Reports")), 1)
        # Supervisors: every report as CSV files in a folder (caseworker.reports.export.export_reports).
        self.export_button = QPushButton(_("Export CSV…"))
        self.export_button.setObjectName("exportReports")
        self.export_button.setToolTip(
            _("Write the worker load, overdue, needs, intake backlog and funder reports as CSV files")
        )
        self.export_button.clicked.connect(self.export_csv)
        self.export_button.hide()
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("reportsMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.by_category = _table(
            [_("Immigration category"), _("Clients")], _("Clients by immigration category")
        )
        self.by_language = _table([_("Language"), _("Clients")], _("Clients by language"))
        self.by_service = _table([_("Service"), _("This month"), _("Minutes")], _("Services this month"))
        for t in (self.by_category, self.by_language, self.by_service):
            layout.addWidget(t, 1)
        self.labels = Labels(_)

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        user = getattr(self.ctx.caseload, "user", None)
        self.export_button.setVisible(str(getattr(user, "role", "")) == "supervisor")
        today = self.ctx.clock.today()
        DbOp(self, lambda cl: storeops.report_counts(cl, today)).success(self._show).run(self.ctx.db)

    def export_csv(self) -> None:
        """Ask for a folder, then write the report CSVs on the DB worker (never on the GUI thread)."""
        _ = self.ctx._
        if self.ctx.db is None:
            return
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the report files"))
        if not chosen:
            return
        folder = Path(chosen)
        today = self.ctx.clock.today()
        now = datetime.now(UTC)
        period = report_export.default_period(today)

        def write(cl: Any) -> int:
            if report_export.existing_reports(folder):
                raise KnownError(
                    "This folder already has report files.",
                    hint="Choose an empty folder, or move the old reports away first.",
                )
            result = report_export.export_reports(cl, folder, today=today, now=now, period=period)
            return len(result.files)

        self.export_button.setEnabled(False)
        self.message.hide()
        DbOp(self, write).success(lambda n: self._exported(folder, n)).failure(self._export_failed).run(
            self.ctx.db
        )

    def _exported(self, folder: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(
            self.ctx._(
                "{count} report files written to {folder}. They name clients: keep them private."
            ).format(count=self.ctx.i18n.number(count), folder=str(folder))
        )
        self.message.show()

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        if not isinstance(exc, KnownError):
            if self.ctx.db is not None:
                self.ctx.db.bug.emit(exc)
            return
        message, hint = known_error_text(self.ctx._, exc)
        self.message.setText(f"{self.ctx._('The reports were not exported.')} {message} {hint}".strip())
        self.message.show()

    def _show(self, data: dict[str, Any]) -> None:
        _ = self.ctx._
        n = self.ctx.i18n.number
        self.summary.setText(
            _("Active clients: {active} · all files: {total} · services this month: {services}").format(
                active=n(data["active"]), total=n(data["total"]), services=n(data["services_month"])
            )
        )
        _fill(self.by_category, [[self.labels.category(k), n(v)] for k, v in data["categories"]])
        _fill(self.by_language, [[self.ctx.i18n.language_name(k), n(v)] for k, v in data["languages"]])
        _fill(self.by_service, [[self.labels.service(k), n(c), n(m)] for k, c, m in data["services"]])

    def clear(self) -> None:
        self.summary.clear()
        self.message.clear()
        self.message.hide()
        self.export_button.hide()
        for t in (self.by_category, self.by_language, self.by_service):
            t.setRowCount(0)
