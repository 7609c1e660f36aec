"""From the encrypted caseload to a PDF: the store adapter and ``caseworker-admin plan``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseworker.admin.cli import main
from caseworker.plans.from_store import PlanNotFound, build_plan
from caseworker.plans.model import AgencyHeader
from caseworker.store import demo, keyslots
from caseworker.store import models as db
from caseworker.store.caseload import Caseload
from caseworker.store.keyslots import KdfParams
from tests.plans.conftest import needs_poppler, normalise, pdftotext

USER, PASS = "amina", "correct horse battery staple"


@pytest.fixture
def caseload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())
    directory = tmp_path / "caseload"
    caseload, _ = Caseload.create(directory, USER, PASS, display_name="Amina Test")
    try:
        demo.load(caseload.engine, 12, seed=7)
    finally:
        caseload.close()
    return directory


def _translated_plan_client(directory: Path) -> tuple[int, str]:
    from caseworker.store.caseload import Unlocker

    cl = Caseload.open(directory, Unlocker.passphrase(USER, PASS))
    try:
        with cl.session() as s:
            row = s.execute(
                sa.select(db.Plan.client_id, db.Plan.translation_language)
                .where(db.Plan.translation_language.is_not(None))
                .order_by(db.Plan.id)
            ).first()
            assert row is not None, "demo data has a translated plan"
            return int(row[0]), str(row[1])
    finally:
        cl.close()


def test_build_plan_reads_goals_actions_and_translations(caseload_dir: Path) -> None:
    from caseworker.store.caseload import Unlocker

    client_id, lang = _translated_plan_client(caseload_dir)
    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USER, PASS))
    try:
        with cl.session() as s:
            plan = build_plan(s, client_id, agency=AgencyHeader("Test Agency"))
            goal_rows = s.scalars(
                sa.select(db.Goal).join(db.Plan).where(db.Plan.client_id == client_id)
            ).all()
            with pytest.raises(PlanNotFound):
                build_plan(s, 10_000_000, agency=AgencyHeader("x"))
    finally:
        cl.close()
    assert plan.client.language_code == lang
    assert 0 < len(plan.goals) <= len({g.id for g in goal_rows})
    by_text = {r.text: r.text_translation for r in goal_rows}
    for g in plan.goals:
        assert g.text.text in by_text
        assert (g.text.translation or "") == by_text[g.text.text]


@needs_poppler
def test_cli_plan_writes_a_bilingual_pdf(caseload_dir: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    client_id, lang = _translated_plan_client(caseload_dir)
    out = tmp_path / "plan.pdf"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    code = main(
        [
            "plan",
            str(caseload_dir),
            str(client_id),
            "--official",
            "fr",
            "--language",
            lang,
            "-o",
            str(out),
            "--agency",
            "Agence <test> & Co",
            "--user",
            USER,
            "--passphrase-stdin",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = normalise(pdftotext(out))
    assert normalise("Plan d’établissement") in text
    assert normalise("Agence <test> & Co") in text


def test_cli_plan_rejects_unknown_language(caseload_dir: Path, tmp_path: Path, capsys) -> None:
    code = main(["plan", str(caseload_dir), "1", "--language", "xx", "-o", str(tmp_path / "p.pdf")])
    assert code == 1
    assert "Unknown language" in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()


def test_plan_from_client_file_snapshot_matches_session_build(caseload_dir: Path) -> None:
    """The GUI path (a detached ClientFile snapshot) gives the same document as the session path."""
    from caseworker.plans.from_store import plan_from_client_file
    from caseworker.store.caseload import Unlocker
    from caseworker.store.repos.files import get_client_file

    client_id, _ = _translated_plan_client(caseload_dir)
    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USER, PASS))
    try:
        with cl.session() as s:
            via_session = build_plan(s, client_id, agency=AgencyHeader("A"))
            file = get_client_file(s, client_id, cl.user.id)
            worker = via_session.worker_name
    finally:
        cl.close()
    assert file is not None
    via_file = plan_from_client_file(file, agency=AgencyHeader("A"), worker_name=worker)
    assert via_file == via_session


def test_cli_plan_for_missing_client_is_a_clear_error(
    caseload_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    out = tmp_path / "p.pdf"
    code = main(["plan", str(caseload_dir), "9999999", "-o", str(out), "--user", USER, "--passphrase-stdin"])
    assert code == 2
    assert "No client file" in capsys.readouterr().err
    assert not out.exists()


def test_cli_plan_defaults_languages_from_the_client(
    caseload_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    from caseworker.store.caseload import Unlocker

    client_id, lang = _translated_plan_client(caseload_dir)
    cl = Caseload.open(caseload_dir, Unlocker.passphrase(USER, PASS))
    try:
        with cl.session() as s:
            pref = str(s.get(db.Client, client_id).preferred_official_language)
    finally:
        cl.close()
    official = pref if pref in ("en", "fr") else "en"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    out = tmp_path / "p.pdf"
    code = main(
        ["plan", str(caseload_dir), str(client_id), "-o", str(out), "--user", USER, "--passphrase-stdin"]
    )
    assert code == 0
    assert f"{official} + {lang}" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
