"""Names as comparable keys, across scripts: the normaliser behind name matching.

A newcomer's name reaches us written in their own script (Arabic, Persian, Cyrillic, Chinese, Ge'ez,
Latin...) and in Latin letters typed by themselves, a volunteer or an officer abroad, each with their
own conventions. Three keys per name token, from strict to loose:

``native``
    the name in its own script, case-folded, diacritics and Arabic harakat removed, Arabic/Persian
    letter variants unified (أ إ آ → ا, ى ی → ي, ة → ه, ک → ك). Two names in the same script compare
    on this key: it keeps vowels, so حسن (Hassan) and حسين (Hussein) stay different.
``phonetic``
    lower-case ASCII (transliterated by ``anyascii``), with spelling conventions folded: kh/gh/ph/
    th/dh/q/c/x/w..., doubled letters collapsed, and vowel runs reduced to three classes (a/e, i/y,
    o/u), so Mohammed, Muhammad, Mohamad and Mohamed become one key.
``skeleton``
    the consonants only. Arabic, Persian, Hebrew and Syriac scripts (abjads) write few vowels, so
    محمد transliterates to ``mhmd``: the only key on which it can meet ``Mohammed`` is the consonant
    skeleton of both.

Particles (al-, el-, bin, de, van...) are dropped from tokens; Abdel/Abdul/Abd al- become ``abd``.
No I/O, no state: every function is pure and cached where it is hot.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from anyascii import anyascii


class Script(StrEnum):
    LATIN = "latin"
    ARABIC = "arabic"  # Arabic, Persian, Urdu, Pashto...
    HEBREW = "hebrew"
    SYRIAC = "syriac"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    ETHIOPIC = "ethiopic"  # Ge'ez: Amharic, Tigrinya
    HAN = "han"
    HANGUL = "hangul"
    KANA = "kana"
    OTHER = "other"


#: Scripts that leave most vowels unwritten: their transliteration is a consonant skeleton.
ABJADS = frozenset({Script.ARABIC, Script.HEBREW, Script.SYRIAC})

_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0041, 0x024F, Script.LATIN),
    (0x1E00, 0x1EFF, Script.LATIN),
    (0x0370, 0x03FF, Script.GREEK),
    (0x0400, 0x052F, Script.CYRILLIC),
    (0x0590, 0x05FF, Script.HEBREW),
    (0x0600, 0x06FF, Script.ARABIC),
    (0x0700, 0x074F, Script.SYRIAC),
    (0x0750, 0x077F, Script.ARABIC),
    (0x08A0, 0x08FF, Script.ARABIC),
    (0x1200, 0x139F, Script.ETHIOPIC),
    (0x2D80, 0x2DDF, Script.ETHIOPIC),
    (0xAB00, 0xAB2F, Script.ETHIOPIC),
    (0x3040, 0x30FF, Script.KANA),
    (0x3400, 0x4DBF, Script.HAN),
    (0x4E00, 0x9FFF, Script.HAN),
    (0xAC00, 0xD7AF, Script.HANGUL),
    (0xFB1D, 0xFB4F, Script.HEBREW),
    (0xFB50, 0xFDFF, Script.ARABIC),
    (0xFE70, 0xFEFF, Script.ARABIC),
)


def _char_script(ch: str) -> Script | None:
    if not ch.isalpha():
        return None
    cp = ord(ch)
    for lo, hi, script in _RANGES:
        if lo <= cp <= hi:
            return script
    return Script.OTHER


@lru_cache(maxsize=65536)
def detect_script(text: str) -> Script:
    """The script most of the letters of ``text`` are written in (LATIN for text without letters)."""
    counts: dict[Script, int] = {}
    for ch in text:
        script = _char_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return Script.LATIN
    return max(counts.items(), key=lambda kv: kv[1])[0]


# --- native key -------------------------------------------------------------------------------------

_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ۀ": "ه",
        "ک": "ك",
        "ګ": "ك",
        "ـ": None,  # tatweel, a typographic stretch
        "\u200c": None,  # ZWNJ: Persian half-space, optional when typing
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
    }
)
_CYRILLIC_FOLD = str.maketrans({"ё": "е", "ї": "і", "є": "е", "ґ": "г", "й": "и", "ы": "и"})
_SPLIT_RE = re.compile(r"[\s\-‐‑–—_.,;:/\\'’‘`\"()\[\]«»]+")
_ARABIC_ARTICLE = "ال"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=65536)
def native_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a name in its own script, folded for comparison (see the module docstring)."""
    folded = _strip_marks(unicodedata.normalize("NFKC", text).casefold())
    folded = folded.translate(_ARABIC_FOLD).translate(_CYRILLIC_FOLD)
    out: list[str] = []
    for token in _SPLIT_RE.split(folded):
        if not token:
            continue
        if token.startswith(_ARABIC_ARTICLE) and len(token) > 3:
            token = token[2:]  # الحسن → حسن: the article is written attached
        if token in _PARTICLES:
            continue
        out.append(token)
    return tuple(out)


# --- ASCII, phonetic and skeleton keys -------------------------------------------------------------

