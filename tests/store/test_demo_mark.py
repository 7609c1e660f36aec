"""build_demo marks the caseload as a demo inside the encrypted database; a new caseload is not one."""

from __future__ import annotations

from caseworker.store import demo
from caseworker.store.models import CaseloadMeta
from tests.store.conftest import CreatedCaseload


def test_build_demo_marks_the_caseload(created: CreatedCaseload) -> None:
    cl = created.caseload
    assert not demo.is_demo(cl)
    demo.build_demo(cl, clients=2, seed=1)
    assert demo.is_demo(cl)
    with cl.session() as s:
        first = s.get(CaseloadMeta, demo.META_DEMO)
        assert first is not None
        stamp = first.value
    demo.build_demo(cl, clients=1, seed=2)  # marking twice keeps the first mark
    with created.reopen() as again, again.session() as s:
        row = s.get(CaseloadMeta, demo.META_DEMO)
        assert row is not None and row.value == stamp
