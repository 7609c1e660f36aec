"""Synthetic people as intake submissions: what the demo queue and the sync tests feed the server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.core import synthetic as s
from caseworker.intake.schema import parse_submission
from caseworker.intake.synthetic import demo_submissions, submission_id_for, to_intake_submission

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 10_000), index=st.integers(0, 10**9), vary=st.booleans())
def test_people_and_their_variants_make_valid_submissions(seed: int, index: int, vary: bool) -> None:
    p = s.person(seed, index)
    if vary:
        p = s.variant(p, seed).person
    sub = to_intake_submission(p, created_at=NOW)
    # what travels on the wire parses back to the same submission under the strict rules
    assert parse_submission(sub.model_dump_json()) == sub
    assert sub.person.given_name in (p.given_name, p.given_name_latin)
    assert sub.form_language == s.FORM_LANGUAGE[p.origin]
    assert len(sub.household) == len(p.household)
    assert set(sub.needs) == {n.domain for n in p.needs if not n.is_asset}


def test_native_script_and_latin_both_travel_for_non_latin_names() -> None:
    p = s.person(1, 0, origin=s.Origin.PERSIAN)
    sub = to_intake_submission(p, created_at=NOW)
    assert sub.person.given_name == p.given_name
    assert sub.person.given_name_latin == p.given_name_latin
    assert sub.person.date_of_birth is not None
    assert sub.person.date_of_birth.precision == p.dob.precision.value


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        to_intake_submission(s.person(1, 1), created_at=datetime(2026, 1, 1))


def test_demo_submissions_are_reproducible_and_include_duplicates_of_demo_clients() -> None:
    first = list(demo_submissions(7, 60, now=NOW, existing_people=100))
    again = list(demo_submissions(7, 60, now=NOW, existing_people=100))
    assert first == again
    ids = [sub.submission_id for sub, _ in first]
    assert len(set(ids)) == len(ids)
    dups = [(sub, key) for sub, key in first if key is not None]
    assert 3 <= len(dups) <= 30
    for sub, key in dups:
        seed, index = key.split("-")
        assert seed == "7" and 0 <= int(index) < 100
        original = s.person(7, int(index))
        # the copy is the same person typed again: same year of birth at least
        assert sub.person.date_of_birth is not None
        assert sub.person.date_of_birth.year == original.dob.year
    for sub, _ in first:
        assert sub.created_at <= NOW


def test_submission_ids_are_stable_per_person() -> None:
    assert submission_id_for("1-2") == submission_id_for("1-2")
    assert submission_id_for("1-2") != submission_id_for("1-3")