#: Name particles that are often dropped, moved or glued on: not evidence either way.
_PARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "bin",
        "ben",
        "ibn",
        "bint",
        "de",
        "del",
        "della",
        "der",
        "la",
        "le",
        "van",
        "von",
        "da",
        "das",
        "dos",
        "di",
        "du",
        "y",
        "e",
    }
)
# Abdel Rahman, Abdul-Rahman, Abd al-Rahman, Abdurrahman, Abdus Salam → "abd rahman", "abd salam".
_ABD_SIMPLE_RE = re.compile(r"\babd(?:[aeiou]?l|u(?=[rsdtnz]))?[\s\-]*(?=[a-z])")
# Alhassan, Elsayed, Alrashid: the Arabic article glued on in Latin letters. Only before the consonants
# that begin Arabic family names and with at least four letters left (Albert, Alma, Elton, Elham stay).
_GLUED_ARTICLE_RE = re.compile(r"^[ae]l(?=[hsrkjnzqtd][a-z]{3})")
_GLOTTAL_RE = re.compile("['`’‘ʼʻʿʾ]")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=65536)
def ascii_tokens(text: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name in any script, particles dropped.

    Chinese comes out of anyascii as ``WangXiaoMing``: the capitals mark syllables, and a given name of
    two syllables is one token (Xiaoming), as people write it in Latin letters.
    """
    text = unicodedata.normalize("NFKC", text)
    if detect_script(text) is Script.ARABIC:
        # the article is written attached (الرحمن): drop it before it becomes an "l" glued to the name
        text = " ".join(t[2:] if t.startswith(_ARABIC_ARTICLE) and len(t) > 3 else t for t in text.split())
    latin = anyascii(text)
    if detect_script(text) is Script.HAN:
        # one Han character per syllable: 小明 → XiaoMing → "xiaoming"
        latin = latin.replace(" ", "")
    else:
        latin = _CAMEL_RE.sub("", latin)
    latin = _GLOTTAL_RE.sub("", latin.lower())  # mika'el, `abd: an ayn or a glottal stop is not a break
    latin = _ABD_SIMPLE_RE.sub("abd ", latin)
    out = []
    for token in _SPLIT_RE.split(latin):
        token = "".join(c for c in token if "a" <= c <= "z")
        if token and token not in _PARTICLES:
            out.append(_GLUED_ARTICLE_RE.sub("", token))
    return tuple(out)


# Digraphs first (order matters), then single letters. Upper-case letters are internal symbols.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "S"),
    ("sch", "S"),
    ("tch", "C"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("sh", "S"),
    ("ch", "C"),
    ("zh", "J"),
    ("ts", "z"),
    ("tz", "z"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ie", "i"),
)
_SINGLE = str.maketrans({"q": "k", "c": "k", "x": "X", "w": "v", "j": "J"})
_VOWEL_CLASS = {"a": "a", "e": "a", "i": "i", "y": "i", "o": "o", "u": "o"}
_VOWELS = frozenset("aeiouy")


def _fold_consonants(token: str) -> str:
    for old, new in _DIGRAPHS:
        token = token.replace(old, new)
    return token.translate(_SINGLE).replace("X", "ks")


def _collapse_doubles(token: str) -> str:
    out: list[str] = []
    for ch in token:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def phonetic_token(token: str) -> str:
    """A spelling-tolerant key of one ASCII token: Mohammed, Muhammad, Mohamad → ``mohamad``.

    An initial j before a vowel is read as y (Julia / Yuliia / Юлія, Jasmin / Yasmin): German and
    Slavic spellings write the y sound with a j.
    """
    if len(token) > 1 and token[0] == "j" and token[1] in _VOWELS:
        token = "y" + token[1:]
    folded = _fold_consonants(token)
    out: list[str] = []
    for ch in folded:
        if ch in _VOWELS:
            cls = _VOWEL_CLASS[ch]
            if out and out[-1] in "aio":
                continue  # a run of vowels keeps its first class: ei → a, ou → o (folded above)
            out.append(cls)
        elif not out or out[-1] != ch:
            out.append(ch)
    return "".join(out).lower()


@lru_cache(maxsize=65536)
def skeleton_token(token: str) -> str:
    """The consonant skeleton of one ASCII token: Mohammed and محمد (``mhmd``) both give ``mhmd``.

    Semivowels (w, y) are dropped with the vowels because the abjads write long vowels with them; a
    final h is dropped because ة/ه (Fatima, Fatemeh, فاطمه) is written or not at will.
    """
    folded = _fold_consonants(token)
    consonants = "".join(c for i, c in enumerate(folded) if c not in _VOWELS and (c != "v" or i == 0))
    consonants = _collapse_doubles(consonants.lower())
    if len(consonants) > 1 and consonants.endswith("h"):
        consonants = consonants[:-1]
    return consonants


def skeleton_tokens(text: str) -> tuple[str, ...]:
    return tuple(s for s in (skeleton_token(t) for t in ascii_tokens(text)) if s)


def phonetic_tokens(text: str) -> tuple[str, ...]:
    return tuple(p for p in (phonetic_token(t) for t in ascii_tokens(text)) if p)
