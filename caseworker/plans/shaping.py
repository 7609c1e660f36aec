"""Line layout for plan text: font runs by cmap, bidi per wrapped line, HarfBuzz shaping, wrapping.

Why not reportlab's Paragraph: its markup parser would interpret client text (``<img src=...>``), its bidi
needs ``rlbidi`` (not on PyPI), and it has no font fallback. This module lays text out itself and hands
reportlab only positioned runs of glyphs, so what a person typed can never be markup.

The pipeline for one paragraph (UAX #9 terms):

1. every character gets a font: the first font of the column's chain whose ``cmap`` has it; neutral
   characters (spaces, punctuation, digits) and marks stay in the current run's font when it has them,
   so "(2024-017)" inside Arabic stays in one Latin run;
2. embedding levels come from python-bidi (the Rust ``unicode-bidi`` crate, UAX #9 with isolates and
   bracket pairs), computed once for the whole paragraph;
3. the paragraph is cut into break units (after spaces; between CJK ideographs) and wrapped greedily on
   measured widths; a unit wider than the column is cut between grapheme clusters;
4. each line is cut into runs of one font and one level, trailing spaces get the paragraph level (L1),
   the runs are reordered (L2), and each run is shaped: HarfBuzz with an explicit direction for Arabic,
   Devanagari and Gurmukhi (joining, lam-alef, conjuncts, mark placement), plain reversal with bracket
   mirroring for the few right-to-left runs set in a non-shaping font.

Bidi is applied per wrapped line (reordering before wrapping would reverse the order of lines).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import uharfbuzz
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.pdfgen.canvas import Canvas

from caseworker.plans.fonts import FontBook, record_glyph_text

REPLACEMENT = "\ufffd"
# Invisible bidi controls: they steer the level computation but are never drawn.
BIDI_FORMAT = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Joiners that HarfBuzz needs to see inside a shaped run (Persian ZWNJ, Indic half forms).
JOINERS = frozenset("\u200c\u200d")
LRI, PDI = "\u2066", "\u2069"
NO_BOLD_FACE = frozenset({"CW-CJK", "CW-Urdu"})
# Guards reportlab's private-code allocation on the process-wide fonts (batch and preview render in threads).
_PRIVATE_LOCK = threading.Lock()
LRM = "\u200e"

_MIRROR = {
    "(": ")",
    ")": "(",
    "[": "]",
    "]": "[",
    "{": "}",
    "}": "{",
    "<": ">",
    ">": "<",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "⁅": "⁆",
    "⁆": "⁅",
    "≤": "≥",
    "≥": "≤",
}
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
_SPACE_BREAK = frozenset(
    " \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u200b"
)
_LEVEL_RE = re.compile(r"Level\(\s*(\d+),?\s*\)")
_ASCII_TOKEN_RE = re.compile(r"[\x21-\x7e]+")
_LATIN_ID_RE = re.compile(r"[+#]?[A-Za-z0-9](?:[A-Za-z0-9.\-/_:@+#]*[A-Za-z0-9])?")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x2FDF
        or 0x3000 <= cp <= 0x30FF
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    )


_NEUTRAL: dict[str, bool] = {}


def _neutral_table() -> dict[str, bool]:
    """Memo of :func:`_is_neutral` (a pure function of the character; shared, bounded by Unicode)."""
    if len(_NEUTRAL) > 50000:
        _NEUTRAL.clear()
    return _NEUTRAL


def _is_neutral(ch: str) -> bool:
    """Characters that may stay in whatever font the current run uses (when it has them)."""
    cat = unicodedata.category(ch)
    return cat[0] in "PNSZ" or cat in ("Mn", "Mc", "Me", "Cf")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in JOINERS


_SCRIPT_RANGES = (
    (0x0400, 0x052F, "Cyrl"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFEFF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x1200, 0x139F, "Ethi"),
    (0x2D80, 0x2DDF, "Ethi"),
    (0x3400, 0x9FFF, "Hans"),
    (0xF900, 0xFAFF, "Hans"),
)


def dominant_script(text: str, sample: int = 400) -> str:
    """The ISO 15924 script most letters of ``text`` are in (looking at the first ``sample`` characters)."""
    counts: dict[str, int] = {}
    for ch in text[:sample]:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        script = "Latn" if cp < 0x0250 else "Zyyy"
        for lo, hi, name in _SCRIPT_RANGES:
            if lo <= cp <= hi:
                script = name
                break
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "Zyyy"


def first_strong_rtl(text: str, *, default: bool) -> bool:
    """UAX #9 P2/P3: the direction of the first strong character (``default`` when there is none)."""
    for ch in text:
        c = unicodedata.bidirectional(ch)
        if c == "L":
            return False
        if c in ("R", "AL"):
            return True
    return default


