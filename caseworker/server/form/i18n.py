"""The form's languages and its gettext domain (``intakeform``).

A language is offered on the public form when the language registry knows it and a translation of the
``intakeform`` domain exists for it (English needs none: the msgids are English). Adding a language is
adding ``translations/<code>/LC_MESSAGES/intakeform.po`` (see docs/intake-form.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caseworker.i18n import catalogs
from caseworker.i18n import languages as registry

DOMAIN = "intakeform"

# The order the language step shows them in: the official languages first, then the registry's order.
FORM_LANGUAGE_ORDER: tuple[str, ...] = ("en", "fr", "ar", "fa", "uk", "es", "ti", "zh_Hans")


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (translated where it is shown)."""
    return message


def available_languages(root: Path | None = None) -> tuple[registry.Language, ...]:
    """The languages the form offers: English plus every registry language with an intakeform catalog."""
    codes = [c for c in FORM_LANGUAGE_ORDER if c == "en" or catalogs.po_path(DOMAIN, c, root).exists()]
    base = root or catalogs.TRANSLATIONS_DIR
    if base.is_dir():
        for lang in registry.LANGUAGES:
            if lang.code not in codes and catalogs.po_path(DOMAIN, lang.code, root).exists():
                codes.append(lang.code)
    return tuple(registry.get(c) for c in codes)


@dataclass(frozen=True)
class Translator:
    """gettext for one language, plus what a page needs to know about that language."""

    language: registry.Language

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag for ``<html lang>`` (``zh-Hans``, not the CLDR ``zh_Hans``)."""
        return self.language.code.replace("_", "-")

    @property
    def dir(self) -> str:
        return self.language.direction

    def gettext(self, message: str) -> str:
        if self.language.code == "en":
            return message
        return catalogs.translations(DOMAIN, self.language.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.language.code == "en":
            return singular if n == 1 else plural
        return catalogs.translations(DOMAIN, self.language.code).ngettext(singular, plural, n)


def translator(code: str) -> Translator:
    return Translator(registry.get(code))
