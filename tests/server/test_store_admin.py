"""Idempotent submit, status, retention and the admin CLI, on both engines."""

from __future__ import annotations

import json
import random
import threading
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.core.domain import IntakeOutcome, NewcomerStatus
from caseworker.intake.schema import IntakeSubmission
from caseworker.server import intake_store, migrations, queue, retention
from caseworker.server.auth import DeviceIdentity
from caseworker.server.cli import main
from caseworker.server.db import make_engine
from caseworker.server.demo import make_submission, submission_dict
from caseworker.server.errors import Conflict
from caseworker.server.models import Base, Event, QueueItem, Submission
from tests.server.conftest import ServerEnv

DAY = 86_400


def test_submit_is_idempotent_and_conflicts_on_a_changed_body(env: ServerEnv) -> None:
    sub = make_submission(random.Random(2))
    with env.session_factory() as session:
        first = intake_store.submit(session, sub)
        again = intake_store.submit(session, IntakeSubmission.model_validate(sub.model_dump(mode="json")))
        assert (again.reference, again.secret, again.created) == (first.reference, first.secret, False)
        assert first.created
        with pytest.raises(Conflict):
            intake_store.submit(session, sub.model_copy(update={"needs_text": "changed"}))
        assert session.execute(select(func.count()).select_from(Submission)).scalar_one() == 1


def test_concurrent_identical_submits_store_one(env: ServerEnv) -> None:
    sub = make_submission(random.Random(3))
    results: list[Any] = []

    def go() -> None:
        with env.session_factory() as session:
            results.append(intake_store.submit(session, sub))

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({(r.reference, r.secret) for r in results}) == 1
    assert sum(r.created for r in results) == 1
    with env.session_factory() as session:
        assert session.execute(select(func.count()).select_from(QueueItem)).scalar_one() == 1


def test_status_needs_the_right_secret(env: ServerEnv) -> None:
    with env.session_factory() as session:
        r = intake_store.submit(session, make_submission(random.Random(4)))
        assert intake_store.status(session, r.reference, r.secret) == NewcomerStatus.RECEIVED
        assert (
            intake_store.status(session, r.reference.lower().replace("-", " "), r.secret.lower())
            == "received"
        )
        assert intake_store.status(session, r.reference, "000000") is None
        assert intake_store.status(session, "NWD-0000-0000", r.secret) is None
        assert intake_store.status(session, "not a reference", r.secret) is None


def _close(
    env: ServerEnv, n: int, subs: list[IntakeSubmission] | None = None
) -> list[intake_store.SubmitResult]:
    rng = random.Random(5)
    subs = subs or [make_submission(rng) for _ in range(n)]
    out = []
    with env.session_factory() as session:
        for sub in subs:
            out.append(intake_store.submit(session, sub, clock=env.clock))
        agency = env.agency("a")
        dev = DeviceIdentity(999, agency, "a", "A", "d")
        now = int(env.clock() * 1000)
        items = queue.claim(session, dev, n, lease_ms=60_000, now_ms=now)
        queue.ack_many(
            session,
            dev,
            [
                (i.submission_id, i.fence, IntakeOutcome.REJECTED, "duplicate of an existing client")
                for i in items
            ],
            now_ms=now,
        )
    return out


def test_retention_purges_personal_data_but_keeps_the_tombstone(env: ServerEnv) -> None:
    results = _close(env, 3)
    with env.session_factory() as session:
        open_one = intake_store.submit(session, make_submission(random.Random(99)), clock=env.clock)
        now = int(env.clock() * 1000)
        assert retention.purge(session, retention_days=30, now_ms=now).submissions == 0
        later = now + 31 * DAY * 1000
        dry = retention.purge(session, retention_days=30, now_ms=later, dry_run=True)
        assert dry.submissions == 3
        assert session.execute(select(func.count()).where(Submission.payload.is_not(None))).scalar_one() == 4
        assert retention.purge(session, retention_days=30, now_ms=later).submissions == 3
        rows = session.execute(select(Submission).where(Submission.purged_at.is_not(None))).scalars().all()
        assert len(rows) == 3
        assert all(r.payload is None and r.metadata_json is None and r.outcome_reason is None for r in rows)
        assert (
            session.execute(
                select(func.count()).select_from(Event).where(Event.note.is_not(None))
            ).scalar_one()
            == 0
        )
        for r in results:  # the newcomer still learns their request was closed
            assert intake_store.status(session, r.reference, r.secret) == NewcomerStatus.CLOSED
        assert intake_store.status(session, open_one.reference, open_one.secret) == NewcomerStatus.RECEIVED
        assert retention.purge(session, retention_days=30, now_ms=later).submissions == 0