def isolate_latin(text: str) -> str:
    """Wrap Latin identifiers and numbers (``2024-017``, ``UCI 1234-5678``) in LRM marks.

    Inside right-to-left text, "2024-017" would otherwise display as "017-2024" (after Arabic letters the
    digits are Arabic numbers and the hyphen a neutral between them), and "+1" as "1+". Applied to every
    paragraph that is right-to-left or contains right-to-left characters; the marks are never drawn.
    """
    return _LATIN_ID_RE.sub(lambda m: LRM + m.group(0) + LRM, text)


@dataclass(frozen=True)
class TextStyle:
    fonts: tuple[str, ...]  # preference chain, first = the column's own font
    size: float
    rtl: bool = False  # paragraph base direction (and right alignment)
    align: str = ""  # "left", "right", "center"; "" = by direction
    auto_dir: bool = False  # base direction of each paragraph from its first strong character (typed text)
    bold: bool = False

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.rtl else "left")


@dataclass
class Run:
    """A piece of a line in visual order: ``glyphs`` is what reportlab draws (a ShapedStr when shaped)."""

    text: str  # logical order
    font: str
    rtl: bool
    width: float
    glyphs: str
    actual: str = ""  # the logical text, when the glyphs alone would extract wrongly (shaped runs)


@dataclass
class Line:
    runs: list[Run]
    width: float
    height: float
    size: float
    bold: bool = False  # drawn with a thin outline where the font has no bold face (CJK, Nastaliq)


@dataclass
class LayoutReport:
    """Characters that no shipped font could draw (shown as U+FFFD, never silently dropped)."""

    unrenderable: set[str] = field(default_factory=set)


