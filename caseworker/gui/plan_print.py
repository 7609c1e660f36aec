"""Print preview of a client's bilingual settlement plan: the PLANS part's renderer and preview widget,
driven from the client file (Plan tab → "Print preview…", or Ctrl+P). Rendering runs on the caseload's
worker thread; the preview offers Print… and Save as PDF….
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseworker.core.errors import KnownError
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.errors import error_label, known_error_text
from caseworker.gui.settings import AGENCY_LOGO, AGENCY_NAME
from caseworker.i18n import languages as langs


def render(cl: Any, client_id: int, official: str, language: str, agency: str, logo: str) -> bytes:
    """On the worker: the plan PDF (rows lacking a translation print in the official language only)."""
    from caseworker.plans.from_store import build_plan
    from caseworker.plans.model import AgencyHeader, RenderOptions
    from caseworker.plans.render import render_plan_bytes

    with cl.session() as session:
        header = AgencyHeader(agency, logo_path=Path(logo) if logo else None)
        plan = build_plan(session, client_id, agency=header)
    data, _result = render_plan_bytes(
        plan, RenderOptions(official=official, language=language, official_only_rows_when_missing=True)
    )
    return data


class PlanPrintDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        client_id: int,
        client_languages: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
        _ = ctx._
        self._ = _
        self.setWindowTitle(_("Print the settlement plan"))
        self.setAccessibleName(_("Print the settlement plan"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.official = QComboBox()
        self.official.setAccessibleName(_("Official language"))
        self.official.addItem("English", "en")
        self.official.addItem("Français", "fr")
        self.official.setCurrentIndex(1 if ctx.i18n.locale == "fr" else 0)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Client's language"))
        codes = [
            c
            for c in client_languages
            if langs.known(c) and langs.get(c).code not in langs.OFFICIAL_LANGUAGES
        ]
        for lang in langs.LANGUAGES:
            if lang.code not in langs.OFFICIAL_LANGUAGES:
                self.language.addItem(lang.native_name, lang.code)
        if codes:
            self.language.setCurrentIndex(max(0, self.language.findData(langs.get(codes[0]).code)))
        show = QPushButton(_("Show"))
        show.setAccessibleName(_("Show the plan"))
        show.clicked.connect(self.refresh)
        for text, w in ((_("Official language:"), self.official), (_("Client's language:"), self.language)):
            lab = QLabel(text)
            lab.setBuddy(w)
            row.addWidget(lab)
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(show)
        layout.addLayout(row)
        self.status = error_label()
        layout.addWidget(self.status)
        self.preview: Any = None
        try:
            from caseworker.gui.plans.preview import PlanPreview

            self.preview = PlanPreview(self)
            layout.addWidget(self.preview, 1)
        except ImportError:  # pragma: no cover - the plans part is not installed
            missing = QLabel(_("Printing plans becomes available when the plan printing part is installed."))
            missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(missing, 1)
        self.resize(900, 760)

    def refresh(self) -> None:
        if self.ctx.db is None or self.preview is None:
            return
        from caseworker.plans.completeness import check

        official, language = self.official.currentData(), self.language.currentData()
        report = check(language, official)
        self.status.setVisible(not report.complete)
        if not report.complete:
            self.status.setText(
                self._(
                    "The plan's printed text is not fully translated into this language yet: "
                    "those rows print in the official language only."
                )
            )
        agency, logo = self.ctx.settings.get(AGENCY_NAME), self.ctx.settings.get(AGENCY_LOGO)
        cid = self.client_id
        DbOp(self, lambda cl: render(cl, cid, official, language, agency, logo)).success(self._show).failure(
            self._failed
        ).run(self.ctx.db)

    def _show(self, data: bytes) -> None:
        if self.preview is not None:
            self.preview.set_pdf(data, "plan.pdf")

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        msg, hint = known_error_text(self._, exc)
        self.status.setText(f"{msg} {hint}".strip())
        self.status.show()
