"""The user interface's language: our gettext domain ``caseworker``, Qt's own qtbase catalog, Babel formats.

Every string of ours goes through :meth:`UiI18n.gettext` (used as ``_ = ctx._`` in widgets so
``pybabel extract`` finds the calls). Strings in Designer forms (``ui/*.ui``) reach gettext too:
:class:`GettextTranslator` is a QTranslator that answers Qt's ``translate()`` from our catalog.
Qt's stock dialogs (QMessageBox buttons, QFileDialog, QWizard's Back/Next) are translated by the
``qtbase_<lang>.qm`` files PySide6 ships. A language change applies at the next start (the
preferences dialog says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from caseworker.i18n import catalogs
from caseworker.i18n import languages as langs

DOMAIN = "caseworker"
UI_LANGUAGES: tuple[str, ...] = ("en", "fr")


@dataclass
class UiI18n:
    """Translations and formats for one UI locale (``en`` or ``fr``)."""

    locale: str = "en"
    _t: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.locale not in UI_LANGUAGES:
            self.locale = "en"
        self._t = catalogs.translations(DOMAIN, self.locale)
        self.babel_locale = Locale.parse(self.locale)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)  # type: ignore[attr-defined,no-any-return]

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)  # type: ignore[attr-defined,no-any-return]

    def date(self, value: dt.date | None, fmt: str = "medium") -> str:
        if value is None:
            return ""
        return format_date(value, format=fmt, locale=self.babel_locale)

    def datetime(self, value: dt.datetime | None, fmt: str = "medium") -> str:
        if value is None:
            return ""
        return format_datetime(value, format=fmt, locale=self.babel_locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.babel_locale)

    def language_name(self, code: str) -> str:
        """A client language shown by its native name (``العربية``), as UX.md asks."""
        try:
            name = langs.get(code).native_name
        except KeyError:
            return code
        # First-strong isolate: an Arabic name in a comma list never reorders its neighbours.
        return f"\u2068{name}\u2069" if langs.get(code).rtl else name

    def qlocale(self) -> QLocale:
        return QLocale(self.locale)


class GettextTranslator(QTranslator):
    """Answers Qt's translate() (used by pyside6-uic generated forms) from our gettext domain."""

    def __init__(self, i18n: UiI18n, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self._i18n = i18n

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        # Always a str: PySide6 6.12 over-releases a None returned from this override. This translator
        # is installed *before* qtbase's, so Qt asks qtbase first; returning the source text for
        # strings that are not ours is then the same as "untranslated".
        if not source:
            return ""
        return self._i18n.gettext(source) if context.startswith("cw_") else source


def install_translators(app: QCoreApplication, i18n: UiI18n) -> list[QTranslator]:
    """Install qtbase_<lang>.qm and our gettext bridge on the application; returns them (keep references)."""
    installed: list[QTranslator] = []
    QLocale.setDefault(i18n.qlocale())
    # Ours first: Qt asks the most recently installed translator first, so qtbase answers its own.
    ours = GettextTranslator(i18n, app)
    app.installTranslator(ours)
    installed.append(ours)
    if i18n.locale != "en":
        qt = QTranslator(app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{i18n.locale}", path):
            app.installTranslator(qt)
            installed.append(qt)
    return installed