class Shaper:
    """Measures and shapes runs; caches HarfBuzz fonts and widths. One per render (not thread-shared)."""

    def __init__(self, book: FontBook) -> None:
        self.book = book
        self._hb_fonts: dict[str, uharfbuzz.Font] = {}
        self._first: dict[tuple[str, ...], dict[str, str]] = {}
        self._clean_ok: dict[tuple[str, ...], dict[str, bool]] = {}
        self.report = LayoutReport()

    # ---- font runs -------------------------------------------------------------------------------
    def assign_fonts(self, text: str, chain: tuple[str, ...]) -> list[str]:
        """One font name per character: the first font in ``chain`` whose cmap has it.

        Neutrals and marks stay in the current run's font when it has them. A character no font has is
        not assigned here; :meth:`clean` has already replaced it with U+FFFD.
        """
        book = self.book
        out: list[str] = []
        current = ""
        # Latin identifiers and numbers ("2024-017", "A-12") are set in one font that has all of them.
        token_font: dict[int, str] = {}
        if not book.fonts[chain[0]].cmap.issuperset(map(ord, "0123456789-/.:()")):
            for m in _ASCII_TOKEN_RE.finditer(text):
                codes = set(map(ord, m.group(0)))
                if codes <= book.fonts[chain[0]].cmap:
                    continue
                name = next((n for n in chain if codes <= book.fonts[n].cmap), "")
                if name:
                    for i in range(m.start(), m.end()):
                        token_font[i] = name
        first = self._first_font_table(chain)
        cmaps = {name: book.fonts[name].cmap for name in chain}
        neutral = _neutral_table()
        for idx, ch in enumerate(text):
            forced = token_font.get(idx)
            if forced:
                out.append(forced)
                current = forced
                continue
            if current:
                is_neutral = neutral.get(ch)
                if is_neutral is None:
                    is_neutral = neutral[ch] = _is_neutral(ch) or ch in JOINERS
                if is_neutral and (ord(ch) in cmaps[current] or ch in JOINERS):
                    out.append(current)
                    continue
            chosen = first.get(ch)
            if chosen is None:
                chosen = first[ch] = next((n for n in chain if ord(ch) in cmaps[n]), "")
            if not chosen:
                chosen = current or chain[0]  # only invisible format characters reach this
            out.append(chosen)
            current = chosen
        return out

    def _first_font_table(self, chain: tuple[str, ...]) -> dict[str, str]:
        table = self._first.get(chain)
        if table is None:
            table = self._first[chain] = {}
        return table

    def clean(self, text: str, chain: tuple[str, ...]) -> str:
        """Controls become visible replacement characters; characters no font has become U+FFFD."""
        ok = self._clean_ok.setdefault(chain, {})
        if all(ok.get(ch, False) for ch in text):
            return text
        cmaps = [self.book.fonts[name].cmap for name in chain]
        chars = []
        for ch in text:
            if ok.get(ch):
                chars.append(ch)
                continue
            if ch == "\t":
                chars.append(" ")
                continue
            cat = unicodedata.category(ch)
            if cat in ("Cc", "Cs", "Co", "Cn"):
                self.report.unrenderable.add(ch)
                chars.append(REPLACEMENT)
                continue
            if cat == "Cf" or any(ord(ch) in c for c in cmaps):
                ok[ch] = True
                chars.append(ch)
            elif ch in _SPACE_BREAK:
                chars.append(" ")  # an exotic space no font has: an ordinary space, same meaning
            else:
                self.report.unrenderable.add(ch)
                chars.append(REPLACEMENT)
        return "".join(chars)

    # ---- shaping ---------------------------------------------------------------------------------
    def _hb_font(self, name: str) -> uharfbuzz.Font:
        f = self._hb_fonts.get(name)
        if f is None:
            f = self._hb_fonts[name] = self.book.ttfont(name).hbFont(1000)
        return f

    def shape(self, text: str, font: str, size: float, rtl: bool) -> tuple[str, float]:
        """Glyphs to draw (visual order) and the advance width in points."""
        key = (text, font, size, rtl)
        cache = self.book.shape_cache
        hit = cache.get(key)
        if hit is not None:
            return hit
        info = self.book.fonts[font]
        if info.shaped:
            result = self._hb_shape(text, font, size, rtl)
        else:
            drawn = "".join(ch for ch in text if ch not in BIDI_FORMAT)
            if rtl:
                drawn = "".join(_MIRROR.get(ch, ch) for ch in reversed(drawn))
            result = (drawn, pdfmetrics.stringWidth(drawn, font, size))
        if len(cache) >= 50000:
            cache.clear()  # bounded; the template strings come back on the next plan
        cache[key] = result
        return result

    def _hb_shape(self, text: str, font: str, size: float, rtl: bool) -> tuple[str, float]:
        text = "".join(ch for ch in text if ch not in BIDI_FORMAT)
        if not text:
            return "", 0.0
        ttf = self.book.ttfont(font)
        hbf = self._hb_font(font)
        buf = uharfbuzz.Buffer()
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        uharfbuzz.shape(hbf, buf, {})
        face = ttf.face
        chars: list[str] = []
        data: list[ShapeData] = []
        total = 0.0
        infos = buf.glyph_infos
        # Cluster start offsets (in text) for the text each glyph stands for.
        starts = sorted({info.cluster for info in infos})
        ends = {s: (starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)}
        by_cluster: dict[int, list[int]] = {}
        for i, info in enumerate(infos):
            by_cluster.setdefault(info.cluster, []).append(i)
        face_name = face.name.decode() if isinstance(face.name, bytes) else str(face.name)
        c2g = face.charToGlyph
        sc = ttf.pdfScale(1000.0) / 1000.0  # font units -> 1/1000 em (reportlab's pdfScale is linear)
        for i, (info, pos) in enumerate(zip(infos, buf.glyph_positions, strict=True)):
            gid = info.codepoint
            cluster_text = text[info.cluster : ends[info.cluster]]
            # Prefer the character that was typed when it maps to this very glyph (U+06CC and U+0649
            # may share a glyph; extraction should give back what the person wrote).
            if len(cluster_text) == 1:
                uchar = ord(cluster_text) if c2g.get(ord(cluster_text)) == gid else -1
            else:
                uchar = next((ord(ch) for ch in cluster_text if c2g.get(ord(ch)) == gid), -1)
            if uchar < 0:
                mapped = face.glyphToChar.get(gid)
                if mapped:
                    uchar = mapped[0]
                else:
                    with _PRIVATE_LOCK:  # reportlab's allocation is check-then-set on the shared font
                        uchar = ttf.hbAddPrivate(hbf.glyph_to_string(gid), gid, ttf.pdfScale(pos.x_advance))
                    members = by_cluster[info.cluster]
                    if len(members) == 1 or members[-1 if rtl else 0] == i:
                        # The glyph stands for its cluster's text, less what cmap-mapped companions show.
                        shown = {
                            chr(face.glyphToChar[infos[m].codepoint][0])
                            for m in members
                            if m != i and face.glyphToChar.get(infos[m].codepoint)
                        }
                        rest = "".join(ch for ch in cluster_text if ch not in shown)
                        record_glyph_text(face_name, uchar, rest or cluster_text)
                    else:
                        record_glyph_text(face_name, uchar, "\u200c")
            width = face.charWidths[uchar]
            x_adv = pos.x_advance * sc
            total += x_adv
            data.append(
                ShapeData(
                    info.cluster,
                    x_adv,
                    pos.y_advance * sc,
                    pos.x_offset * sc,
                    pos.y_offset * sc,
                    width,
                )
            )
            chars.append(chr(uchar))
        return ShapedStr("".join(chars), shapeData=data), total * size / 1000.0

    # ---- bidi ------------------------------------------------------------------------------------
    @staticmethod
    def levels(text: str, rtl: bool) -> list[int]:
        """UAX #9 embedding level of every character of one paragraph.

        python-bidi 0.6 exposes the Rust ``unicode-bidi`` levels only through its debug output (one level
        per UTF-8 byte); we read them from there, check that there is one per byte, and fall back to
        python-bidi's older pure-Python implementation (no isolates, no bracket pairs) if the format ever
        changes, rather than print a wrong order.
        """
        base = 1 if rtl else 0
        if not rtl and not any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text):
            return [0] * len(text)
        debug = str(get_display(text, base_dir="R" if rtl else "L", debug=True))
        start = debug.find("levels:")
        end = debug.find("paragraphs:", start)
        per_byte = [int(m) for m in _LEVEL_RE.findall(debug, start, end if end > 0 else len(debug))]
        if start < 0 or len(per_byte) != len(text.encode("utf-8")):
            return _legacy_levels(text, base)
        out: list[int] = []
        i = 0
        for ch in text:
            out.append(per_byte[i])
            i += len(ch.encode("utf-8"))
        return out

    # ---- wrapping --------------------------------------------------------------------------------
    def layout(self, text: str, style: TextStyle, width: float) -> list[Line]:
        lines: list[Line] = []
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n").replace("\u2028", "\n")
        for para in text.split("\n"):
            lines.extend(self._layout_paragraph(para, style, width))
        return lines

    def _layout_paragraph(self, para: str, style: TextStyle, width: float) -> list[Line]:
        size = style.size
        para = self.clean(para, style.fonts)
        if not para.strip():
            return [Line([], 0.0, self.book.fonts[style.fonts[0]].leading * size, size)]
        rtl = style.rtl
        if style.auto_dir:
            rtl = first_strong_rtl(para, default=style.rtl)
        if rtl or any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in para):
            # Keep Latin identifiers and numbers left-to-right inside right-to-left text.
            para = isolate_latin(para)
        fonts = self.assign_fonts(para, style.fonts)
        levels = self.levels(para, rtl)
        units = list(_break_units(para))
        base = 1 if rtl else 0

        def piece_width(a: int, b: int) -> float:
            return sum(
                self.shape(para[s:e], fonts[s], size, levels[s] % 2 == 1)[1]
                for s, e in _runs(fonts, levels, a, b)
            )

        lines_ranges: list[tuple[int, int]] = []
        line_start = -1
        line_w = 0.0
        cur_end = 0
        for a, b in units:
            core_b = b
            while core_b > a and para[core_b - 1] in _SPACE_BREAK:
                core_b -= 1
            w_core = piece_width(a, core_b) if core_b > a else 0.0
            w_space = piece_width(core_b, b) if b > core_b else 0.0
            if w_core > width:
                # A word wider than the column: cut it between grapheme clusters.
                if line_start >= 0 and cur_end > line_start:
                    lines_ranges.append((line_start, cur_end))
                chunks = self._cut_long(para, fonts, levels, a, core_b, width, size)
                lines_ranges.extend(chunks[:-1])
                line_start = chunks[-1][0]
                line_w = piece_width(*chunks[-1]) + w_space
                cur_end = b
                continue
            if line_start >= 0 and cur_end > line_start and line_w + w_core > width:
                lines_ranges.append((line_start, cur_end))
                line_start, line_w = a, 0.0
            if line_start < 0:
                line_start = a
            line_w += w_core + w_space
            cur_end = b
        if line_start >= 0:
            lines_ranges.append((line_start, cur_end))

        out = []
        for a, b in lines_ranges:
            while b > a + 1 and para[b - 1] in _SPACE_BREAK:
                b -= 1
            lv = list(levels[a:b])
            # L1: trailing white space goes back to the paragraph level.
            k = len(lv)
            while k > 0 and (para[a + k - 1] in _SPACE_BREAK or para[a + k - 1] in BIDI_FORMAT):
                k -= 1
                lv[k] = base
            line = self._make_line(para, fonts, lv, a, b, size)
            line.bold = style.bold
            out.append(line)
        return out

    def _cut_long(
        self, para: str, fonts: list[str], levels: list[int], a: int, b: int, width: float, size: float
    ) -> list[tuple[int, int]]:
        chunks: list[tuple[int, int]] = []
        start = a
        w = 0.0
        i = a
        while i < b:
            j = i + 1
            while j < b and (_is_mark(para[j]) or unicodedata.combining(para[j - 1]) == 9):
                j += 1
            cw = sum(
                self.shape(para[s:e], fonts[s], size, levels[s] % 2 == 1)[1]
                for s, e in _runs(fonts, levels, i, j)
            )
            if w + cw > width and i > start:
                chunks.append((start, i))
                start, w = i, 0.0
            w += cw
            i = j
        chunks.append((start, b))
        return chunks

    def _make_line(self, para: str, fonts: list[str], lv: list[int], a: int, b: int, size: float) -> Line:
        pieces: list[tuple[int, int, int]] = []  # (start, end, level) in logical order
        s = a
        for i in range(a + 1, b + 1):
            if i == b or fonts[i] != fonts[s] or lv[i - a] != lv[s - a]:
                pieces.append((s, i, lv[s - a]))
                s = i
        # L2: from the highest level down to the lowest odd level, reverse every run at that level or higher.
        if pieces:
            top = max(p[2] for p in pieces)
            low_odd = min((p[2] for p in pieces if p[2] % 2 == 1), default=top + 1)
            for level in range(top, low_odd - 1, -1):
                i = 0
                while i < len(pieces):
                    if pieces[i][2] >= level:
                        j = i
                        while j < len(pieces) and pieces[j][2] >= level:
                            j += 1
                        pieces[i:j] = reversed(pieces[i:j])
                        i = j
                    else:
                        i += 1
        runs = []
        total = 0.0
        height = 0.0
        for s, e, level in pieces:
            text = para[s:e]
            glyphs, w = self.shape(text, fonts[s], size, level % 2 == 1)
            actual = ""
            if self.book.fonts[fonts[s]].shaped and glyphs:
                actual = "".join(ch for ch in text if ch not in BIDI_FORMAT)
                if level % 2 == 1:
                    # Extractors put right-to-left text back into logical order themselves: hand them the
                    # characters in display order, as they would have read them off the glyphs.
                    actual = actual[::-1]
            runs.append(Run(text, fonts[s], level % 2 == 1, w, glyphs, actual))
            total += w
            height = max(height, self.book.fonts[fonts[s]].leading * size)
        # Trailing spaces at the visual end do not count for alignment.
        return Line(runs, total, height or size * 1.3, size)


