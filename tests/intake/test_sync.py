"""The sync engine end to end: a real caseworker-server subprocess, a real encrypted caseload.

Promises checked: store before ack; no request lost or doubled whatever kills the sync process; a late
ack after a lost lease is refused and reported, nothing doubled; decisions taken offline are delivered
in order when the server is back; the device token lives only inside the encrypted caseload.
"""

from __future__ import annotations

import json
import os
import random
import select as io_select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.intake import outbox
from caseworker.intake.client import IntakeClient
from caseworker.intake.errors import ServerUnreachable
from caseworker.intake.lease import LeaseKeeper
from caseworker.intake.sync import NotEnrolled, SyncEngine, enrol, load_device, store_claimed
from caseworker.server import models as server_models
from caseworker.server.db import make_engine
from caseworker.server.demo import seed_bulk
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.keyslots import KdfParams
from caseworker.store.models import Client, Consent, IntakeDecision, IntakeState, IntakeSubmissionRow
from tests.helpers.live_server import LiveServer, provision_device, start_live_server

REPO = Path(__file__).resolve().parents[2]
USER = "amina"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", KdfParams.insecure_fast())


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the tests that do not stop it; each test works in its own agency's queue."""
    tmp = tmp_path_factory.mktemp("sync-server")
    live = start_live_server(f"sqlite:///{tmp / 'intake.sqlite3'}", log_dir=tmp)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server of its own, for tests that kill it."""
    live = start_live_server(f"sqlite:///{tmp_path / 'intake.sqlite3'}", log_dir=tmp_path)
    try:
        yield live
    finally:
        live.stop()


@dataclass
class Desk:
    caseload: Caseload
    dir: Path
    server: LiveServer
    slug: str
    agency_id: int
    seeds: list[str]

    def seed(self, n: int) -> list[str]:
        """``n`` requests routed to this desk's agency."""
        engine = make_engine(self.server.db_url)
        try:
            with Session(engine) as session:
                sids = seed_bulk(session, n, agency_id=self.agency_id, seed=random.getrandbits(32))
        finally:
            engine.dispose()
        self.seeds += sids
        return sids

    def server_state(self) -> tuple[int, dict[str, str | None], list[str]]:
        """(open items of this agency, submission id -> outcome, ack/refer events in order)."""
        engine = make_engine(self.server.db_url)
        sub, ev, qi = server_models.Submission, server_models.Event, server_models.QueueItem
        try:
            with Session(engine) as session:
                open_items = session.scalar(
                    select(func.count())
                    .select_from(qi)
                    .join(sub, sub.id == qi.id)
                    .where(sub.submission_id.in_(self.seeds))
                )
                outcomes = dict(
                    session.execute(
                        select(sub.submission_id, sub.outcome).where(sub.submission_id.in_(self.seeds))
                    ).all()
                )
                events = session.execute(
                    select(sub.submission_id, ev.kind)
                    .join(sub, sub.id == ev.submission_pk)
                    .where(sub.submission_id.in_(self.seeds), ev.kind.like("ack_%") | ev.kind.like("refer%"))
                    .order_by(ev.id)
                ).all()
                return int(open_items or 0), outcomes, [f"{sid}:{kind}" for sid, kind in events]
        finally:
            engine.dispose()


def _make_desk(tmp_path: Path, server: LiveServer) -> Desk:
    slug = "a" + uuid.uuid4().hex[:10]
    code = provision_device(server.db_url, slug, "Agency " + slug)
    engine = make_engine(server.db_url)
    try:
        with Session(engine) as session:
            agency_id = session.scalar(
                select(server_models.Agency.id).where(server_models.Agency.slug == slug)
            )
    finally:
        engine.dispose()
    directory = tmp_path / "caseload"
    caseload, _ = Caseload.create(directory, USER, PASSPHRASE)
    enrol(caseload, server.url, code, "front desk")
    return Desk(caseload, directory, server, slug, int(agency_id or 0), [])


@pytest.fixture
def desk(tmp_path: Path, shared_server: LiveServer) -> Iterator[Desk]:
    made = _make_desk(tmp_path, shared_server)
    yield made
    made.caseload.close()


@pytest.fixture
def lone_desk(tmp_path: Path, own_server: LiveServer) -> Iterator[Desk]:
    made = _make_desk(tmp_path, own_server)
    yield made
    made.caseload.close()


def local_rows(caseload: Caseload) -> list[tuple[str, IntakeState]]:
    with caseload.session() as session:
        return [
            (sid, state)
            for sid, state in session.execute(
                select(IntakeSubmissionRow.submission_id, IntakeSubmissionRow.state)
            ).all()
        ]


