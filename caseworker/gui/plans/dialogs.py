"""Asking the worker what to do when the client language's plan catalog is incomplete.

Strings go through the desktop's gettext domain (pass ``ctx._``); without one they stay English.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from caseworker.i18n import catalogs
from caseworker.i18n import languages as langs
from caseworker.plans.completeness import CompletenessReport
from caseworker.plans.templates import DOMAIN as PLANS_DOMAIN

Gettext = Callable[[str], str]


def _same(text: str) -> str:
    return text


def official_name(code: str, gettext: Gettext | None = None) -> str:
    """The official language as a word inside a sentence of the UI ("English", "anglais")."""
    _ = gettext or _same
    return {"en": _("English"), "fr": _("French")}.get(code, langs.get(code).native_name)


def incomplete_catalog_box(
    parent: QWidget | None, report: CompletenessReport, gettext: Gettext | None = None
) -> QMessageBox:
    """The warning box (built, not shown): names the missing template strings, offers official-only rows.

    ``box.exec()`` returns; ``box.clickedButton() is box.official_only_button`` means "print anyway".
    The missing strings are our own template text (never client data).
    """
    _ = gettext or _same
    lang = langs.get(report.language)
    official_word = official_name(report.official, _)
    # The rows as the official column prints them (French headings when printing in French).
    in_official = catalogs.translations(PLANS_DOMAIN, report.official).gettext
    missing = tuple(in_official(m) for m in report.missing) + report.missing_official
    box = QMessageBox(parent)
    box.setObjectName("incompleteCatalogBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Translation incomplete"))
    box.setText(
        _("The {lang} text of the plan is missing {n} template string(s):").format(
            lang=lang.native_name, n=len(missing)
        )
    )
    shown = "\n".join(f"• {m[:80]}" for m in missing[:8])
    more = ""
    if len(missing) > 8:
        more = "\n" + _("…and {n} more (see Show Details).").format(n=len(missing) - 8)
    box.setInformativeText(
        shown
        + more
        + "\n\n"
        + _("Those rows can be printed in {official} only, or you can cancel and ask a translator.").format(
            official=official_word
        )
    )
    box.setDetailedText("\n".join(missing))
    official_only = box.addButton(
        _("Print with {official} only in those rows").format(official=official_word),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.official_only_button = official_only  # type: ignore[attr-defined]
    return box


def ask_official_only(
    parent: QWidget | None, report: CompletenessReport, gettext: Gettext | None = None
) -> bool:
    """True when the catalog is complete, or the worker accepts official-only rows for the gaps."""
    if report.complete:
        return True
    box = incomplete_catalog_box(parent, report, gettext)
    box.exec()
    return box.clickedButton() is box.official_only_button  # type: ignore[attr-defined]