def _legacy_levels(text: str, base: int) -> list[int]:
    from bidi import algorithm as legacy

    storage = legacy.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    legacy.get_embedding_levels(text, storage)
    legacy.explicit_embed_and_overrides(storage)
    legacy.resolve_weak_types(storage)
    legacy.resolve_neutral_types(storage, False)
    legacy.resolve_implicit_levels(storage, False)
    levels = [int(c["level"]) for c in storage["chars"]]
    return levels if len(levels) == len(text) else [base] * len(text)


def _runs(fonts: list[str], levels: list[int], a: int, b: int) -> Iterable[tuple[int, int]]:
    s = a
    for i in range(a + 1, b + 1):
        if i == b or fonts[i] != fonts[s] or levels[i] != levels[s]:
            yield s, i
            s = i


def _break_units(text: str) -> Iterable[tuple[int, int]]:
    """Break opportunities: after a run of spaces, and around CJK ideographs."""
    n = len(text)
    start = 0
    i = 0
    while i < n:
        ch = text[i]
        if _is_cjk(ch):
            if i > start:
                yield start, i
            j = i + 1
            while j < n and (
                text[j] in _SPACE_BREAK
                or _is_mark(text[j])
                or (unicodedata.category(text[j]) in ("Pe", "Po") and _is_cjk(text[j]))
            ):
                j += 1
            yield i, j
            start = i = j
            continue
        if ch in _SPACE_BREAK:
            j = i
            while j < n and text[j] in _SPACE_BREAK:
                j += 1
            yield start, j
            start = i = j
            continue
        i += 1
    if start < n:
        yield start, n


