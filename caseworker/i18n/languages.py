"""The language registry: every language Caseworker knows, with its native name, direction and script.

One table serves the GUI (language pickers), the intake form (its language step) and the plan renderer
(which font and shaping a column needs). Codes are BCP 47 tags as Babel/CLDR spell them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # BCP 47 / CLDR tag, e.g. "ar", "fa", "zh_Hans", "pa_Guru"
    english_name: str
    native_name: str
    direction: Direction
    script: str  # ISO 15924: Latn, Arab, Cyrl, Ethi, Hans, Deva, Guru
    iso639: str  # the ISO 639-1 (or -3 where no -1 exists) code stored on client records

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", "ltr", "Latn", "en"),
    Language("fr", "French", "Français", "ltr", "Latn", "fr"),
    Language("ar", "Arabic", "العربية", "rtl", "Arab", "ar"),
    Language("fa", "Persian (Farsi/Dari)", "فارسی", "rtl", "Arab", "fa"),
    Language("ps", "Pashto", "پښتو", "rtl", "Arab", "ps"),
    Language("ur", "Urdu", "اردو", "rtl", "Arab", "ur"),
    Language("ti", "Tigrinya", "ትግርኛ", "ltr", "Ethi", "ti"),
    Language("am", "Amharic", "አማርኛ", "ltr", "Ethi", "am"),
    Language("uk", "Ukrainian", "Українська", "ltr", "Cyrl", "uk"),
    Language("ru", "Russian", "Русский", "ltr", "Cyrl", "ru"),
    Language("es", "Spanish", "Español", "ltr", "Latn", "es"),
    Language("zh_Hans", "Chinese (Simplified)", "简体中文", "ltr", "Hans", "zh"),
    Language("pa", "Punjabi (Gurmukhi)", "ਪੰਜਾਬੀ", "ltr", "Guru", "pa"),
    Language("hi", "Hindi", "हिन्दी", "ltr", "Deva", "hi"),
    Language("tl", "Tagalog", "Tagalog", "ltr", "Latn", "tl"),
    Language("so", "Somali", "Soomaali", "ltr", "Latn", "so"),
)

_BY_CODE = {lang.code: lang for lang in LANGUAGES}
_BY_ISO = {lang.iso639: lang for lang in LANGUAGES}

OFFICIAL_LANGUAGES: tuple[str, ...] = ("en", "fr")


def get(code: str) -> Language:
    """Look a language up by its tag or by its ISO 639 code (``zh`` finds ``zh_Hans``)."""
    lang = _BY_CODE.get(code) or _BY_ISO.get(code) or _BY_CODE.get(code.replace("-", "_"))
    if lang is None:
        raise KeyError(code)
    return lang


def known(code: str) -> bool:
    try:
        get(code)
    except KeyError:
        return False
    return True