def engine_for(desk: Desk, **kw: int) -> SyncEngine:
    return SyncEngine.for_caseload(desk.caseload, **kw)


# --- enrolment ----------------------------------------------------------------------------------


def test_enrolment_keeps_the_token_inside_the_encrypted_caseload(desk: Desk) -> None:
    device = load_device(desk.caseload)
    assert device.token and device.agency_slug == desk.slug
    assert device.token not in repr(device)
    desk.caseload.close()
    for path in desk.dir.rglob("*"):
        if path.is_file():
            assert device.token.encode() not in path.read_bytes(), path.name
    desk.caseload = Caseload.open(desk.dir, _unlocker())
    assert load_device(desk.caseload).token == device.token


def _unlocker() -> Unlocker:
    return Unlocker.passphrase(USER, PASSPHRASE)


def test_not_enrolled_is_a_known_error(tmp_path: Path) -> None:
    caseload, _ = Caseload.create(tmp_path / "c", USER, PASSPHRASE)
    try:
        with pytest.raises(NotEnrolled):
            load_device(caseload)
    finally:
        caseload.close()


# --- pull, store, ack ---------------------------------------------------------------------------


def test_pull_1000_store_then_ack_everything(desk: Desk) -> None:
    sids = desk.seed(1000)
    engine = engine_for(desk)
    try:
        report = engine.pull_and_accept(batch=100)
    finally:
        engine.close()
    assert (report.claimed, report.stored_new, report.acked, report.refused) == (1000, 1000, 1000, [])
    rows = local_rows(desk.caseload)
    assert sorted(sid for sid, _ in rows) == sorted(sids)
    assert {state for _, state in rows} == {IntakeState.ACKED}
    open_items, outcomes, _ = desk.server_state()
    assert open_items == 0 and set(outcomes.values()) == {"accepted"}
    # a second run finds nothing and changes nothing
    engine = engine_for(desk)
    try:
        again = engine.pull_and_accept()
    finally:
        engine.close()
    assert (again.claimed, again.stored_new) == (0, 0) and len(local_rows(desk.caseload)) == 1000


def test_a_replayed_claim_is_stored_once(desk: Desk) -> None:
    desk.seed(3)
    engine = engine_for(desk, lease_seconds=1)
    try:
        first = engine.api.claim(3, lease_seconds=1)
        assert store_claimed(desk.caseload, first)[0] == [str(c.item_id) for c in first]
        time.sleep(1.3)  # leases expire before any ack: the items come back
        report = engine.pull_and_accept()
    finally:
        engine.close()
    assert (report.claimed, report.stored_new, report.replays, report.acked) == (3, 0, 3, 3)
    assert len(local_rows(desk.caseload)) == 3