def test_a_replayed_push_after_purge_does_not_resurrect_the_request(env: ServerEnv) -> None:
    sub = make_submission(random.Random(5))
    _close(env, 1, [sub])
    with env.session_factory() as session:
        retention.purge(session, retention_days=0, now_ms=int(env.clock() * 1000) + 1)
        again = intake_store.submit(session, sub)
        assert not again.created
        assert session.execute(select(func.count()).select_from(QueueItem)).scalar_one() == 0


def test_admin_cli_end_to_end(server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    def run(*args: str) -> Any:
        assert main(["admin", "--db", server_db, *args]) == 0, capsys.readouterr().err
        return json.loads(capsys.readouterr().out)

    assert run("create-agency", "nwd-ottawa", "NWD Ottawa")["agency"] == "nwd-ottawa"
    assert main(["admin", "--db", server_db, "create-agency", "nwd-ottawa", "Again"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["admin", "--db", server_db, "create-agency", "Bad Slug!", "x"]) == 2
    capsys.readouterr()
    rules = run("set-routing", "nwd-ottawa", "--postal", "k1a, K2P", "--language", "ar,fa")["rules"]
    assert rules == [
        {"postal_prefixes": ["K1A", "K2P"], "languages": ["ar", "fa"], "needs": [], "priority": 100}
    ]
    rules = run("set-routing", "nwd-ottawa", "--need", "housing", "--add", "--priority", "5")["rules"]
    assert len(rules) == 2
    assert main(["admin", "--db", server_db, "set-routing", "nwd-ottawa", "--need", "pizza"]) == 2
    assert "unknown need" in capsys.readouterr().err
    assert main(["admin", "--db", server_db, "set-routing", "nobody", "--need", "housing"]) == 2
    assert "No agency" in capsys.readouterr().err
    code = run("create-enrolment-code", "nwd-ottawa", "--label", "front desk")["code"]
    assert len(code) == 19
    [agency] = run("list-agencies")
    assert agency["agency"] == "nwd-ottawa" and len(agency["rules"]) == 2
    assert run("list-devices") == []
    assert main(["admin", "--db", server_db, "revoke-device", "42"]) == 2
    assert "No device" in capsys.readouterr().err
    assert run("purge", "--days", "30", "--dry-run")["dry_run"] is True
    assert run("set-routing", "nwd-ottawa", "--clear")["rules"] == []


def test_demo_seeds_multilingual_submissions_and_is_repeatable(
    server_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", server_db, "--submissions", "30", "--seed", "4"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["created"] == 30 and len(first["agencies"]) == 3
    assert main(["demo", "--db", server_db, "--submissions", "30", "--seed", "4"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 0
    engine = make_engine(server_db)
    with Session(engine) as session:
        payloads = [json.loads(p) for p in session.execute(select(Submission.payload)).scalars()]
    engine.dispose()
    languages = {p["form_language"] for p in payloads}
    assert len(languages) >= 5
    scripts = "".join(p["person"]["given_name"] for p in payloads)
    assert any("\u0600" <= c <= "\u06ff" for c in scripts) and any("\u0400" <= c <= "\u04ff" for c in scripts)


def test_migrations_create_exactly_the_models(server_db: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(server_db)
    migrations.upgrade(engine)
    migrations.upgrade(engine)  # a second start changes nothing
    assert migrations.current(engine) == "0001"
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_the_server_never_loads_the_caseload_or_qt() -> None:
    """At run time, not only in the source: building the app pulls in no store, GUI or Qt module."""
    import subprocess
    import sys

    code = (
        "import sys, tempfile;"
        "from caseworker.server.app import create_app;"
        "from caseworker.server.config import Settings;"
        "create_app(Settings(db_url='sqlite:///' + tempfile.mkdtemp() + '/x.db'));"
        "bad = [m for m in sys.modules if m.startswith(('caseworker.store', 'caseworker.gui', 'PySide6'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    from tests.helpers.live_server import REPO

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_submission_dicts_validate() -> None:
    rng = random.Random(0)
    for _ in range(50):
        IntakeSubmission.model_validate(submission_dict(rng))


def test_the_server_applies_retention_by_itself_at_start(env: ServerEnv) -> None:
    from caseworker.server.app import create_app
    from tests.server.conftest import FakeClock, TestClient

    [result] = _close(env, 1)
    later = FakeClock(env.clock() + 91 * DAY)
    app = create_app(env.settings, clock=later)  # default retention: 90 days
    with TestClient(app):  # startup runs the first purge
        pass
    app.state.ctx.engine.dispose()
    with env.session_factory() as session:
        row = session.execute(select(Submission).where(Submission.reference == result.reference)).scalar_one()
        assert row.payload is None and row.purged_at is not None
        assert intake_store.status(session, result.reference, result.secret) == NewcomerStatus.CLOSED
