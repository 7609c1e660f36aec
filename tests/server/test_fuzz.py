"""Hostile input: Schemathesis generates requests from /openapi.json; the server never answers 5xx.

Runs against a real server subprocess on SQLite with a queue of items and an enrolled device, so
authenticated operations reach the claim/ack/refer code instead of stopping at 401. Bounded:
a few dozen examples per operation.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from sqlalchemy.orm import Session

from caseworker.intake.schema import IntakeSubmission
from caseworker.server.demo import seed_bulk, submission_dict
from tests.helpers.live_server import LiveServer, provision_device, start_live_server
from tests.server.conftest import migrated_engine

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis import GenerationMode


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{tmp / 'intake.sqlite3'}"
    engine = migrated_engine(url)
    with Session(engine) as session:
        seed_bulk(session, 200, seed=3)
    engine.dispose()
    server = start_live_server(url, log_dir=tmp, extra_args=["--enrol-rate-limit", "100000/minute"])
    code = provision_device(url, "fuzz-agency")
    provision_device(url, "other-agency")
    token = httpx.post(server.api + "/enrol", json={"code": code, "device_name": "fuzzer"}).json()["token"]
    try:
        yield server, {"Authorization": f"Bearer {token}"}
    finally:
        server.stop()
        assert "Traceback" not in server.log_text(), server.log_text()[-4000:]


def _check_operation(operation: Any, generation: Any, base_url: str, auth: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=generation))
    @settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        for headers in (None, auth):  # as generated (often unauthenticated), then as a device
            response = case.call(base_url=base_url, headers=headers, timeout=30)
            assert response.status_code < 500, (operation.label, response.status_code, response.text[:300])

    check()


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_server_errors(fuzz_server: tuple[LiveServer, dict[str, str]], mode: str) -> None:
    """Every operation of /openapi.json, with valid-by-schema and deliberately invalid inputs.

    (Schemathesis' own pytest plugin does not run under this pytest version; its Hypothesis
    strategies do, so they are driven here with ``@given``.)
    """
    server, auth = fuzz_server
    api = schemathesis.openapi.from_url(server.url + "/openapi.json")
    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 12
    seen: list[str] = []

    for operation in operations:
        try:
            _check_operation(operation, generation, server.url, auth)
        except Unsatisfiable:
            # No way to make an invalid request for an operation with no inputs (GET /healthz).
            assert mode == "negative" and not operation.body and not operation.query, operation.label
            continue
        seen.append(operation.label)
    assert "POST /api/v1/claims" in seen and "POST /api/v1/submissions" in seen


def test_valid_submission_round_trip_survives_the_fuzzing(
    fuzz_server: tuple[LiveServer, dict[str, str]],
) -> None:
    """After the fuzzing, the server still takes a real push and hands it out intact."""
    server, auth = fuzz_server
    sub = IntakeSubmission.model_validate(submission_dict(random.Random(11)))
    r = httpx.post(server.api + "/submissions", json=sub.model_dump(mode="json"), headers=auth)
    assert r.status_code == 200, r.text
    assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}
