"""End to end: a plan per client language, checked with poppler (what a reader's PDF viewer sees)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caseworker.plans import templates as T
from caseworker.plans.model import RenderOptions, WorkerText
from caseworker.plans.render import render_plan_bytes, save_pdf_atomic
from caseworker.plans.samples import sample_plan
from tests.plans.conftest import (
    ARABIC_SCRIPT,
    CLIENT_LANGUAGES,
    needs_poppler,
    normalise,
    pdffonts,
    pdftotext,
    pdftotext_column,
)

pytestmark = needs_poppler

# Template strings every plan prints (headings, labels, consent, page footer).
CHECKED = (T.TITLE, T.NEEDS, T.GOALS, T.ACTIONS, T.REFERRALS, T.CONSENT, T.SIGNATURES, T.CLIENT_ID)


columns: dict[str, tuple[str, str]] = {}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, str]]:
    out: dict[tuple[str, str], tuple[Path, str]] = {}
    columns.clear()
    d = tmp_path_factory.mktemp("plans")
    for lang in CLIENT_LANGUAGES:
        official = "fr" if lang in ("ar", "es", "uk") else "en"
        data, result = render_plan_bytes(sample_plan(lang), RenderOptions(official=official, language=lang))
        assert result.completeness.complete
        assert not result.unrenderable, (lang, result.unrenderable)
        path = d / f"{lang}.pdf"
        path.write_bytes(data)
        out[(official, lang)] = (path, pdftotext(path))
        columns[lang] = (pdftotext_column(path, "left"), pdftotext_column(path, "right"))
    return out


@pytest.mark.parametrize("lang", CLIENT_LANGUAGES)
def test_both_languages_template_strings_extract(rendered: dict, lang: str) -> None:
    (official, _), (_path, text) = next(((k, v) for k, v in rendered.items() if k[1] == lang))
    tmpl_o, tmpl_c = T.Templates(official), T.Templates(lang)
    left, right = (normalise(c) for c in columns[lang])
    for msgid in CHECKED:
        assert normalise(tmpl_o.get(msgid) or "") in left, (official, msgid)
    got = right
    checked = 0
    for msgid in (*CHECKED, T.CONSENT_STATEMENT):
        want = tmpl_c.get(msgid)
        assert want, (lang, msgid)
        if lang in ARABIC_SCRIPT and msgid == T.CONSENT_STATEMENT:
            # A wrapped right-to-left paragraph comes back line by line with the line-final punctuation
            # moved: compare word by word (each word NFKC-normalised, punctuation stripped).
            missing = [w for w in _words(want) if w not in got]
            assert not missing, (lang, msgid, missing)
        else:
            assert normalise(want) in got, (lang, msgid)
        checked += 1
    assert checked == len(CHECKED) + 1
    # Page footer in both languages: "Page 1 of 2" and its translation.
    pages = text.count("\f")
    footer = tmpl_c.page_of(1, pages)
    assert footer
    if lang in ARABIC_SCRIPT:
        assert all(w in got for w in _words(footer)), footer
    else:
        assert normalise(footer) in got
    assert normalise(tmpl_o.page_of(1, pages) or "") in left


def _words(text: str) -> list[str]:
    import unicodedata

    out = []
    spaced = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    for w in spaced.split():
        w = normalise(w)
        if w:
            out.append(w)
    return out


@pytest.mark.parametrize("lang", CLIENT_LANGUAGES)
def test_every_font_embedded_with_unicode_map(rendered: dict, lang: str) -> None:
    (_, _), (path, _) = next(((k, v) for k, v in rendered.items() if k[1] == lang))
    fonts = pdffonts(path)
    assert fonts
    for row in fonts:
        assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", row


def test_script_fonts_are_used(rendered: dict) -> None:
    expect = {
        "ar": "NotoNaskhArabic",
        "ti": "NotoSansEthiopic",
        "am": "NotoSansEthiopic",
        "zh_Hans": "WenQuanYi",
        "pa": "NotoSansGurmukhi",
        "hi": "NotoSansDevanagari",
        "ru": "NotoSans-",
    }
    for (_, lang), (path, _) in rendered.items():
        if lang in expect:
            assert any(expect[lang] in r["name"] for r in pdffonts(path)), lang


def test_client_native_name_and_identifiers_extract(rendered: dict) -> None:
    for (_, lang), (_, text) in rendered.items():
        plan = sample_plan(lang)
        got = normalise(text)
        assert "C-2026-00000" in got and "1234-5678" in got, lang
        if plan.client.name.native:
            assert normalise(plan.client.name.native) in got, lang


def test_arabic_keeps_latin_identifier_order(book) -> None:
    """'2024-017' inside Arabic must not come out as '017-2024' (the reason for LRM isolation)."""
    plan = sample_plan("ar")
    g = plan.goals[0]
    plan = _with_goal(plan, WorkerText("Ref 2024-017", "الرقم 2024-017 في الملف"))
    _data, _ = render_plan_bytes(plan, RenderOptions(language="ar"), book=book)
    from caseworker.plans.shaping import Shaper, TextStyle

    sh = Shaper(book)
    line = sh.layout("الرقم 2024-017 في الملف", TextStyle(book.chain("Arab"), 10, True), 400)[0]
    visual = "".join(r.text for r in line.runs if not r.rtl)
    assert "2024-017" in visual
    assert g  # the sample had goals to replace


def _with_goal(plan, wt: WorkerText):
    from dataclasses import replace

    from caseworker.plans.model import Goal

    return replace(plan, goals=(Goal(wt, dt.date(2027, 1, 5)),))


def test_save_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    save_pdf_atomic(b"%PDF-new", target)
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_save_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_pdf_atomic(b"%PDF-new", target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_rtl_column_is_right_aligned_and_official_left(rendered: dict, tmp_path: Path) -> None:
    """Word boxes (pdftotext -bbox): Arabic lines end at the right margin, French ones start at the left."""
    import re
    import subprocess

    (_, _), (path, _) = next(((k, v) for k, v in rendered.items() if k[1] == "ar"))
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    page_w = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = [
        (float(a), float(c), w)
        for a, c, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html
        )
    ]
    arabic = [
        (x0, x1)
        for x0, x1, w in words
        if any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in w)
    ]
    latin_starts = [x0 for x0, _, w in words if w in ("Plan", "Besoins", "Client·e")]  # official: French
    margin = 15 * 72 / 25.4
    assert arabic and max(x1 for _, x1 in arabic) > page_w - margin - 8
    assert latin_starts and min(latin_starts) < margin + 8
    assert all(x0 > page_w / 2 - 5 for x0, _ in arabic if x0 > page_w / 2 - 5) and any(
        x0 > page_w / 2 for x0, _ in arabic
    )
