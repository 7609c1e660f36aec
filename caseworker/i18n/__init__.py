"""Languages, gettext catalogs and Babel formatting shared by the desktop, the form and the plans."""

from caseworker.i18n.catalogs import translations
from caseworker.i18n.languages import LANGUAGES, OFFICIAL_LANGUAGES, Language, get

__all__ = ["LANGUAGES", "OFFICIAL_LANGUAGES", "Language", "get", "translations"]
