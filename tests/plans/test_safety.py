"""Client text is data: markup appears literally, no image is fetched, huge notes are capped."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker.plans import templates as T
from caseworker.plans.completeness import check
from caseworker.plans.model import AgencyHeader, RenderOptions, WorkerText
from caseworker.plans.render import IncompleteCatalog, render_plan, render_plan_bytes
from caseworker.plans.samples import sample_plan
from tests.plans.conftest import needs_poppler, normalise, pdftotext

HOSTILE = [
    "<img src='http://127.0.0.1:9/x.png'/> & <font color=red>red</font> <b>bold</b>",
    "</para><para>&amp; &lt;script&gt; <br/> <a href='file:///etc/passwd'>x</a>",
    "]]> %PDF-1.4 (parenthesis) \\ backslash ) unbalanced ( <<>> /JavaScript",
]


@needs_poppler
def test_hostile_text_appears_literally(tmp_path: Path, book) -> None:
    plan = sample_plan("ar")
    plan = replace(
        plan,
        notes=tuple(WorkerText(h, h) for h in HOSTILE),
        agency=replace(plan.agency, name="<font color=red>Agency & Co</font>"),
    )
    data, _ = render_plan_bytes(plan, RenderOptions(language="ar"), book=book)
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    got = normalise(pdftotext(path))
    for h in HOSTILE:
        assert normalise(h) in got, h
    assert normalise("<font color=red>Agency & Co</font>") in got
    assert b"/Subtype /Image" not in data and b"/JavaScript" not in data.replace(b"(/JavaScript", b"")
    assert b"/URI" not in data


@needs_poppler
def test_ten_megabyte_note_is_capped(tmp_path: Path, book) -> None:
    huge = ("word " * 2_100_000)[:10_485_760]
    plan = replace(sample_plan("es"), notes=(WorkerText(huge, huge),))
    opts = RenderOptions(language="es")
    data, result = render_plan_bytes(plan, opts, book=book)
    assert result.truncated_fields == 2
    assert result.pages < 12
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    text = pdftotext(path)
    assert "(continued in file)" in text
    assert T.Templates("es").get(T.CONTINUED) in text


def test_logo_is_read_locally_and_a_url_is_never_fetched(tmp_path: Path, book) -> None:
    plan = sample_plan("ti")
    # A URL as a logo "path" is just a missing file: skipped, no network.
    bad = replace(plan, agency=replace(plan.agency, logo_path=Path("http://127.0.0.1:9/logo.png")))
    data, _ = render_plan_bytes(bad, RenderOptions(language="ti"), book=book)
    assert b"/Subtype /Image" not in data
    png = tmp_path / "logo.png"
    _write_png(png)
    good = replace(plan, agency=AgencyHeader("Agency", logo_path=png))
    data, _ = render_plan_bytes(good, RenderOptions(language="ti"), book=book)
    assert b"/Subtype /Image" in data


def _write_png(path: Path) -> None:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * 8 for _ in range(8))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _broken_catalog_root(tmp_path: Path, lang: str, drop: str) -> Path:
    from caseworker.i18n import catalogs

    root = tmp_path / "translations"
    (root / lang / "LC_MESSAGES").mkdir(parents=True)
    (root / "plans.pot").write_bytes((catalogs.TRANSLATIONS_DIR / "plans.pot").read_bytes())
    src = catalogs.po_path("plans", lang).read_text(encoding="utf-8")
    start = src.index(f'msgid "{drop}"')
    end = src.index("\n\n", start)
    (root / lang / "LC_MESSAGES" / "plans.po").write_text(src[:start] + src[end + 2 :], encoding="utf-8")
    return root


def test_completeness_names_missing_strings_and_offers_official_only(tmp_path: Path, book) -> None:
    root = _broken_catalog_root(tmp_path, "ti", "Goals")
    report = check("ti", "en", root)
    assert report.missing == ("Goals",)
    assert "Goals" in report.summary()
    opts = RenderOptions(language="ti", translations_root=root, official_only_rows_when_missing=False)
    with pytest.raises(IncompleteCatalog, match="Goals"):
        render_plan(sample_plan("ti"), opts, io.BytesIO(), book=book)
    # Accepting official-only rows prints; the Goals heading has no Tigrinya text.
    data, result = render_plan_bytes(
        sample_plan("ti"), replace(opts, official_only_rows_when_missing=True), book=book
    )
    assert result.completeness.missing == ("Goals",)
    assert data.startswith(b"%PDF")


def test_shipped_catalogs_are_complete_and_match_the_template() -> None:
    from babel.messages.pofile import read_po

    from caseworker.i18n import catalogs

    with (catalogs.TRANSLATIONS_DIR / "plans.pot").open("rb") as fh:
        pot = [m.id for m in read_po(fh) if m.id]
    assert pot == list(T.MSGIDS), "run: python -m caseworker.plans.templates"
    for lang in (
        "fr",
        "ar",
        "fa",
        "ps",
        "ur",
        "ti",
        "am",
        "uk",
        "ru",
        "es",
        "zh_Hans",
        "pa",
        "hi",
        "tl",
        "so",
    ):
        report = check(lang, "fr")
        assert report.complete, (lang, report.missing)
        assert report.fuzzy, lang  # machine-quality drafts stay marked for review
        tmpl = T.Templates(lang)
        assert "2" in (tmpl.page_of(2, 3) or "") and "3" in (tmpl.page_of(2, 3) or "")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), lang=st.sampled_from(["ar", "zh_Hans", "hi", "am"]))
def test_render_never_crashes_on_arbitrary_text(book, text: str, lang: str) -> None:
    plan = replace(sample_plan(lang), notes=(WorkerText(text, text),), worker_name=text[:40])
    data, _ = render_plan_bytes(plan, RenderOptions(language=lang), book=book)
    assert data.startswith(b"%PDF")


_EXACT_BLOCKS = [
    (0x21, 0x7E),
    (0xA1, 0xAC),
    (0xAE, 0x17F),
    (0x391, 0x3A1),
    (0x3A3, 0x3C9),
    (0x410, 0x44F),
    (0x1200, 0x1248),
    (0x4E00, 0x4FFF),
]
_exact = st.lists(
    st.one_of(st.just(" "), *[st.integers(a, b).map(chr) for a, b in _EXACT_BLOCKS]), min_size=1, max_size=150
).map("".join)


@needs_poppler
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_exact)
def test_what_goes_in_comes_out_of_pdftotext(book, tmp_path_factory, text: str) -> None:
    """For scripts without contextual shaping, every character typed is extracted again, in order."""
    plan = replace(sample_plan("ru"), notes=(WorkerText(text, text),))
    data, result = render_plan_bytes(plan, RenderOptions(language="ru"), book=book)
    assert not result.unrenderable
    path = tmp_path_factory.mktemp("h") / "p.pdf"
    path.write_bytes(data)
    got = normalise(pdftotext(path))
    import unicodedata

    want = normalise(text)
    assert want in got or unicodedata.normalize("NFKC", want) in got


# Shaped scripts: each shaped run carries its logical text as /ActualText, so extraction is exact too.
_SHAPED = {
    "ar": [
        (0x0621, 0x063A),
        (0x0641, 0x064A),
        (0x067E, 0x067E),
        (0x0686, 0x0686),
        (0x06A9, 0x06A9),
        (0x06CC, 0x06CC),
    ],
    "hi": [(0x0905, 0x0939), (0x093E, 0x094D), (0x0915, 0x0928)],
    "pa": [(0x0A05, 0x0A0A), (0x0A15, 0x0A28), (0x0A3E, 0x0A42), (0x0A4D, 0x0A4D)],
}


@needs_poppler
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), lang=st.sampled_from(sorted(_SHAPED)))
def test_shaped_scripts_extract_exactly(book, tmp_path_factory, data, lang: str) -> None:
    chars = st.one_of(st.just(" "), *[st.integers(a, b).map(chr) for a, b in _SHAPED[lang]])
    text = data.draw(st.lists(chars, min_size=1, max_size=80).map("".join).filter(str.strip))
    plan = replace(sample_plan(lang), notes=(WorkerText("x", text),))
    pdf, result = render_plan_bytes(plan, RenderOptions(language=lang), book=book)
    assert not result.unrenderable
    path = tmp_path_factory.mktemp("s") / "p.pdf"
    path.write_bytes(pdf)
    assert normalise(text) in normalise(pdftotext(path))


def test_every_field_is_capped_not_only_notes(book) -> None:
    big = "Ab" * 3_000_000  # 6 MB without a space: also a single "word" that must wrap
    plan = sample_plan("fa")
    plan = replace(
        plan,
        worker_name=big,
        client=replace(plan.client, name=replace(plan.client.name, latin=big)),
        agency=replace(plan.agency, name=big),
    )
    data, result = render_plan_bytes(plan, RenderOptions(language="fa", max_field_chars=2000), book=book)
    assert data.startswith(b"%PDF")
    assert result.truncated_fields >= 4
    assert result.pages < 15


@needs_poppler
def test_agency_consent_wording_replaces_the_template(tmp_path: Path, book) -> None:
    plan = replace(
        sample_plan("so"),
        consent=WorkerText(
            "I agree to the Riverside data policy v3.", "Waan aqbalay siyaasadda xogta Riverside v3."
        ),
    )
    data, _ = render_plan_bytes(plan, RenderOptions(language="so"), book=book)
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    got = normalise(pdftotext(path))
    assert normalise("I agree to the Riverside data policy v3.") in got
    assert normalise("Waan aqbalay siyaasadda xogta Riverside v3.") in got
    assert normalise(T.CONSENT_STATEMENT) not in got
