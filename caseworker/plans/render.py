"""Render a :class:`PlanDocument` to a real-text, two-column bilingual PDF.

Layout: each row holds the official-language text (English or French) on the left and the client-language
text on the right, side by side and top-aligned, so a reader can follow a line across. The client column
of a right-to-left language is right-aligned. Rows split across pages line by line; every page carries the
agency name and "page N of M" in both languages.

Nothing a person typed reaches a markup parser: text is laid out by :mod:`caseworker.plans.shaping`
and drawn glyph run by glyph run. The agency logo is read from a local file by us (never a URL).
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from caseworker.core.errors import KnownError
from caseworker.i18n import languages as langs
from caseworker.plans import templates as T
from caseworker.plans.completeness import CompletenessReport, check
from caseworker.plans.fonts import FontBook, load_font_book
from caseworker.plans.model import Owner, PlanDocument, RenderOptions, WorkerText
from caseworker.plans.shaping import Line, Shaper, TextStyle, dominant_script, draw_lines

log = logging.getLogger(__name__)

MAX_LOGO_BYTES = 2 * 1024 * 1024
GAP = 7 * mm
PAD = 1.6 * mm
BODY = 9.5
SMALL = 8.0
HEADING = 11.5
TITLE = 17.0
RULE_GREY = (0.75, 0.75, 0.75)
HEADING_FILL = (0.92, 0.94, 0.97)
MUTED = (0.35, 0.35, 0.35)


class IncompleteCatalog(KnownError):
    """The client-language catalog lacks template strings and official-only rows were not accepted."""


@dataclass
class RenderResult:
    pages: int
    completeness: CompletenessReport
    unrenderable: set[str] = field(default_factory=set)  # characters shown as U+FFFD
    truncated_fields: int = 0


@dataclass(frozen=True)
class _Column:
    lang: str
    tmpl: T.Templates
    rtl: bool
    regular: TextStyle
    typed: TextStyle
    bold: TextStyle
    heading: TextStyle
    title: TextStyle
    small: TextStyle
    muted: TextStyle


class _Ctx:
    """Everything one render needs, built per call (reportlab's font registry is the only shared state)."""

    def __init__(self, book: FontBook, options: RenderOptions) -> None:
        self.book = book
        self.options = options
        self.shaper = Shaper(book)
        self.truncated = 0
        lang = langs.get(options.language)
        self.client_script = lang.script
        self.left = self._column(options.official, "Latn", False)
        self.right = self._column(lang.code, lang.script, lang.rtl)

    def _column(self, code: str, script: str, rtl: bool) -> _Column:
        book = self.book
        urdu = code == "ur"  # Urdu readers expect Nastaliq; headings stay in (bold) Naskh
        reg = book.chain(script, prefer_urdu=urdu)
        bold = book.chain(script, bold=True)
        return _Column(
            lang=code,
            tmpl=T.Templates(code, self.options.translations_root),
            rtl=rtl,
            regular=TextStyle(reg, BODY, rtl),
            typed=TextStyle(reg, BODY, rtl, auto_dir=True),
            bold=TextStyle(bold, BODY, rtl, bold=True),
            heading=TextStyle(bold, HEADING, rtl, bold=True),
            title=TextStyle(bold, TITLE, rtl, bold=True),
            small=TextStyle(reg, SMALL, rtl),
            muted=TextStyle(reg, SMALL, rtl),
        )

    def cap(self, text: str, col: _Column) -> str:
        """Cut text longer than ``max_field_chars`` (at a space when one is near) and say where the rest is.

        The result is never longer than the limit, so capping twice changes nothing.
        """
        limit = self.options.max_field_chars
        if len(text) <= limit:
            return text
        self.truncated += 1
        suffix = " …\n" + (col.tmpl.get(T.CONTINUED) or T.CONTINUED)
        keep = max(0, limit - len(suffix))
        cut = text[:keep]
        space = cut.rfind(" ", max(0, keep - 200))
        if space > 0:
            cut = cut[:space]
        return cut + suffix


# --------------------------------------------------------------------------------------------------------
# Flowables


@dataclass
class _Cell:
    text: str
    style: TextStyle
    color: tuple[float, float, float] = (0, 0, 0)


class BilingualRow(Flowable):  # type: ignore[misc]
    """Two cells side by side (official left, client right), each a list of laid-out lines.

    Splits between lines when a page ends, so a very long note flows over pages instead of being lost.
    """

    def __init__(
        self,
        ctx: _Ctx,
        left: Sequence[_Cell],
        right: Sequence[_Cell],
        *,
        fill: tuple[float, float, float] | None = None,
        rule: bool = True,
        keep_with_next: bool = False,
        _lines: tuple[list[tuple[Line, _Cell]], list[tuple[Line, _Cell]]] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.left_cells = list(left)
        self.right_cells = list(right)
        self.fill = fill
        self.rule = rule
        self.keepWithNext = keep_with_next
        self._lines = _lines
        self._width = -1.0

    def _layout(self, avail_width: float) -> tuple[list[tuple[Line, _Cell]], list[tuple[Line, _Cell]]]:
        if self._lines is not None and (self._width == avail_width or self._width < 0):
            self._width = avail_width
            return self._lines
        col_w = (avail_width - GAP) / 2 - 2 * PAD
        out: list[list[tuple[Line, _Cell]]] = []
        for cells in (self.left_cells, self.right_cells):
            lines: list[tuple[Line, _Cell]] = []
            for cell in cells:
                if not cell.text:
                    continue
                lines.extend((ln, cell) for ln in self.ctx.shaper.layout(cell.text, cell.style, col_w))
            out.append(lines)
        self._lines = (out[0], out[1])
        self._width = avail_width
        return self._lines

    @staticmethod
    def _height(lines: list[tuple[Line, _Cell]]) -> float:
        return sum(ln.height for ln, _ in lines)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        left, right = self._layout(availWidth)
        self.width = availWidth
        self.height = max(self._height(left), self._height(right)) + 2 * PAD
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        left, right = self._layout(availWidth)
        room = availHeight - 2 * PAD
        if room <= 0:
            return []

        def fit(lines: list[tuple[Line, _Cell]]) -> int:
            h = 0.0
            for i, (ln, _) in enumerate(lines):
                h += ln.height
                if h > room:
                    return i
            return len(lines)

        nl, nr = fit(left), fit(right)
        if nl == len(left) and nr == len(right):
            return [self]
        if nl == 0 and nr == 0:
            return []
        first = BilingualRow(self.ctx, [], [], fill=self.fill, rule=False, _lines=(left[:nl], right[:nr]))
        rest = BilingualRow(self.ctx, [], [], fill=self.fill, rule=self.rule, _lines=(left[nl:], right[nr:]))
        return [first, rest]

    def draw(self) -> None:
        canv = self.canv
        left, right = self._lines or ([], [])
        col_w = (self.width - GAP) / 2
        if self.fill:
            canv.saveState()
            canv.setFillColorRGB(*self.fill)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.restoreState()
        for x0, lines in ((0.0, left), (col_w + GAP, right)):
            y = self.height - PAD
            for ln, cell in lines:
                canv.setFillColorRGB(*cell.color)
                y = draw_lines(canv, [ln], x0 + PAD, y, col_w - 2 * PAD, cell.style.alignment)
        canv.setFillColorRGB(0, 0, 0)
        if self.rule:
            canv.saveState()
            canv.setStrokeColorRGB(*RULE_GREY)
            canv.setLineWidth(0.4)
            canv.line(0, 0, self.width, 0)
            canv.restoreState()


class _SignatureBlock(Flowable):  # type: ignore[misc]
    """Signature lines (client, worker), each with a date line, labelled in both languages underneath:
    the official label at the left end of the line, the client-language one at its right end."""

    SIG_END = 0.68  # the signature line spans this share of the width; the date line the rest

    def __init__(
        self, ctx: _Ctx, labels: list[tuple[str, str | None]], dates: tuple[str, str | None]
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels = labels
        self.dates = dates
        self._laid: list[tuple[list[Line], list[Line]]] = []
        self._dates: tuple[list[Line], list[Line]] = ([], [])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        half = availWidth * self.SIG_END / 2 - 2 * PAD
        date_w = availWidth * (1 - self.SIG_END) - 4 * mm
        sh, left, right = self.ctx.shaper, self.ctx.left.small, self.ctx.right.small
        self._laid = [
            (sh.layout(lt, left, half), sh.layout(rt, right, half) if rt else []) for lt, rt in self.labels
        ]
        dl, dr = self.dates
        self._dates = (sh.layout(dl, left, date_w), sh.layout(dr, right, date_w) if dr else [])
        per = 14 * mm + max(_h(self._dates[0]) + _h(self._dates[1]), 0)
        self.height = sum(max(per, 14 * mm + max(_h(a), _h(b))) + 2 * mm for a, b in self._laid)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        sig_end = self.width * self.SIG_END
        date_x = sig_end + 4 * mm
        date_w = self.width - date_x - PAD
        half = sig_end / 2 - 2 * PAD
        y = self.height
        for left, right in self._laid:
            y -= 12 * mm
            canv.setLineWidth(0.6)
            canv.line(PAD, y, sig_end, y)
            canv.line(date_x, y, self.width - PAD, y)
            below = y - 1.2 * mm
            draw_lines(canv, left, PAD, below, half, "left")
            if right:
                draw_lines(canv, right, sig_end - half, below, half, "right")
            dl, dr = self._dates
            yd = draw_lines(canv, dl, date_x, below, date_w, "left")
            if dr:
                draw_lines(canv, dr, date_x, below if not dl else yd, date_w, self.ctx.right.small.alignment)
            used = max(_h(left), _h(right), _h(dl) + _h(dr))
            y -= max(used, 2 * mm) + 4 * mm


def _h(lines: list[Line]) -> float:
    return sum(ln.height for ln in lines)


# --------------------------------------------------------------------------------------------------------
# Building the story


class _Builder:
    def __init__(self, ctx: _Ctx, plan: PlanDocument) -> None:
        self.ctx = ctx
        self.plan = plan
        self.L = ctx.left
        self.R = ctx.right
        self.story: list[Flowable] = []

    def t(self, col: _Column, msgid: str) -> str:
        """Template text for a column; in the client column a missing string leaves the row official-only."""
        got = col.tmpl.get(msgid)
        if got is None:
            if col is self.L:
                return msgid
            return ""
        return got

    def row(self, left: list[_Cell], right: list[_Cell], **kw: Any) -> None:
        # Every cell is capped (names, organisations, contacts too): no field can make a render hang.
        left = [replace(c, text=self.ctx.cap(c.text, self.L)) for c in left]
        right = [replace(c, text=self.ctx.cap(c.text, self.R)) for c in right]
        self.story.append(BilingualRow(self.ctx, left, right, **kw))

    def heading(self, msgid: str) -> None:
        self.story.append(Spacer(1, 2.5 * mm))
        self.row(
            [_Cell(self.t(self.L, msgid), self.L.heading)],
            [_Cell(self.t(self.R, msgid), self.R.heading)],
            fill=HEADING_FILL,
            rule=False,
            keep_with_next=True,
        )

    def field(self, msgid: str, left_value: str, right_value: str | None = None) -> None:
        if not left_value and not right_value:
            return
        rv = left_value if right_value is None else right_value
        ll, rl = self.t(self.L, msgid), self.t(self.R, msgid)
        self.row(
            [_Cell(f"{ll}: {left_value}", self.L.regular)],
            [_Cell(f"{rl}: {rv}" if rl else rv, self.R.regular)],
        )

    def worker_text(self, wt: WorkerText, extra_left: str = "", extra_right: str = "") -> None:
        left = [_Cell(self.ctx.cap(wt.text, self.L), self.L.typed)]
        if wt.translation:
            # A translation is in the client's language: the column's own direction, not the first letter's
            # (a Latin organisation name may come first in a right-to-left sentence).
            right = [_Cell(self.ctx.cap(wt.translation, self.R), self.R.regular)]
        elif self.ctx.client_script != "Latn" and dominant_script(wt.text) == self.ctx.client_script:
            # Typed in the client's own language already (e.g. a need noted in Farsi): no "no translation".
            right = [_Cell(self.ctx.cap(wt.text, self.R), self.R.regular)]
        else:
            note = self.t(self.R, T.NO_TRANSLATION)
            right = [_Cell(note, self.R.muted, MUTED)] if note else []
            right.append(_Cell(self.ctx.cap(wt.text, self.R), self.R.typed))
        if extra_left:
            left.append(_Cell(extra_left, self.L.small, MUTED))
        if extra_right:
            right.append(_Cell(extra_right, self.R.small, MUTED))
        self.row(left, right)

    def none_recorded(self) -> None:
        self.row(
            [_Cell(self.t(self.L, T.NONE_RECORDED), self.L.regular, MUTED)],
            [_Cell(self.t(self.R, T.NONE_RECORDED), self.R.regular, MUTED)],
        )

    def pair(self, msgid: str, lv: str, rv: str) -> tuple[str, str]:
        ll, rl = self.t(self.L, msgid), self.t(self.R, msgid)
        return f"{ll}: {lv}", (f"{rl}: {rv}" if rl else rv)

    def build(self) -> list[Flowable]:
        p, L, R = self.plan, self.L, self.R
        c = p.client
        self.row([_Cell(self.t(L, T.TITLE), L.title)], [_Cell(self.t(R, T.TITLE), R.title)], rule=False)
        self.field(T.PLAN_DATE, L.tmpl.date(p.plan_date), R.tmpl.date(p.plan_date))
        self.field(T.WORKER, p.worker_name)
        if p.interpreter_name:
            self.field(T.INTERPRETER, p.interpreter_name)

        self.heading(T.CLIENT)
        native = c.name.native
        self.field(T.NAME, c.name.latin, f"{native} ({c.name.latin})" if native else c.name.latin)
        self.field(T.CLIENT_ID, c.client_id)
        if c.uci:
            self.field(T.UCI, c.uci)
        if c.date_of_birth:
            self.field(T.DATE_OF_BIRTH, L.tmpl.date(c.date_of_birth), R.tmpl.date(c.date_of_birth))
        if c.arrival_date:
            self.field(T.ARRIVAL, L.tmpl.date(c.arrival_date), R.tmpl.date(c.arrival_date))
        if c.household_size is not None:
            self.field(T.HOUSEHOLD, L.tmpl.number(c.household_size), R.tmpl.number(c.household_size))
        lang = langs.get(c.language_code) if langs.known(c.language_code) else None
        if lang:
            self.field(
                T.LANGUAGE, lang.english_name if L.lang == "en" else lang.native_name, lang.native_name
            )

        for kind, msgid in (("need", T.NEEDS), ("asset", T.ASSETS)):
            items = [n for n in p.needs if n.kind == kind]
            if kind == "asset" and not items:
                continue
            self.heading(msgid)
            if not items:
                self.none_recorded()
            for item in items:
                label = T.DOMAIN_LABELS.get(item.domain)
                ll = self.t(L, label) if label else item.domain
                rl = (self.t(R, label) if label else item.domain) or ll
                self.worker_text(item.text, ll, rl)

        self.heading(T.GOALS)
        if not p.goals:
            self.none_recorded()
        for i, g in enumerate(p.goals, 1):
            el, er = (
                self.pair(T.TARGET_DATE, L.tmpl.date(g.target_date), R.tmpl.date(g.target_date))
                if g.target_date
                else ("", "")
            )
            self.worker_text(_numbered(i, g.text), el, er)

        self.heading(T.ACTIONS)
        if not p.actions:
            self.none_recorded()
        owner_ids = {Owner.CLIENT: T.OWNER_CLIENT, Owner.WORKER: T.OWNER_WORKER, Owner.BOTH: T.OWNER_BOTH}
        for i, a in enumerate(p.actions, 1):
            oid = owner_ids.get(a.owner)
            lo = self.t(L, oid) if oid else a.owner_name
            ro = (self.t(R, oid) if oid else a.owner_name) or lo
            who_l, who_r = self.pair(T.WHO, lo, ro)
            parts_l, parts_r = [who_l], [who_r]
            if a.due:
                dl, dr = self.pair(T.DUE, L.tmpl.date(a.due), R.tmpl.date(a.due))
                parts_l.append(dl)
                parts_r.append(dr)
            if a.done:
                parts_l.append(self.t(L, T.DONE))
                parts_r.append(self.t(R, T.DONE) or self.t(L, T.DONE))
            self.worker_text(_numbered(i, a.text), " · ".join(parts_l), " · ".join(parts_r))

        self.heading(T.REFERRALS)
        if not p.referrals:
            self.none_recorded()
        for r in p.referrals:
            details_l, details_r = [], []
            for msgid, value in (
                (T.CONTACT, r.contact_name),
                (T.PHONE, r.phone),
                (T.EMAIL, r.email),
                (T.ADDRESS, r.address),
            ):
                if value:
                    a_, b_ = self.pair(msgid, value, value)
                    details_l.append(a_)
                    details_r.append(b_)
            if r.follow_up:
                a_, b_ = self.pair(T.FOLLOW_UP, L.tmpl.date(r.follow_up), R.tmpl.date(r.follow_up))
                details_l.append(a_)
                details_r.append(b_)
            service = WorkerText(
                f"{r.organisation} — {r.service.text}" if r.service.text else r.organisation,
                f"{r.organisation} — {r.service.translation}" if r.service.translation else None,
            )
            self.worker_text(service, "\n".join(details_l), "\n".join(details_r))

        if p.next_appointment:
            ap = p.next_appointment
            self.heading(T.NEXT_APPOINTMENT)
            extra_l, extra_r = [], []
            if ap.with_whom:
                a_, b_ = self.pair(T.WITH, ap.with_whom, ap.with_whom)
                extra_l.append(a_)
                extra_r.append(b_)
            when = WorkerText(L.tmpl.datetime(ap.when), R.tmpl.datetime(ap.when))
            self.row([_Cell(when.text, L.bold)], [_Cell(when.translation or "", R.bold)], rule=False)
            left, right = [], []
            if ap.place.text:
                pl, pr = self.pair(T.PLACE, ap.place.text, ap.place.translation or ap.place.text)
                left.append(_Cell(self.ctx.cap(pl, L), L.typed))
                right.append(_Cell(self.ctx.cap(pr, R), R.regular if ap.place.translation else R.typed))
            if extra_l:
                left.append(_Cell("\n".join(extra_l), L.regular))
                right.append(_Cell("\n".join(extra_r), R.regular))
            if left:
                self.row(left, right)

        if p.notes:
            self.heading(T.NOTES)
            for n in p.notes:
                self.worker_text(n)

        self.heading(T.CONSENT)
        if p.consent is not None and p.consent.text:
            self.worker_text(p.consent)
        else:
            self.row(
                [_Cell(self.t(L, T.CONSENT_STATEMENT), L.regular)],
                [_Cell(self.t(R, T.CONSENT_STATEMENT), R.regular)],
                rule=False,
            )
        self.heading(T.SIGNATURES)
        labels = []
        for msgid, who_full in ((T.CLIENT_SIGNATURE, c.name.latin), (T.WORKER_SIGNATURE, p.worker_name)):
            who = who_full if len(who_full) <= 200 else who_full[:200] + "…"
            rmsg = self.t(R, msgid)
            labels.append((f"{self.t(L, msgid)} — {who}", f"{rmsg} — {who}" if rmsg else None))
        self.story.append(_SignatureBlock(self.ctx, labels, (self.t(L, T.DATE), self.t(R, T.DATE) or None)))
        return self.story


def _numbered(i: int, wt: WorkerText) -> WorkerText:
    return WorkerText(f"{i}. {wt.text}", f"{i}. {wt.translation}" if wt.translation else None)


# --------------------------------------------------------------------------------------------------------
# Page furniture: header on every page, "page N of M" in both languages (needs the total: deferred canvas)


def _canvas_maker(ctx: _Ctx, plan: PlanDocument, logo: ImageReader | None) -> Callable[..., Canvas]:
    class PlanCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("initialFontName"):
                kwargs["initialFontName"] = "CW-Sans"
            kwargs.setdefault("invariant", 1)
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._furniture(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _furniture(self, total: int) -> None:
            page = self._pageNumber
            w, h = self._pagesize
            margin = 15 * mm
            col_w = (w - 2 * margin - GAP) / 2
            sh = ctx.shaper
            self.saveState()
            # Header: agency (left) and client file number (right), a rule below.
            agency = plan.agency
            top = h - 9 * mm
            x_text = margin
            if logo is not None and page == 1:
                iw, ih = logo.getSize()
                lh = 12 * mm
                lw = min(40 * mm, lh * iw / max(ih, 1))
                self.drawImage(logo, margin, h - 8 * mm - lh, lw, lh, preserveAspectRatio=True, mask="auto")
                x_text = margin + lw + 3 * mm
            lines = sh.layout(agency.name[:300], ctx.left.bold, col_w)[:2]
            y = draw_lines(self, lines, x_text, top, col_w, "left")
            contact = "  ·  ".join(x[:300] for x in (*agency.address_lines, agency.phone, agency.email) if x)
            if contact and page == 1:
                draw_lines(
                    self, sh.layout(contact, ctx.left.small, col_w * 1.6)[:2], x_text, y, col_w * 1.6, "left"
                )
            ident = f"{plan.client.name.latin[:120]} · {plan.client.client_id[:40]}"
            draw_lines(
                self, sh.layout(ident, ctx.left.small, col_w)[:1], w - margin - col_w, top, col_w, "right"
            )
            self.setStrokeColorRGB(*RULE_GREY)
            self.setLineWidth(0.5)
            self.line(margin, h - 24 * mm, w - margin, h - 24 * mm)
            # Footer: "page N of M" in the official language (left) and the client's (right).
            self.line(margin, 14 * mm, w - margin, 14 * mm)
            left = ctx.left.tmpl.page_of(page, total) or T.PAGE_OF.format(page=page, pages=total)
            right = ctx.right.tmpl.page_of(page, total) or ""
            draw_lines(self, sh.layout(left, ctx.left.small, col_w), margin, 12.5 * mm, col_w, "left")
            if right:
                x = w - margin - col_w
                draw_lines(self, sh.layout(right, ctx.right.small, col_w), x, 12.5 * mm, col_w, "right")
            self.restoreState()

    return PlanCanvas


def _read_logo(path: Path | None) -> ImageReader | None:
    """A local image file only (never a URL), size-capped; a bad logo is skipped, not fatal."""
    if path is None:
        return None
    try:
        p = Path(path)
        if not p.is_file() or p.stat().st_size > MAX_LOGO_BYTES:
            log.warning("agency logo skipped: not a file or larger than %d bytes", MAX_LOGO_BYTES)
            return None
        reader = ImageReader(io.BytesIO(p.read_bytes()))
        reader.getSize()
        return reader
    except Exception:  # noqa: BLE001 - any unreadable image: print without it
        log.warning("agency logo skipped: unreadable image")
        return None


def render_plan(
    plan: PlanDocument,
    options: RenderOptions,
    out: BinaryIO,
    *,
    book: FontBook | None = None,
) -> RenderResult:
    """Write the plan PDF to ``out``.

    Raises IncompleteCatalog when the client catalog lacks strings and
    ``options.official_only_rows_when_missing`` is False (call :func:`check` first and ask the user).
    """
    if options.official not in langs.OFFICIAL_LANGUAGES:
        raise KnownError(f"official language must be one of {', '.join(langs.OFFICIAL_LANGUAGES)}")
    if not langs.known(options.language):
        raise KnownError("unknown client language code")
    report = check(options.language, options.official, options.translations_root)
    if not report.complete and not options.official_only_rows_when_missing:
        raise IncompleteCatalog(report.summary())
    book = book or load_font_book(options.fonts_dir)
    ctx = _Ctx(book, options)
    story = _Builder(ctx, plan).build()
    pagesize = A4 if options.page_size.lower() == "a4" else LETTER
    margin = 15 * mm
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=27 * mm,
        bottomMargin=18 * mm,
        title="Settlement plan",
        author="",
        subject="",
        creator="Caseworker",
        invariant=1,
        initialFontName="CW-Sans",
        initialFontSize=BODY,
    )
    frame = Frame(
        margin,
        18 * mm,
        pagesize[0] - 2 * margin,
        pagesize[1] - 45 * mm,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="plan", frames=[frame])])
    doc.build(story, canvasmaker=_canvas_maker(ctx, plan, _read_logo(plan.agency.logo_path)))
    return RenderResult(doc.page, report, set(ctx.shaper.report.unrenderable), ctx.truncated)


def render_plan_bytes(
    plan: PlanDocument, options: RenderOptions, *, book: FontBook | None = None
) -> tuple[bytes, RenderResult]:
    buf = io.BytesIO()
    result = render_plan(plan, options, buf, book=book)
    return buf.getvalue(), result


def save_pdf_atomic(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the whole new one, never half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
