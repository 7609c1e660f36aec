"""Text hygiene for anything a person typed: one place, used at every edge.

- NFC normalisation, so "é" typed two ways compares equal and is stored once;
- C0/C1 control characters refused (they have no place in a name or a note, and hide attacks);
- bidirectional override/embedding/isolate controls stripped from names (they can make
  "ABC" display as "CBA" on a worker's screen or a printed plan), while Arabic, Hebrew and every
  other script's letters are kept. Marks that are legitimate in names (ZWJ/ZWNJ, used in Persian,
  and LRM/RLM) are kept.
"""

from __future__ import annotations

import re
import unicodedata

# Explicit embeddings, overrides and isolates (UAX #9): LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
# C0 controls except tab/newline/carriage return, DEL, C1 controls.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_bidi_controls(text: str) -> str:
    return _BIDI_RE.sub("", text)


def has_control_chars(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds control characters (tab and newlines allowed only if ``multiline``)."""
    pattern = _CONTROL_RE if multiline else _LINE_CONTROL_RE
    return pattern.search(text) is not None


def clean_name(text: str) -> str:
    """A name as stored: NFC, no bidi controls, inner runs of white space folded, trimmed.

    Raises ValueError on control characters (the caller turns that into a message naming the field).
    """
    text = nfc(text)
    if has_control_chars(text):
        raise ValueError("control characters are not allowed")
    text = strip_bidi_controls(text)
    return " ".join(text.split())


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Free text (notes, needs): NFC, control characters refused, bidi controls kept only in balance.

    In free text bidi isolates can be legitimate, but an unterminated override would bleed into what
    follows on screen; we strip overrides/embeddings and keep nothing that could reorder other text.
    """
    text = nfc(text)
    if has_control_chars(text, multiline=multiline):
        raise ValueError("control characters are not allowed")
    return strip_bidi_controls(text).strip()
