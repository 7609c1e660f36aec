"""SQL errors from the caseload never carry the values that were being written (client data)."""

from __future__ import annotations

import pytest
import sqlalchemy
from sqlalchemy import text

from caseworker.store.caseload import Caseload

SENTINEL = "Hanna-Kovalenko-sentinel"


def test_integrity_error_text_has_no_parameters(caseload: Caseload) -> None:
    with pytest.raises(sqlalchemy.exc.IntegrityError) as info:
        with caseload.engine.begin() as conn:
            conn.execute(text("CREATE TABLE t_uniq (v TEXT UNIQUE)"))
            conn.execute(text("INSERT INTO t_uniq (v) VALUES (:v)"), {"v": SENTINEL})
            conn.execute(text("INSERT INTO t_uniq (v) VALUES (:v)"), {"v": SENTINEL})
    assert "UNIQUE" in str(info.value)
    assert SENTINEL not in str(info.value)
