"""8 processes claim and ack 5,000 items at once against a real uvicorn: each acked once, none lost."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.core.domain import NewcomerStatus
from caseworker.server.demo import seed_bulk
from caseworker.server.models import Event, QueueItem, Submission
from tests.helpers.live_server import provision_device, start_live_server
from tests.helpers.queue_worker import drain
from tests.server.conftest import migrated_engine

ITEMS = 5000
WORKERS = 8


@pytest.mark.slow
def test_eight_processes_ack_every_item_exactly_once(server_db: str, tmp_path: Path) -> None:
    engine = migrated_engine(server_db)
    with Session(engine) as session:
        sids = set(seed_bulk(session, ITEMS, agency_id=None, seed=7))
    server = start_live_server(server_db, log_dir=tmp_path)
    try:
        tokens = []
        for i in range(WORKERS):
            code = provision_device(server_db, f"agency-{i % 3}")
            r = httpx.post(server.api + "/enrol", json={"code": code, "device_name": f"w{i}"}, timeout=10)
            r.raise_for_status()
            tokens.append(r.json()["token"])
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(WORKERS) as pool:
            jobs = pool.starmap_async(drain, [(server.api, t, 25, 0.03, i) for i, t in enumerate(tokens)])
            results = jobs.get(timeout=600)
    finally:
        server.stop()

    acked = Counter(sid for r in results for sid in r["acked"])
    claims = Counter(c for r in results for c in r["claimed"])
    assert sum(len(r["refused"]) for r in results) == 0
    assert set(acked) == sids, f"lost: {len(sids - set(acked))}"
    assert max(acked.values()) == 1, "an item was acked twice"
    assert max(claims.values()) == 1, "the same (item, fence) was handed to two claimers"
    assert sum(len(r["claimed"]) for r in results) > ITEMS  # releases forced real re-claims
    assert sum(1 for r in results if r["acked"]) >= WORKERS // 2  # work was actually shared
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(QueueItem)).scalar_one() == 0
        statuses = Counter(session.execute(select(Submission.newcomer_status)).scalars())
        ack_events = Counter(
            session.execute(select(Event.submission_pk).where(Event.kind.like("ack_%"))).scalars()
        )
    assert statuses == {NewcomerStatus.CONTACTED.value: ITEMS}
    assert len(ack_events) == ITEMS and max(ack_events.values()) == 1  # the audit trail: one ack each
    engine.dispose()


def test_fifty_concurrent_submitters_all_get_an_answer(server_db: str, tmp_path: Path) -> None:
    """Regression: a transaction held across FastAPI's dependency -> endpoint thread hop deadlocked
    the thread pool under 50 concurrent pushes (every request then failed after 30 s)."""
    import json
    import random

    from caseworker.server.demo import submission_dict
    from tests.helpers.submitters import run

    server = start_live_server(server_db, log_dir=tmp_path)
    try:
        code = provision_device(server_db, "volunteers")
        token = httpx.post(server.api + "/enrol", json={"code": code, "device_name": "laptop"}).json()[
            "token"
        ]
        rng = random.Random(8)
        work = [[json.dumps(submission_dict(rng)).encode() for _ in range(3)] for _ in range(50)]
        latencies, errors, _elapsed = run(server.url, token, work)
    finally:
        server.stop()
    assert errors == [] and len(latencies) == 150
    assert "Traceback" not in server.log_text()
