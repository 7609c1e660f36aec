"""Asking the worker what to do when the client language's plan catalog is incomplete."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from caseworker.i18n import languages as langs
from caseworker.plans.completeness import CompletenessReport


def incomplete_catalog_box(parent: QWidget | None, report: CompletenessReport) -> QMessageBox:
    """The warning box (built, not shown): names the missing template strings, offers official-only rows.

    ``box.exec()`` returns; ``box.clickedButton() is box.property_official_only`` means "print anyway".
    """
    lang = langs.get(report.language)
    official = langs.get(report.official)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("Translation incomplete"))
    box.setText(
        box.tr("The {lang} plan text is missing {n} template string(s).").format(
            lang=lang.native_name, n=len(report.missing) + len(report.missing_official)
        )
    )
    box.setInformativeText(
        box.tr(
            "Those rows can be printed in {official} only, or you can cancel and ask a translator."
        ).format(official=official.native_name)
    )
    box.setDetailedText("\n".join(report.missing + report.missing_official))
    official_only = box.addButton(
        box.tr("Print with {official} only in those rows").format(official=official.native_name),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.official_only_button = official_only  # type: ignore[attr-defined]
    return box


def ask_official_only(parent: QWidget | None, report: CompletenessReport) -> bool:
    """True when the catalog is complete, or the worker accepts official-only rows for the gaps."""
    if report.complete:
        return True
    box = incomplete_catalog_box(parent, report)
    box.exec()
    return box.clickedButton() is box.official_only_button  # type: ignore[attr-defined]
