"""Field-by-field differences the triage screen highlights, and client files made from a request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from caseworker.core.matching import Reason
from caseworker.gui.intake.service import differences
from caseworker.store.caseload import Caseload
from caseworker.store.keyslots import KdfParams
from caseworker.store.models import Assessment, Consent, HouseholdMember
from caseworker.store.repos import clients as clients_repo
from caseworker.store.repos import intake_triage
from tests.gui.intake.conftest import submission

pytestmark = pytest.mark.gui


@pytest.fixture
def caseload(tmp_path: Any) -> Any:
    cl, _key = Caseload.create(
        tmp_path / "cl", "amina", "correct horse battery", kdf=KdfParams.insecure_fast()
    )
    yield cl
    cl.close()


def _summary(s: Any, cid: int) -> clients_repo.ClientSummary:
    return clients_repo.summaries(s, [cid])[0]


def test_a_request_becomes_one_file_with_household_consent_and_needs(caseload: Any) -> None:
    sub = next(submission(i) for i in range(40) if submission(i).household and submission(i).needs)
    with caseload.session() as s:
        made = intake_triage.create_client_from_request(s, caseload.user.id, sub)
        s.commit()
    with caseload.session() as s:
        c = clients_repo.get_client(s, made.client_id)
        assert c is not None
        assert c.given_name == sub.person.given_name
        assert list(c.languages) == list(dict.fromkeys(sub.person.languages))
        assert len(made.household_member_ids) == len(sub.household)
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 1 + len(sub.household)
        assert s.scalar(select(func.count()).select_from(Consent)) == 1
        items = s.scalars(select(Assessment)).one().items
        assert sorted(str(i.domain) for i in items) == sorted(str(n) for n in sub.needs)


def test_same_person_fills_only_what_the_file_lacks(caseload: Any) -> None:
    sub = submission(3)
    with caseload.session() as s:
        client = clients_repo.create_client(
            s, caseload.user.id, given_name=sub.person.given_name, phone="+1 613 555 0100", languages=["en"]
        )
        s.commit()
        cid = client.id
    with caseload.session() as s:
        changed = intake_triage.add_request_to_client(s, caseload.user.id, cid, sub)
        s.commit()
    with caseload.session() as s:
        c = clients_repo.get_client(s, cid)
        assert c is not None
        assert c.phone == "+16135550100"  # kept, not overwritten
        assert "phone" not in changed
        assert c.languages[0] == "en" and set(sub.person.languages) <= set(c.languages)
        assert s.scalar(select(func.count()).select_from(Consent)) == 1


def test_differences_mark_a_day_month_swap_and_another_spelling(caseload: Any) -> None:
    sub = submission(5)
    dob = sub.person.date_of_birth
    assert dob is not None and dob.day and dob.month
    swapped = date(dob.year, dob.day, dob.month) if dob.day <= 12 else date(dob.year, dob.month, dob.day)
    with caseload.session() as s:
        cid = clients_repo.create_client(
            s,
            caseload.user.id,
            given_name=sub.person.given_name,
            family_name=sub.person.family_name,
            given_name_latin="Xavier",
            date_of_birth=swapped,
        ).id
        s.commit()
        summary = _summary(s, cid)
    diffs = {d.field: d for d in differences(sub, summary, [Reason.NAMES_SAME, Reason.DOB_SWAPPED])}
    assert diffs["name"].kind == "same"
    if dob.day <= 12 and dob.day != dob.month:
        assert diffs["date_of_birth"].kind == "swapped"
    if "latin_name" in diffs and sub.person.given_name_latin:
        assert diffs["latin_name"].kind in ("spelling", "missing")


def test_differences_mark_given_and_family_names_in_the_other_order(caseload: Any) -> None:
    sub = next(submission(i) for i in range(40) if submission(i).person.family_name)
    p = sub.person
    with caseload.session() as s:
        cid = clients_repo.create_client(
            s, caseload.user.id, given_name=p.family_name, family_name=p.given_name
        ).id
        s.commit()
        summary = _summary(s, cid)
    diffs = {d.field: d for d in differences(sub, summary, [Reason.NAMES_SWAPPED])}
    assert diffs["name"].kind == "order"
    assert diffs["name"].request != diffs["name"].client