def draw_line(canvas: Canvas, line: Line, x: float, y: float) -> None:
    """Draw ``line`` with its left edge at ``x`` and its baseline at ``y``."""
    cx = x
    for run in line.runs:
        if run.glyphs:
            actual = run.actual
            if actual:
                canvas.addLiteral(f"/Span <</ActualText <FEFF{_utf16_hex(actual)}>>> BDC")
            t = canvas.beginText(cx, y)
            t.setFont(run.font, line.size)
            fake_bold = line.bold and run.font in NO_BOLD_FACE
            if fake_bold:
                canvas.saveState()
                canvas.setLineWidth(line.size * 0.035)
                t.setTextRenderMode(2)  # fill and stroke: a synthetic bold
            t.textOut(run.glyphs)
            canvas.drawText(t)
            if fake_bold:
                canvas.restoreState()
            if actual:
                canvas.addLiteral("EMC")
        cx += run.width


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def draw_lines(
    canvas: Canvas, lines: list[Line], x: float, top: float, width: float, alignment: str
) -> float:
    """Draw ``lines`` from ``top`` downwards inside [x, x+width]; returns the y below the last line."""
    y = top
    for line in lines:
        baseline = y - line.height + (line.height - line.size) / 2 + line.size * 0.22
        if alignment == "right":
            lx = x + width - line.width
        elif alignment == "center":
            lx = x + (width - line.width) / 2
        else:
            lx = x
        draw_line(canvas, line, lx, baseline)
        y -= line.height
    return y
