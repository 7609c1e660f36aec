"""Triage candidates: a request from someone already in the caseload finds their file; "not the same
person" decisions are honoured; merged files are not proposed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from caseworker.core import synthetic
from caseworker.intake.candidates import build_index, candidates, submission_record
from caseworker.intake.schema import IntakeSubmission
from caseworker.intake.synthetic import to_intake_submission
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload
from caseworker.store.keyslots import KdfParams
from caseworker.store.models import IdentifierKind
from caseworker.store.repos import clients as clients_repo
from caseworker.store.repos import matches as matches_repo

SEED = 41


@pytest.fixture
def caseload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Caseload]:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())
    caseload, _ = Caseload.create(tmp_path / "c", "amina", "correct horse battery staple")
    people = list(synthetic.people(SEED, 60))
    inputs = []
    for p in people:
        inputs.append(
            clients_repo.ClientInput(
                given_name=p.given_name,
                family_name=p.family_name,
                given_name_latin=p.given_name_latin,
                family_name_latin=p.family_name_latin,
                date_of_birth=p.dob.as_date(),
                dob_precision=p.dob.precision,
                phone=p.phone,
                identifiers=((IdentifierKind.UCI, p.uci),) if p.uci else (),
            )
        )
    with caseload.session() as session:
        clients_repo.bulk_create_clients(session, caseload.user.id, inputs)
    yield caseload
    caseload.close()


def _request_for(index: int, kinds: tuple[synthetic.VariantKind, ...]) -> IntakeSubmission:
    person = list(synthetic.people(SEED, index + 1))[index]
    retyped = synthetic.variant(person, seed=f"req-{index}", kinds=kinds).person
    return to_intake_submission(retyped, created_at=datetime(2026, 5, 1, tzinfo=UTC))


def test_a_retyped_request_finds_the_existing_file(caseload: Caseload) -> None:
    kinds = (
        synthetic.VariantKind.TRANSLITERATION,
        synthetic.VariantKind.SWAP_NAMES,
        synthetic.VariantKind.NEW_PHONE,
    )
    with caseload.session() as session:
        index = build_index(session)
        assert len(index) == 60
        for i in (3, 17, 42):
            request = _request_for(i, kinds)
            top = candidates(session, index, request)
            assert top and top[0].likely, (i, top)
            # clients were created in order: client ids follow the synthetic index
            assert top[0].id == str(i + 1)


def test_not_same_person_and_merged_files_are_not_proposed(caseload: Caseload) -> None:
    request = _request_for(5, (synthetic.VariantKind.TYPO,))
    with caseload.session() as session:
        index = build_index(session)
        best = candidates(session, index, request)[0]
        assert best.id == "6"
        matches_repo.declare_request_not_client(
            session,
            caseload.user.id,
            str(request.submission_id),
            int(best.id),
        )
        assert all(c.id != "6" for c in candidates(session, index, request))
        matches_repo.merge_clients(session, caseload.user.id, 7, 6)
        assert "6" not in build_index(session)
    assert submission_record(request).id == str(request.submission_id)