@pytest.mark.slow
@pytest.mark.parametrize("create_clients", [False, True], ids=["accept", "create-clients"])
def test_killing_the_sync_process_at_random_points_loses_and_doubles_nothing(
    desk: Desk, create_clients: bool
) -> None:
    # the evidence is the create-clients run (1,000 requests); the accept-on-receipt run
    # takes the same kills on fewer requests to keep the suite's share reasonable
    sids = desk.seed(1000 if create_clients else 300)
    desk.caseload.close()  # the subprocesses open it themselves
    rng = random.Random(6)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-m", "caseworker.admin.cli", "sync", str(desk.dir), "--user", USER]
    cmd += ["--passphrase-stdin", "--batch", "20", "--lease-seconds", "2", "--json", "--progress"]
    cmd += ["--create-clients"] if create_clients else []
    kills = trials = 0
    while kills < 20 and trials < 60:
        trials += 1
        if desk.server_state()[0] == 0:
            desk.seed(100)  # keep work in the queue so every kill lands somewhere
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        assert proc.stdin is not None
        proc.stdin.write((PASSPHRASE + "\n").encode())
        proc.stdin.close()
        if trials % 5 == 0:
            time.sleep(rng.uniform(0.2, 3.0))  # anywhere, start-up included
        else:
            _wait_for_progress(proc)  # it is working: kill it mid-batch
            time.sleep(rng.uniform(0.0, 0.8))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert kills >= 20
    # the kills landed mid-work: rows were stored by killed runs (some perhaps stored but not acked)
    desk.caseload = Caseload.open(desk.dir, _unlocker())
    stored_by_killed_runs = len(local_rows(desk.caseload))
    desk.caseload.close()
    assert stored_by_killed_runs > 0
    # finish: leases of items claimed by a killed run expire after 2 s and come back
    for _ in range(15):
        done = subprocess.run(
            cmd, input=(PASSPHRASE + "\n").encode(), capture_output=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        if desk.server_state()[0] == 0:
            break
        time.sleep(1.0)
    desk.caseload = Caseload.open(desk.dir, _unlocker())
    rows = local_rows(desk.caseload)
    stored = [sid for sid, _ in rows]
    assert len(stored) == len(set(stored)) == len(desk.seeds) >= len(sids)  # none doubled
    assert set(stored) == set(desk.seeds) and set(sids) <= set(stored)  # none lost
    if create_clients:
        assert {state for _, state in rows} == {IntakeState.DONE}
        files = client_files(desk.caseload)
        # one client file per distinct submission (plus one per household member it lists): none
        # lost, none doubled
        assert files.by_submission == len(desk.seeds) == len(set(files.client_ids))
        assert files.clients == files.expected_clients and files.consents == len(desk.seeds)
        assert files.pending == 0 and files.refusals == 0
    else:
        assert {state for _, state in rows} == {IntakeState.ACKED}
    open_items, outcomes, events = desk.server_state()
    assert open_items == 0 and set(outcomes.values()) == {"accepted"}  # every server item acked
    assert sorted(e.split(":")[0] for e in events) == sorted(desk.seeds)  # each closed exactly once


@dataclass
class Files:
    by_submission: int  # requests decided "new client" with a file
    client_ids: list[int]
    clients: int  # client files in the caseload
    expected_clients: int  # one per request plus one per household member on its form
    consents: int
    pending: int  # outbox entries
    refusals: int


def client_files(caseload: Caseload) -> Files:
    with caseload.session() as session:
        rows = list(session.scalars(select(IntakeSubmissionRow)))
        made = [r for r in rows if r.decision is IntakeDecision.NEW_CLIENT and r.client_id is not None]
        expected = sum(1 + len(json.loads(r.payload).get("household", [])) for r in rows)
        return Files(
            by_submission=len(made),
            client_ids=[int(r.client_id or 0) for r in made],
            clients=int(session.scalar(select(func.count()).select_from(Client)) or 0),
            expected_clients=expected,
            consents=int(session.scalar(select(func.count()).select_from(Consent)) or 0),
            pending=len(outbox.pending(session)),
            refusals=len(outbox.refusals(session)),
        )


def test_create_clients_makes_one_file_per_request_and_acks_each_once(desk: Desk) -> None:
    desk.seed(150)
    engine = engine_for(desk, lease_seconds=60)
    try:
        # a crash left one batch stored and not acked (no files: the plain mode stored it)
        (held,) = engine.claim_for_triage(1)
        report = engine.pull_and_accept(batch=50, create_clients=True)
        again = engine.pull_and_accept(batch=50, create_clients=True)
    finally:
        engine.close()
    assert (report.claimed, report.stored_new, report.clients_created) == (149, 149, 149)
    assert report.outbox_sent == 150 and report.refused == [] and report.acked == 0
    assert (again.claimed, again.clients_created, again.outbox_sent) == (0, 0, 0)
    files = client_files(desk.caseload)
    assert files.by_submission == 150 == len(set(files.client_ids))
    assert (files.clients, files.consents, files.pending) == (files.expected_clients, 150, 0)
    assert dict(local_rows(desk.caseload))[str(held.item_id)] is IntakeState.DONE
    open_items, outcomes, events = desk.server_state()
    assert open_items == 0 and set(outcomes.values()) == {"accepted"}
    assert sorted(e.split(":")[0] for e in events) == sorted(desk.seeds)
    assert {e.split(":")[1] for e in events} == {"ack_accepted"}


def test_a_referral_that_comes_back_is_sent_to_the_same_agency_again(desk: Desk) -> None:
    desk.seed(1)
    target = "b" + uuid.uuid4().hex[:10]
    provision_device(desk.server.db_url, target, "Agency " + target)
    engine = engine_for(desk, lease_seconds=1)
    try:
        (item,) = engine.claim_for_triage(1)
        sid = str(item.item_id)
        time.sleep(1.3)  # the worker is slow: the lease runs out before the referral is sent
        engine.decide(sid, IntakeDecision.REFERRED, note="closer to home", to_agency=target)
        refused = engine.flush_outbox()
        assert [(r.submission_id, r.action) for r in refused.refused] == [(sid, "refer")]
        assert desk.server_state()[2] == []  # the late referral changed nothing
        engine.lease_seconds = 60
        report = engine.pull_and_accept()  # it comes back: the referral is sent again, as a referral
        assert (report.replays, report.outbox_sent, report.acked) == (1, 1, 0)
    finally:
        engine.close()
    open_items, outcomes, events = desk.server_state()
    assert events == [f"{sid}:referred"] and outcomes[sid] is None  # not closed "ack_referred"
    assert open_items == 1  # waiting in the other agency's queue
    assert local_rows(desk.caseload) == [(sid, IntakeState.DONE)]
    with desk.caseload.session() as session:
        assert outbox.refusals(session) == [] and outbox.pending(session) == []
    with Session(make_engine(desk.server.db_url)) as session:
        queued_for = session.scalar(
            select(server_models.Agency.slug)
            .join(server_models.QueueItem, server_models.QueueItem.agency_id == server_models.Agency.id)
            .join(server_models.Submission, server_models.Submission.id == server_models.QueueItem.id)
            .where(server_models.Submission.submission_id == sid)
        )
    assert queued_for == target


def _wait_for_progress(proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Block until the sync subprocess has finished its first batch (or exited)."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = io_select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if not line or line.startswith(b"progress"):
                return
        elif proc.poll() is not None:
            return


# --- leases and decisions -----------------------------------------------------------------------


def test_lease_lost_while_deciding_is_refused_reported_and_nothing_doubled(desk: Desk) -> None:
    desk.seed(1)
    engine = engine_for(desk, lease_seconds=1)
    other = IntakeClient(desk.server.url)
    other.enrol(provision_device(desk.server.db_url, desk.slug), "other desk")
    try:
        (item,) = engine.claim_for_triage(1)
        sid = str(item.item_id)
        lost: list[str] = []
        keeper = LeaseKeeper(engine.renew, on_lost=lost.append)
        keeper.hold(sid, item.fence, 1.0)
        time.sleep(1.3)  # the worker is slow; the keeper was not running: the lease expires
        (theirs,) = other.claim(1, lease_seconds=60)  # and another desk picks the request up
        assert str(theirs.item_id) == sid
        keeper.tick()
        assert lost == [sid]  # the triage screen is told
        engine.decide(sid, IntakeDecision.NEW_CLIENT, actor_id=desk.caseload.user.id)
        report = engine.flush_outbox()
        assert [r.submission_id for r in report.refused] == [sid] and report.sent == []
        with desk.caseload.session() as session:
            assert [r.submission_id for r in outbox.refusals(session)] == [sid]
            assert outbox.pending(session) == []
        assert local_rows(desk.caseload) == [(sid, IntakeState.DECIDED)]
        open_items, outcomes, _ = desk.server_state()
        assert open_items == 1 and outcomes[sid] is None  # the late ack changed nothing
        # the other desk gives it back; our next claim is a replay: our decision is sent, one row
        other.release(theirs.item_id, theirs.fence)
        report2 = engine.pull_and_accept()
        assert report2.replays == 1 and report2.stored_new == 0 and report2.outbox_sent == 1
        assert local_rows(desk.caseload) == [(sid, IntakeState.DONE)]
        assert desk.server_state()[1][sid] == "accepted"
    finally:
        other.close()
        engine.close()


def test_lease_keeper_renews_open_items(desk: Desk) -> None:
    desk.seed(1)
    engine = engine_for(desk, lease_seconds=3)
    try:
        (item,) = engine.claim_for_triage(1)
        keeper = LeaseKeeper(engine.renew, renew_fraction=0.5)
        left = (item.lease_expires_at - datetime.now(UTC)).total_seconds()
        keeper.hold(str(item.item_id), item.fence, left)
        keeper.start(interval=0.2)
        time.sleep(4.5)  # well past the first lease
        keeper.stop()
        assert keeper.held()[str(item.item_id)] > 0
        engine.decide(str(item.item_id), IntakeDecision.REJECTED, note="duplicate request")
        assert engine.flush_outbox().sent == [str(item.item_id)]
        assert desk.server_state()[1][str(item.item_id)] == "rejected"
    finally:
        engine.close()


def test_offline_decisions_are_kept_and_delivered_in_order(lone_desk: Desk, tmp_path: Path) -> None:
    desk, server = lone_desk, lone_desk.server
    desk.seed(6)
    provision_device(server.db_url, "toronto-settlement", "Toronto Settlement")
    engine = engine_for(desk, lease_seconds=600)
    try:
        items = engine.claim_for_triage(6)
        server.kill()  # the network drops
        order = [str(i.item_id) for i in items]
        rng = random.Random(3)
        rng.shuffle(order)
        decisions = [
            (IntakeDecision.NEW_CLIENT, None),
            (IntakeDecision.REJECTED, None),
            (IntakeDecision.REFERRED, "toronto-settlement"),
            (IntakeDecision.MERGED, None),
            (IntakeDecision.REFERRED, None),
            (IntakeDecision.NEW_CLIENT, None),
        ]
        for sid, (decision, to_agency) in zip(order, decisions, strict=True):
            engine.decide(sid, decision, note="note", to_agency=to_agency)
            offline = engine.flush_outbox()
            assert offline.offline and offline.sent == []
        with desk.caseload.session() as session:
            assert [e.submission_id for _, e in outbox.pending(session)] == order
        with pytest.raises(ServerUnreachable):
            engine.api.queue()
        # the server comes back (same database, new port)
        back = start_live_server(server.db_url, log_dir=tmp_path)
        try:
            engine.api.close()
            engine.api = IntakeClient(back.url, load_device(desk.caseload).token)
            report = engine.flush_outbox()
            assert report.sent == order and not report.refused and not report.offline
            _, outcomes, events = desk.server_state()  # same database
            assert [e.split(":")[0] for e in events] == order
            expected = [
                "ack_accepted",
                "ack_rejected",
                "referred",
                "ack_accepted",
                "ack_referred",
                "ack_accepted",
            ]
            assert [e.split(":")[1] for e in events][:2] == expected[:2]
            assert outcomes[order[0]] == "accepted" and outcomes[order[1]] == "rejected"
            assert outcomes[order[2]] is None  # referred to another agency's queue: still open there
            with desk.caseload.session() as session:
                assert outbox.pending(session) == []
        finally:
            back.stop()
    finally:
        engine.close()


def test_give_back_releases_and_keeps_no_copy(desk: Desk) -> None:
    desk.seed(1)
    engine = engine_for(desk, lease_seconds=60)
    try:
        (item,) = engine.claim_for_triage(1)
        engine.give_back(str(item.item_id))
        assert engine.flush_outbox().sent == [str(item.item_id)]
        assert local_rows(desk.caseload) == []
        open_items, _, _ = desk.server_state()
        assert open_items == 1 and engine.api.claim(1)[0].item_id == item.item_id
    finally:
        engine.close()


def test_cli_enrol_and_sync(tmp_path: Path, lone_desk: Desk) -> None:
    server = lone_desk.server
    directory = tmp_path / "cl"
    Caseload.create(directory, USER, PASSPHRASE)[0].close()
    lone_desk.seed(30)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    base = [sys.executable, "-m", "caseworker.admin.cli"]
    code = provision_device(server.db_url, lone_desk.slug)
    enrol_run = subprocess.run(
        [
            *base,
            "enrol",
            str(directory),
            "--server",
            server.url,
            "--code",
            code,
            "--user",
            USER,
            "--passphrase-stdin",
        ],
        input=(PASSPHRASE + "\n").encode(),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert enrol_run.returncode == 0, enrol_run.stderr.decode()
    assert code not in enrol_run.stdout.decode()
    sync_run = subprocess.run(
        [*base, "sync", str(directory), "--user", USER, "--passphrase-stdin", "--json"],
        input=(PASSPHRASE + "\n").encode(),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert sync_run.returncode == 0, sync_run.stderr.decode()
    assert '"stored_new": 30' in sync_run.stdout.decode()
    server.kill()
    offline_run = subprocess.run(
        [*base, "sync", str(directory), "--user", USER, "--passphrase-stdin"],
        input=(PASSPHRASE + "\n").encode(),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert offline_run.returncode == 1 and "cannot be reached" in offline_run.stderr.decode()


def test_a_decision_refused_for_good_does_not_block_the_ones_behind_it(desk: Desk) -> None:
    desk.seed(2)
    engine = engine_for(desk, lease_seconds=60)
    try:
        first, second = engine.claim_for_triage(2)
        engine.decide(str(first.item_id), IntakeDecision.REFERRED, to_agency="no-such-agency", note="n")
        engine.decide(str(second.item_id), IntakeDecision.NEW_CLIENT)
        report = engine.flush_outbox()
        assert [(r.submission_id, r.why) for r in report.refused] == [(str(first.item_id), "unknown_agency")]
        assert report.sent == [str(second.item_id)]
        with desk.caseload.session() as session:
            assert outbox.pending(session) == []
            assert [r.submission_id for r in outbox.refusals(session)] == [str(first.item_id)]
            outbox.dismiss_refusal(session, str(first.item_id))
        with desk.caseload.session() as session:
            assert outbox.refusals(session) == []
    finally:
        engine.close()
