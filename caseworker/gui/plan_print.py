"""Print preview of a client's bilingual settlement plan: the PLANS part's renderer and preview widget,
driven from the client file (Plan tab → "Print preview…", or Ctrl+P). Rendering runs on the caseload's
worker thread; the preview offers Print… and Save as PDF….
"""

from __future__ import annotations

import datetime as dt
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


def render(
    cl: Any,
    client_id: int,
    official: str,
    language: str,
    agency: str,
    logo: str,
    official_only: bool = False,
    translations_root: Path | None = None,
) -> bytes:
    """On the worker: the plan PDF. ``official_only`` only when the worker accepted official-language-only
    rows for the template strings the client language's catalog lacks (else an incomplete catalog raises
    IncompleteCatalog, a KnownError)."""
    from caseworker.plans.from_store import build_plan
    from caseworker.plans.model import AgencyHeader, RenderOptions
    from caseworker.plans.render import render_plan_bytes

    with cl.session() as session:
        header = AgencyHeader(agency, logo_path=Path(logo) if logo else None)
        plan = build_plan(session, client_id, agency=header)
    options = RenderOptions(
        official=official,
        language=language,
        official_only_rows_when_missing=official_only,
        translations_root=translations_root,
    )
    data, _result = render_plan_bytes(plan, options)
    return data


def plan_file_name(client_id: int, day: dt.date) -> str:
    """``settlement-plan-000042-2026-11-28.pdf``: the internal file number, no personal data."""
    return f"settlement-plan-{client_id:06d}-{day.isoformat()}.pdf"


class PlanPrintDialog(QDialog):
    """Choose the languages, check the client language's catalog (asking about gaps), render, preview."""

    #: Where the plan catalogs are read from; None = the app's translations/ (tests point it elsewhere).
    translations_root: Path | None = None

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

            self.preview = PlanPreview(self, gettext=_)
            layout.addWidget(self.preview, 1)
        except ImportError:  # pragma: no cover - the plans part is not installed
            missing = QLabel(_("Printing plans becomes available when the plan printing part is installed."))
            missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(missing, 1)
        self.resize(900, 760)

    def refresh(self) -> None:
        """Check the catalog first: with gaps, ask (naming them) and render only if the worker agrees."""
        if self.ctx.db is None or self.preview is None:
            return
        from caseworker.gui.plans.dialogs import ask_official_only, official_name
        from caseworker.plans.completeness import check

        _ = self._
        official, language = self.official.currentData(), self.language.currentData()
        report = check(language, official, self.translations_root)
        official_only = False
        if report.complete:
            self.status.hide()
        else:
            official_word = official_name(official, _)
            if not ask_official_only(self, report, _):
                self.preview.clear()
                self.status.setText(
                    _(
                        "Not shown: the printed text of the plan is not fully translated into {lang}. "
                        "Ask a translator to complete it, or press Show and accept {official} only in "
                        "those rows."
                    ).format(lang=langs.get(language).native_name, official=official_word)
                )
                self.status.show()
                return
            official_only = True
            self.status.setText(
                _("Rows not yet translated into {lang} are printed in {official} only.").format(
                    lang=langs.get(language).native_name, official=official_word
                )
            )
            self.status.show()
        agency, logo = self.ctx.settings.get(AGENCY_NAME), self.ctx.settings.get(AGENCY_LOGO)
        cid, root = self.client_id, self.translations_root
        DbOp(self, lambda cl: render(cl, cid, official, language, agency, logo, official_only, root)).success(
            self._show
        ).failure(self._failed).run(self.ctx.db)

    def suggested_file_name(self) -> str:
        """Save as PDF default: the internal client number and today's date, never a name (file names
        end up in recent-files lists)."""
        return plan_file_name(self.client_id, self.ctx.clock.today())

    def _show(self, data: bytes) -> None:
        if self.preview is not None:
            self.preview.set_pdf(data, self.suggested_file_name())

    def done(self, result: int) -> None:
        if self.preview is not None:
            self.preview.cancel_print(wait=True)  # the page-image thread never outlives the dialog
        super().done(result)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        msg, hint = known_error_text(self._, exc)
        self.status.setText(f"{msg} {hint}".strip())
        self.status.show()
