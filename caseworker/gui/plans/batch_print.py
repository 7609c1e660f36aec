"""Print the plans of the clients selected in a list (My caseload, Follow-ups): "Print plans…".

The worker picks where they go (a folder of PDFs, or a printer); one job per client reads the plan on the
caseload's DB worker (DbOp + :func:`caseworker.plans.from_store.build_plan`), the batch thread renders it
and then either saves ``settlement-plan-<file number>-<date>.pdf`` atomically into the folder or makes
the page images for the printer; only the painting onto the QPrinter happens on the GUI thread.

Each plan prints in the client's preferred official language beside their own language (the plan's
translation language, else their first language). A plan whose language catalog lacks template strings
is not printed; the batch names it and goes on (print that one from the client file, where the worker
can accept official-language-only rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from caseworker.core.errors import KnownError
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.plan_print import plan_file_name
from caseworker.gui.plans.batch import BatchJob, BatchPrintDialog
from caseworker.gui.plans.printing import PageImage, PageTarget, paint_pages, rasterise, save_pdf
from caseworker.gui.settings import AGENCY_LOGO, AGENCY_NAME
from caseworker.plans.model import PlanDocument, RenderOptions

FOLDER, PRINTER = "folder", "printer"


def read_plan(cl: Any, client_id: int, agency: str, logo: str) -> tuple[PlanDocument, RenderOptions]:
    """On the DB worker: the client's plan and the languages to print it in."""
    from caseworker.plans.from_store import PlanNotFound, build_plan, default_languages
    from caseworker.plans.model import AgencyHeader

    with cl.session() as session:
        langs = default_languages(session, client_id)
        if langs is None:
            raise PlanNotFound("No client file with that number.")
        plan = build_plan(
            session, client_id, agency=AgencyHeader(agency, logo_path=Path(logo) if logo else None)
        )
    official, language = langs
    return plan, RenderOptions(official=official, language=language, official_only_rows_when_missing=False)


def make_jobs(ctx: AppContext, owner: Any, client_ids: Sequence[int]) -> list[BatchJob]:
    """One job per client; ``load`` runs on the batch thread and waits for the DB worker's read."""
    agency, logo = ctx.settings.get(AGENCY_NAME), ctx.settings.get(AGENCY_LOGO)

    def job(cid: int) -> BatchJob:
        def load() -> tuple[PlanDocument, RenderOptions]:
            db = ctx.db
            if db is None:
                raise KnownError("The caseload is locked.", hint="Unlock it to continue.")
            op = DbOp(owner, lambda cl: read_plan(cl, cid, agency, logo)).failure(lambda _exc: None)
            return op.run(db).result()  # the batch thread waits; the GUI thread never does

        return BatchJob(f"{cid:06d}", load, cid)

    return [job(cid) for cid in client_ids]


def ask_destination(parent: QWidget | None, n: int, _: Any) -> str | None:
    box = QMessageBox(parent)
    box.setObjectName("batchDestinationBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Print plans"))
    box.setText(_("Print the settlement plans of {n} selected client(s).").format(n=n))
    box.setInformativeText(
        _("Save them as PDF files in a folder (named by file number and date), or send them to a printer.")
    )
    folder = box.addButton(_("Save as PDFs in a folder…"), QMessageBox.ButtonRole.AcceptRole)
    printer = box.addButton(_("Print…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(folder)
    box.exec()
    clicked = box.clickedButton()
    return FOLDER if clicked is folder else PRINTER if clicked is printer else None


class BatchPrint:
    """Holds what one batch needs on the GUI thread (the printer and its painter) until it ends."""

    def __init__(self, ctx: AppContext, parent: QWidget, client_ids: Sequence[int]) -> None:
        self.ctx = ctx
        self.parent = parent
        self.client_ids = list(client_ids)
        self.printer: QPrinter | None = None
        self.painter: QPainter | None = None
        self.pages = 0
        self.folder: Path | None = None
        self.saved: list[Path] = []
        self.dialog: BatchPrintDialog | None = None

    def start(self, destination: str | None = None, target: Path | QPrinter | None = None) -> bool:
        """Ask where to (unless given), then open the progress dialog and start; False if cancelled."""
        _ = self.ctx._
        if not self.client_ids or self.ctx.db is None:
            return False
        destination = destination or ask_destination(self.parent, len(self.client_ids), _)
        if destination == FOLDER:
            folder = target if isinstance(target, Path) else None
            if folder is None:
                chosen = QFileDialog.getExistingDirectory(self.parent, _("Folder for the plan PDFs"))
                folder = Path(chosen) if chosen else None
            if folder is None:
                return False
            self.folder = folder
            return self._run(self._save_prepare, self._save_sink, _("Saving plans as PDF"), saving=True)
        if destination == PRINTER:
            printer = target if isinstance(target, QPrinter) else None
            if printer is None:
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                if QPrintDialog(printer, self.parent).exec() != QPrintDialog.DialogCode.Accepted:
                    return False
            self.printer = printer
            self.painter = QPainter()
            if not self.painter.begin(printer):
                QMessageBox.warning(self.parent, _("Print plans"), _("The plan could not be printed."))
                return False
            page_target = PageTarget.of(printer)

            def prepare(_job: BatchJob, data: bytes) -> list[PageImage]:
                pages: list[PageImage] = []
                rasterise(data, page_target, on_page=lambda _i, _n, page: pages.append(page))
                return pages

            return self._run(prepare, self._print_sink, _("Print plans"))
        return False

    def _run(self, prepare: Any, sink: Any, title: str, saving: bool = False) -> bool:
        jobs = make_jobs(self.ctx, self.parent, self.client_ids)
        dialog = BatchPrintDialog(
            jobs, sink, self.parent, prepare=prepare, gettext=self.ctx._, title=title, saving=saving
        )
        dialog.finished_batch.connect(self._ended)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        dialog.start()
        return True

    # ---- a folder of PDFs: written on the batch thread ------------------------------------------
    def _save_prepare(self, job: BatchJob, data: bytes) -> Path:
        assert self.folder is not None and job.client_id is not None
        return save_pdf(data, self.folder / plan_file_name(job.client_id, self.ctx.clock.today()))

    def _save_sink(self, _job: BatchJob, path: Path) -> None:
        self.saved.append(path)

    # ---- the printer: images made on the batch thread, painted here -----------------------------
    def _print_sink(self, _job: BatchJob, pages: list[PageImage]) -> None:
        assert self.painter is not None and self.printer is not None
        self.pages += paint_pages(self.painter, self.printer, pages, first=self.pages == 0)

    def _ended(self, _done: int, _failed: int, _cancelled: bool) -> None:
        if self.painter is not None and self.painter.isActive():
            self.painter.end()
