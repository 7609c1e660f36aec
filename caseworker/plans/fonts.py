"""The fonts a plan is printed with: shipped in ``resources/fonts``, embedded (subset) in every PDF.

reportlab has no glyph fallback of its own: a character missing from the current font simply vanishes.
So every column gets an ordered list of fonts (its script's font first, then a Latin/Cyrillic font for
punctuation and digits, then every other shipped font), and :mod:`caseworker.plans.shaping` picks a font
per character run by looking each character up in the fonts' ``cmap``.

reportlab keeps registered fonts in a process-wide registry (``pdfmetrics``); :class:`FontBook` is the
object the rest of the code passes around, and :func:`load_font_book` registers each file once per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

# name -> (file, subfont index, needs HarfBuzz shaping, leading factor)
_FONT_FILES: dict[str, tuple[str, int, bool, float]] = {
    "CW-Sans": ("NotoSans-Regular.ttf", 0, False, 1.3),
    "CW-Sans-Bold": ("NotoSans-Bold.ttf", 0, False, 1.3),
    "CW-Arabic": ("NotoNaskhArabic-Regular.ttf", 0, True, 1.55),
    "CW-Arabic-Bold": ("NotoNaskhArabic-Bold.ttf", 0, True, 1.55),
    "CW-Urdu": ("NotoNastaliqUrdu-Regular.ttf", 0, True, 2.1),
    "CW-Ethiopic": ("NotoSansEthiopic-Regular.ttf", 0, False, 1.4),
    "CW-Ethiopic-Bold": ("NotoSansEthiopic-Bold.ttf", 0, False, 1.4),
    "CW-Devanagari": ("NotoSansDevanagari-Regular.ttf", 0, True, 1.5),
    "CW-Devanagari-Bold": ("NotoSansDevanagari-Bold.ttf", 0, True, 1.5),
    "CW-Gurmukhi": ("NotoSansGurmukhi-Regular.ttf", 0, True, 1.5),
    "CW-Gurmukhi-Bold": ("NotoSansGurmukhi-Bold.ttf", 0, True, 1.5),
    "CW-CJK": ("wqy-zenhei.ttc", 0, False, 1.4),
}

# ISO 15924 script -> (regular, bold) primary font for that script.
_SCRIPT_FONTS: dict[str, tuple[str, str]] = {
    "Latn": ("CW-Sans", "CW-Sans-Bold"),
    "Cyrl": ("CW-Sans", "CW-Sans-Bold"),
    "Arab": ("CW-Arabic", "CW-Arabic-Bold"),
    "Ethi": ("CW-Ethiopic", "CW-Ethiopic-Bold"),
    "Deva": ("CW-Devanagari", "CW-Devanagari-Bold"),
    "Guru": ("CW-Gurmukhi", "CW-Gurmukhi-Bold"),
    "Hans": ("CW-CJK", "CW-CJK"),
}

# Fallback order after a column's own font: Latin/Cyrillic first (punctuation, digits, U+202F), then the rest.
_FALLBACK_REGULAR = ("CW-Sans", "CW-Arabic", "CW-Ethiopic", "CW-Devanagari", "CW-Gurmukhi", "CW-CJK")
_FALLBACK_BOLD = (
    "CW-Sans-Bold",
    "CW-Arabic-Bold",
    "CW-Ethiopic-Bold",
    "CW-Devanagari-Bold",
    "CW-Gurmukhi-Bold",
    "CW-CJK",
)


@dataclass(frozen=True)
class FontInfo:
    name: str
    path: Path
    shaped: bool  # needs HarfBuzz (contextual/complex script)
    leading: float  # line height as a multiple of the font size
    cmap: frozenset[int] = field(repr=False)


class FontBook:
    """The registered fonts and their character coverage; what the layout code asks "who has this glyph?"."""

    def __init__(self, fonts: dict[str, FontInfo]) -> None:
        self.fonts = fonts
        # Shaped runs by (text, font, size, rtl): template strings repeat on every plan of a batch.
        # Values are immutable once made; a dict read or write is atomic, so threads may share it.
        self.shape_cache: dict[tuple[str, str, float, bool], tuple[str, float]] = {}

    def has(self, font: str, char: str) -> bool:
        return ord(char) in self.fonts[font].cmap

    def ttfont(self, font: str) -> TTFont:
        f = pdfmetrics.getFont(font)
        assert isinstance(f, TTFont)
        return f

    def chain(self, script: str, *, bold: bool = False, prefer_urdu: bool = False) -> tuple[str, ...]:
        """The font preference list for text of ``script``: its own font, then the fallbacks."""
        regular, bold_name = _SCRIPT_FONTS.get(script, _SCRIPT_FONTS["Latn"])
        first = bold_name if bold else regular
        if prefer_urdu and not bold:
            first = "CW-Urdu"
        rest = _FALLBACK_BOLD if bold else _FALLBACK_REGULAR
        out = [first]
        if first == "CW-Urdu":
            out.append(regular)  # Naskh for what Nastaliq lacks
        out.extend(n for n in rest if n not in out)
        return tuple(out)

    def total_bytes(self) -> int:
        return sum(info.path.stat().st_size for info in self.fonts.values())


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(fonts_dir: Path) -> FontBook:
    install_to_unicode_hook()
    fonts: dict[str, FontInfo] = {}
    for name, (filename, subfont, shaped, leading) in _FONT_FILES.items():
        path = fonts_dir / filename
        if not path.exists():
            raise FileNotFoundError(f"plan font missing: {path} (the app's resources/fonts is incomplete)")
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            font = TTFont(name, str(path), subfontIndex=subfont)
            pdfmetrics.registerFont(font)
        assert isinstance(font, TTFont)
        if shaped:
            font.shapable = True
        cmap = frozenset(font.face.charToGlyph)
        fonts[name] = FontInfo(name, path, shaped, leading, cmap)
    return FontBook(fonts)


def load_font_book(fonts_dir: Path | None = None) -> FontBook:
    """Register the shipped fonts (once per process) and describe them."""
    with _lock:
        return _load((fonts_dir or FONTS_DIR).resolve())


# --------------------------------------------------------------------------------------------------------
# ToUnicode: what a PDF reader extracts for each glyph.
#
# reportlab maps every glyph back to one character. HarfBuzz produces glyphs that have no character of
# their own (Arabic lam-alef, contextual forms of Pashto letters, Indic conjuncts); reportlab gives those
# a private-use code point, which text extraction and search then lose. We record the text each such
# glyph stands for and write it into the font's ToUnicode CMap (several characters per glyph are allowed
# there). The same hook encodes characters beyond U+FFFF as UTF-16 surrogate pairs, which reportlab's
# own CMap writes as invalid 5-digit codes.
#
# This extends reportlab's process-wide font registry, so it is process-wide too: keyed by font face.

_GLYPH_TEXT: dict[str, dict[int, str]] = {}
_glyph_lock = threading.Lock()


def record_glyph_text(face_name: str, code: int, text: str) -> None:
    """Remember that private code ``code`` of font ``face_name`` stands for ``text`` (first one wins)."""
    if not text:
        return
    with _glyph_lock:
        _GLYPH_TEXT.setdefault(face_name, {}).setdefault(code, text)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def _make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    face = fontname.split("+", 1)[-1]
    texts = _GLYPH_TEXT.get(face, {})
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    for i, code in enumerate(subset):
        text = texts.get(code)
        if text is None:
            text = chr(code) if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        lines.append(f"<{i:02X}> <{_utf16_hex(text)}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def install_to_unicode_hook() -> None:
    """Make reportlab write our ToUnicode CMaps (idempotent)."""
    from reportlab.pdfbase import ttfonts

    if ttfonts.makeToUnicodeCMap is not _make_to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = _make_to_unicode_cmap
