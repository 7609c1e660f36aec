"""The desktop's intake client against a real ``caseworker-server`` subprocess on 127.0.0.1."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import httpx
import pytest

from caseworker.core.domain import IntakeOutcome
from caseworker.intake import errors
from caseworker.intake.client import AckRequest, IntakeClient
from caseworker.intake.schema import IntakeSubmission
from caseworker.server.demo import submission_dict
from tests.helpers.live_server import LiveServer, provision_device, start_live_server
from tests.helpers.postgres import free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("intake-server")
    live = start_live_server(f"sqlite:///{tmp / 'intake.sqlite3'}", log_dir=tmp)
    try:
        yield live
    finally:
        live.stop()


def _client(server: LiveServer, slug: str = "nwd-ottawa", name: str = "desk") -> IntakeClient:
    client = IntakeClient(server.url)
    client.enrol(provision_device(server.db_url, slug), name)
    return client


def _push(client: IntakeClient, n: int, seed: int) -> list[IntakeSubmission]:
    """No routing rules on this server: everything is in the shared unrouted queue."""
    rng = random.Random(seed)
    subs = []
    for _ in range(n):
        raw = submission_dict(rng)
        sub = IntakeSubmission.model_validate(raw)
        client.push(sub)
        subs.append(sub)
    return subs


def _drain(client: IntakeClient) -> None:
    while claims := client.claim(50):
        client.ack_many(AckRequest(c.item_id, c.fence, IntakeOutcome.REJECTED, "test") for c in claims)


def test_enrol_then_whoami_and_agencies(server: LiveServer) -> None:
    with _client(server, "nwd-ottawa", "Front desk") as client:
        assert client.token and client.token.startswith("cwd_")
        me = client.device()
        assert me.name == "Front desk" and me.agency.slug == "nwd-ottawa"
        provision_device(server.db_url, "toronto-settlement")
        assert {"nwd-ottawa", "toronto-settlement"} <= {a.slug for a in client.agencies()}


def test_a_used_code_is_refused(server: LiveServer) -> None:
    code = provision_device(server.db_url)
    with IntakeClient(server.url) as a, IntakeClient(server.url) as b:
        a.enrol(code, "a")
        with pytest.raises(errors.EnrolmentRefused):
            b.enrol(code, "b")


def test_push_claim_renew_ack_and_replays(server: LiveServer) -> None:
    with _client(server) as client:
        _drain(client)
        [sub] = _push(client, 1, seed=1)
        again = client.push(sub)
        assert again.replayed and again.submission_id == sub.submission_id
        changed = sub.model_copy(update={"needs_text": "different"})
        with pytest.raises(errors.SubmissionConflict):
            client.push(changed)
        [entry] = client.queue()
        assert entry.item_id == sub.submission_id and entry.metadata.languages == sub.person.languages
        [claim] = client.claim(5, lease_seconds=60)
        assert claim.submission == sub and claim.problem is None and claim.fence == 1
        assert claim.reference == again.reference
        later = client.renew(claim.item_id, claim.fence, lease_seconds=120)
        assert later > claim.lease_expires_at
        assert client.ack(claim.item_id, claim.fence, IntakeOutcome.ACCEPTED) == "acked"
        assert client.ack(claim.item_id, claim.fence, IntakeOutcome.ACCEPTED) == "already_acked"
        with pytest.raises(errors.LeaseLost):
            client.ack(claim.item_id, claim.fence + 1, IntakeOutcome.ACCEPTED)
        with pytest.raises(errors.ItemNotFound):
            client.ack(uuid.uuid4(), 1, IntakeOutcome.ACCEPTED)


def test_release_refer_and_batch_acks(server: LiveServer) -> None:
    with _client(server, "nwd-ottawa") as ott, _client(server, "toronto-settlement") as tor:
        _drain(ott)
        _push(ott, 3, seed=2)
        claims = ott.claim(3)
        assert len(claims) == 3
        ott.release(claims[0].item_id, claims[0].fence)
        with pytest.raises(errors.LeaseLost):
            ott.release(claims[0].item_id, claims[0].fence)
        with pytest.raises(errors.UnknownAgency):
            ott.refer(claims[1].item_id, claims[1].fence, "no-such-agency")
        ott.refer(claims[1].item_id, claims[1].fence, "toronto-settlement", "closer to family")
        results = ott.ack_many(
            [
                AckRequest(claims[2].item_id, claims[2].fence, IntakeOutcome.ACCEPTED),
                AckRequest(claims[1].item_id, claims[1].fence, IntakeOutcome.ACCEPTED),
            ]
        )
        assert [r.result for r in results] == ["acked", "lease_lost"]
        got = {c.item_id: c for c in tor.claim(10)}
        assert set(got) == {claims[0].item_id, claims[1].item_id}
        assert got[claims[1].item_id].referrals[0].note == "closer to family"
        assert got[claims[1].item_id].referrals[0].from_agency == "nwd-ottawa"


def test_revoked_and_unknown_tokens(server: LiveServer) -> None:
    from caseworker.server.cli import main

    client = _client(server)
    me = client.device()
    assert main(["admin", "--db", server.db_url, "revoke-device", str(me.device_id)]) == 0
    with pytest.raises(errors.TokenRevoked) as info:
        client.queue()
    assert isinstance(info.value, errors.Unauthorized) and info.value.status == 401
    with IntakeClient(server.url, "cwd_not-a-token") as stranger, pytest.raises(errors.Unauthorized) as info2:
        stranger.queue()
    assert not isinstance(info2.value, errors.TokenRevoked)
    with IntakeClient(server.url) as no_token, pytest.raises(errors.Unauthorized):
        no_token.claim()
    client.close()


def test_unreachable_server_is_a_known_error() -> None:
    with IntakeClient(f"http://127.0.0.1:{free_port()}", "cwd_x", timeout=2.0) as client:
        with pytest.raises(errors.ServerUnreachable) as info:
            client.queue()
    assert info.value.hint  # tells the worker what to do


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, b"Internal Server Error", errors.ServerFailure),
        (502, b"<html>bad gateway</html>", errors.ServerFailure),
        (503, b'{"error":"busy","message":"x"}', errors.ServerBusy),
        (429, b'{"error":"rate_limited"}', errors.RateLimited),
        (422, b'{"detail":[]}', errors.RequestRejected),
        (409, b'{"error":"lease_lost"}', errors.LeaseLost),
    ],
)
def test_error_statuses_map_to_types(status: int, body: bytes, expected: type[Exception]) -> None:
    """A reverse proxy's HTML error page or a crash must still become a typed, explainable error."""
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    with IntakeClient("http://intake.invalid", "cwd_x", transport=transport) as client:
        with pytest.raises(expected):
            client.claim()


def test_a_garbled_success_body_is_a_server_failure() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=b"<html>captive portal</html>")
    )
    with IntakeClient("http://intake.invalid", "cwd_x", transport=transport) as client:
        with pytest.raises(errors.ServerFailure):
            client.queue()
