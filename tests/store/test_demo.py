"""The demo caseload: what the bulk loader writes reads back through the ORM, the repositories, search
and the audit chain exactly as if the repositories had written it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from caseworker.core import synthetic
from caseworker.core.domain import DobPrecision
from caseworker.store import audit, demo
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.models import (
    AuditEvent,
    Client,
    Consent,
    ConsentScope,
    Household,
    Note,
    Plan,
    Referral,
    User,
)
from caseworker.store.repos import clients as clients_repo
from tests.store.conftest import CreatedCaseload

TODAY = date(2026, 11, 20)


def _names(caseload: Caseload) -> list[tuple[str, str]]:
    with caseload.session() as s:
        return [(c.given_name, c.family_name) for c in s.scalars(sa.select(Client).order_by(Client.id))]


def test_demo_rows_read_back_through_the_orm_and_repositories(caseload: Caseload) -> None:
    summary = demo.build_demo(caseload, clients=150, seed=5, notes_per_client=4, today=TODAY)
    assert summary.counts["clients"] == 150
    assert summary.people == synthetic.people_for_clients(5, 150)
    with caseload.session() as s:
        clients = s.scalars(sa.select(Client)).all()
        assert len(clients) == 150
        for c in clients:
            assert c.created_at.tzinfo is UTC and c.created_at <= datetime.now(UTC)
            assert isinstance(c.date_of_birth, date)
            assert c.dob_precision in set(DobPrecision)
            assert c.search_text and c.sort_name
        first = synthetic.person(5, 0)
        profile = clients_repo.get_client(s, 1)
        assert profile is not None
        assert (profile.given_name, profile.family_name) == (first.given_name, first.family_name)
        # follow-ups: some overdue, some ahead
        overdue = s.scalar(sa.select(sa.func.count()).where(Client.next_follow_up < TODAY))
        ahead = s.scalar(sa.select(sa.func.count()).where(Client.next_follow_up >= TODAY))
        assert overdue and ahead
        # notes, plans with translations, referrals tied to a sharing consent
        assert s.scalar(sa.select(sa.func.count()).select_from(Note)) == summary.counts["notes"] > 100
        assert s.scalar(sa.select(sa.func.count()).where(Plan.translation_language.is_not(None)))
        for ref in s.scalars(sa.select(Referral)):
            consent = s.get(Consent, ref.consent_id)
            assert consent is not None and consent.scope is ConsentScope.SHARING
        assert s.scalar(sa.select(sa.func.count()).select_from(Household))
        users = {u.username for u in s.scalars(sa.select(User))}
        assert {u.username for u in demo.DEMO_USERS} <= users


def test_audit_chain_holds_and_counts_every_audited_row(caseload: Caseload) -> None:
    summary = demo.build_demo(caseload, clients=80, seed=2, today=TODAY)
    with caseload.session() as s:
        assert audit.verify_chain(s) is None
        imports = s.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "import"))
        assert imports == summary.counts["audit_events"]
        audited = sum(summary.counts.get(t, 0) for t in ("clients", "notes", "consents", "services"))
        assert imports >= audited
        # every note event is linked to the note's client file
        note = s.scalars(sa.select(Note).limit(1)).one()
        linked = s.scalar(
            sa.select(AuditEvent.client_id).where(
                AuditEvent.entity == "notes", AuditEvent.entity_id == note.id
            )
        )
        assert linked == note.client_id


def test_per_client_audit_mode_writes_one_event_per_client_file(caseload: Caseload) -> None:
    summary = demo.load(caseload.engine, 60, 4, today=TODAY, audit_mode=demo.AUDIT_PER_CLIENT)
    with caseload.session() as s:
        assert audit.verify_chain(s) is None
        events = s.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "import"))
        assert events == summary.counts["audit_events"] == 60


def test_search_finds_demo_clients_in_both_scripts_and_by_identifier(caseload: Caseload) -> None:
    demo.build_demo(caseload, clients=200, seed=8, today=TODAY)
    with caseload.session() as s:
        rows = s.scalars(sa.select(Client).where(Client.given_name_latin != "")).all()
        target = rows[0]
        by_latin = clients_repo.search_client_ids(
            s, target.given_name_latin[:3] + " " + target.family_name_latin
        )
        assert target.id in by_latin
        by_native = clients_repo.search_client_ids(s, f"{target.given_name} {target.family_name}")
        assert target.id in by_native
        uci = s.execute(sa.text("SELECT client_id, value FROM identifiers LIMIT 1")).one()
        assert uci[0] in clients_repo.search_client_ids(s, uci[1].replace("-", ""))
        hits = s.execute(
            sa.text("SELECT count(*) FROM fts_notes WHERE fts_notes MATCH 'appointment'")
        ).scalar()
        assert hits


def test_same_seed_same_people_and_a_second_run_adds_new_people(tmp_path: Path, caseload: Caseload) -> None:
    demo.build_demo(caseload, clients=30, seed=11, today=TODAY)
    other, _ = Caseload.create(tmp_path / "other", "someone", "another long passphrase")
    try:
        demo.build_demo(other, clients=30, seed=11, today=TODAY)
        assert _names(other) == _names(caseload)
    finally:
        other.close()
    demo.build_demo(caseload, clients=30, seed=11, today=TODAY)
    names = _names(caseload)
    assert len(names) == 60
    assert names[30:] != names[:30]


def test_demo_users_can_unlock_with_the_demo_passphrase(created: CreatedCaseload) -> None:
    demo.build_demo(created.caseload, clients=5, seed=1, user_passphrase=demo.DEMO_PASSPHRASE, today=TODAY)
    created.caseload.close()
    opened = Caseload.open(created.dir, Unlocker.passphrase("caseworker1", demo.DEMO_PASSPHRASE))
    try:
        assert opened.user.username == "caseworker1"
    finally:
        opened.close()


def test_generated_people_pass_the_repository_validation_the_bulk_path_skips(caseload: Caseload) -> None:
    """The bulk loader does not run the repositories' validators; prove its input would pass them."""
    with caseload.session() as s:
        for i in range(400):
            p = synthetic.person(13, i)
            latin = p.script != "Latn"
            data = clients_repo.ClientInput(
                given_name=p.given_name,
                family_name=p.family_name,
                given_name_latin=p.given_name_latin if latin else "",
                family_name_latin=p.family_name_latin if latin else "",
                preferred_name=p.preferred_name or "",
                date_of_birth=p.dob.as_date(),
                dob_precision=p.dob.precision,
                gender=p.gender,
                marital_status=p.marital_status,
                languages=p.languages,
                preferred_official_language=p.official_language,
                interpreter_needed=p.interpreter_needed,
                country_of_birth=p.country_of_birth,
                immigration_category=p.immigration_category,
                arrival_date=p.arrival_date,
                phone=p.phone,
                email=p.email,
                address=p.street_address,
                city=p.city,
                province=p.province,
                postal_code=p.postal_code,
                identifiers=(("uci", p.uci),) if p.uci else (),
            )
            values = clients_repo.validate_input(s, data, today=TODAY)
            assert values["phone"] == p.phone and values["postal_code"] == p.postal_code
            for m in p.household:
                member = clients_repo.ClientInput(
                    given_name=m.given_name,
                    family_name=m.family_name,
                    given_name_latin=m.given_name_latin if latin else "",
                    family_name_latin=m.family_name_latin if latin else "",
                    date_of_birth=date(m.birth_year, 1, 1),
                    dob_precision=DobPrecision.YEAR,
                    gender=m.gender,
                )
                clients_repo.validate_input(s, member, today=TODAY)
