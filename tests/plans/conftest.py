"""Shared helpers for plan tests: render once per language, extract with poppler's tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from caseworker.plans.fonts import FontBook, load_font_book

POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")

CLIENT_LANGUAGES = ("ar", "fa", "ps", "ur", "ti", "am", "uk", "ru", "es", "zh_Hans", "pa", "hi", "tl", "so")
ARABIC_SCRIPT = frozenset({"ar", "fa", "ps", "ur"})
INDIC = frozenset({"pa", "hi"})
_FORMAT = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
# Arabic harakat: pdftotext may return a mark before or after its letter; compare without them.
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")


@pytest.fixture(scope="session")
def book() -> FontBook:
    return load_font_book()


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdftotext_column(path: Path, side: str, page_width: float = 612, page_height: float = 792) -> str:
    """Text of one column (``left`` = official, ``right`` = client language), every page.

    Cropping keeps each column's paragraphs together: on the whole page, pdftotext's reading-order
    heuristics may interleave the two columns when their line heights differ.
    """
    half = int(page_width / 2)
    x = 0 if side == "left" else half
    return subprocess.run(
        [
            "pdftotext",
            "-enc",
            "UTF-8",
            "-r",
            "72",
            "-x",
            str(x),
            "-y",
            "0",
            "-W",
            str(half),
            "-H",
            str(int(page_height)),
            str(path),
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def normalise(text: str) -> str:
    """What we compare extracted text on: NFKC (presentation forms back to letters), no format marks,
    no white space (line breaks and run boundaries move spaces)."""
    text = unicodedata.normalize("NFKC", text)
    text = _FORMAT.sub("", text)
    text = _HARAKAT.sub("", text)
    return "".join(text.split())
