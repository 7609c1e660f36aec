"""Name, identifier and note search over the caseload.

How it works (see docs/store-schema.md for the why):

- ``clients.search_text`` holds every name of a client *folded* here in Python: NFKD with combining
  diacritics, Arabic harakat and Hebrew points removed, Arabic/Persian letter variants unified (ي/ی/ى,
  ك/ک, ة/ه, أ/إ/آ→ا), case folded, apostrophes dropped, hyphenated names also joined, and a Latin
  transliteration (anyascii) added for Cyrillic, Greek, Armenian, Georgian, Chinese, Japanese, Korean.
  The FTS5 table ``fts_client_names`` (unicode61, remove_diacritics 2, combining marks kept inside tokens)
  indexes it; the migration's triggers keep it in step. A query is folded the same way and every word
  becomes a quoted prefix term, so "gene" finds "Genève" and "олекс" finds "Олександр".
- ``clients.search_cjk`` holds names in scripts written without spaces (Chinese, Japanese, Thai, Lao,
  Khmer, Myanmar), family+given run together; ``fts_client_cjk`` (trigram) finds any 3+ character
  substring of them ("张伟明" typed as one word). Shorter CJK input is a prefix of a family or given name.
- Identifiers and phone numbers are exact after normalisation (UCI dashes, E.164 phone).
- Notes: ``fts_notes`` (external content on notes.body).

Every user string goes through :func:`fts_query` / :func:`fts_phrase`, which quote each term, so input
such as ``"``, ``*``, ``NEAR(``, ``AND`` or ``-`` is searched for as text and never becomes FTS5 syntax.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from anyascii import anyascii
from sqlalchemy.orm import Session

MAX_QUERY_TERMS = 8
MAX_TERM_CHARS = 64
MAX_QUERY_CHARS = 256

# Combining marks folded away: Latin/Greek/Cyrillic diacritics, Arabic harakat, Hebrew points.
_STRIP_MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
)
_APOSTROPHES = re.compile("['\u2019\u02bc\u02bb`\u00b4\u2018]")
_LETTER_FOLD = str.maketrans(
    {
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u200c": "",  # ZWNJ (Persian half-space): typed inconsistently
        "\u200d": "",
        "\u00f8": "o",
        "\u0142": "l",
        "\u0111": "d",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u0131": "i",
        "\u00f0": "d",
        "\u00fe": "th",
    }
)
_TRANSLITERATE_SCRIPTS = (
    "CYRILLIC",
    "GREEK",
    "ARMENIAN",
    "GEORGIAN",
    "CJK",
    "HANGUL",
    "HIRAGANA",
    "KATAKANA",
)
_NO_SPACE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")


# Ukrainian national transliteration (KMU 2010, the one on Ukrainian passports), for Cyrillic names
# written without a Latin form; anyascii gives the Russian-style reading ("Irina") next to it.
_UKRAINIAN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
        "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """The comparison form of a name or query (see module docstring). Idempotent."""
    text = unicodedata.normalize("NFKD", text)
    text = _STRIP_MARKS.sub("", text)
    text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFC", text).casefold().translate(_LETTER_FOLD)
    return " ".join(text.split())


def _is_token_char(ch: str) -> bool:
    # mirrors the FTS5 tokenizer option: categories 'L* N* Co M*'
    cat = unicodedata.category(ch)
    return cat[0] in "LNM" or cat == "Co"


def terms(text: str) -> list[str]:
    """Split folded text into the words FTS5 will see."""
    out: list[str] = []
    cur: list[str] = []
    for ch in text:
        if _is_token_char(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _script_of(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ")[0]
    except ValueError:
        return ""


def _has_script(text: str, scripts: tuple[str, ...]) -> bool:
    return any(ord(ch) > 0x2FF and _script_of(ch) in scripts for ch in text)


def has_no_space_script(text: str) -> bool:
    return _has_script(text, _NO_SPACE_SCRIPTS)


def client_search_text(
    given_name: str, family_name: str, given_name_latin: str, family_name_latin: str, preferred_name: str
) -> str:
    """What ``fts_client_names`` indexes for a client."""
    parts: list[str] = []
    for name in (given_name, family_name, given_name_latin, family_name_latin, preferred_name):
        if not name:
            continue
        folded = fold(name)
        parts.append(folded)
        if "-" in folded or " " in folded:
            joined = "".join(terms(folded))
            if joined != folded:
                parts.append(joined)
        if _has_script(name, _TRANSLITERATE_SCRIPTS):
            parts.append(fold(anyascii(name)))
        if _has_script(name, ("CYRILLIC",)):
            parts.append(fold(anyascii(name.casefold().translate(_UKRAINIAN))))
    seen: dict[str, None] = {}
    for part in parts:
        seen.setdefault(part, None)
    return " ".join(seen)


def client_search_cjk(
    given_name: str, family_name: str, given_name_latin: str, family_name_latin: str, preferred_name: str
) -> str:
    """What ``fts_client_cjk`` (trigram) indexes: names in scripts without word breaks, run together."""
    native = [n for n in (family_name, given_name, preferred_name) if n and has_no_space_script(n)]
    if not native:
        return ""
    family, given = fold(family_name), fold(given_name)
    variants = [family + given, given + family, fold(preferred_name)]
    return "\n".join(dict.fromkeys(v.replace(" ", "") for v in variants if v))


def client_sort_name(
    given_name: str, family_name: str, given_name_latin: str, family_name_latin: str, preferred_name: str
) -> str:
    """A case- and accent-free Latin sort key: family, given (Latin forms first, else transliterated)."""
    family = family_name_latin or family_name
    given = given_name_latin or given_name or preferred_name
    key = fold(anyascii(family)) + " " + fold(anyascii(given))
    return key.strip()[:400]


# --------------------------------------------------------------------------------------------------
# Query builders: user text -> safe FTS5 MATCH expressions
# --------------------------------------------------------------------------------------------------


# NUL ends an FTS5 string early ("unterminated string"); controls and lone surrogates are never text
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _searchable(chunk: str) -> bool:
    # a token character for us, or one this Python does not know yet (SQLite's tables may be newer)
    return any(_is_token_char(ch) or unicodedata.category(ch) == "Cn" for ch in chunk)


def fts_query(text: str, *, prefix: bool = True, folded: bool = True) -> str | None:
    """An FTS5 expression matching rows that contain every space-separated chunk of ``text`` (the last
    word of each chunk as a prefix when ``prefix``; "al-has" is the phrase al + has*). Every chunk is a
    quoted string, so nothing a person types is FTS5 syntax. None when nothing is searchable.
    ``folded``: fold the query as client names are folded (False for notes, indexed as typed)."""
    text = _CONTROL.sub(" ", text[:MAX_QUERY_CHARS])
    text = fold(text) if folded else unicodedata.normalize("NFC", text)
    chunks = [c[:MAX_TERM_CHARS] for c in text.split() if _searchable(c)][:MAX_QUERY_TERMS]
    if not chunks:
        return None
    star = "*" if prefix else ""
    return " AND ".join(_quote(c) + star for c in chunks)


def cjk_query(text: str) -> str | None:
    """A trigram expression for the no-word-break parts of ``text`` of 3+ characters, else None."""
    text = _CONTROL.sub(" ", text[:MAX_QUERY_CHARS])
    words = [w for w in fold(text).split() if has_no_space_script(w) and len(w) >= 3]
    if not words:
        return None
    return " AND ".join(_quote(w[:MAX_TERM_CHARS]) for w in words[:MAX_QUERY_TERMS])


def identifier_key(text: str) -> str:
    """The exact-match key of a document number: upper-case ASCII letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isascii() and ch.isalnum())[
        :40
    ]


# --------------------------------------------------------------------------------------------------
# Maintenance
# --------------------------------------------------------------------------------------------------

FTS_TABLES = ("fts_client_names", "fts_client_cjk", "fts_notes")


def check_indexes(session: Session) -> list[str]:
    """Names of the full-text indexes that do not match their tables (empty when all hold)."""
    bad: list[str] = []
    for table in FTS_TABLES:
        try:
            session.execute(sa.text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))
        except sa.exc.DatabaseError:
            bad.append(table)
    return bad


def rebuild_indexes(session: Session) -> None:
    """Rebuild every full-text index from its table (repair after a check_indexes failure)."""
    for table in FTS_TABLES:
        session.execute(sa.text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))
