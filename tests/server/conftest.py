"""Fixtures for the intake server tests: both engines, a fake clock, enrolled devices.

``server_db`` is parametrised: every test that uses it runs on a SQLite file and on the real
PostgreSQL the suite starts (tests/helpers/postgres.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from caseworker.server import auth, migrations
from caseworker.server.admin import create_agency
from caseworker.server.app import create_app
from caseworker.server.config import Settings
from caseworker.server.db import make_engine
from tests.helpers.live_server import live_server  # noqa: F401  (fixture)
from tests.helpers.postgres import PostgresServer, postgres_url  # noqa: F401  (fixture)
from tests.helpers.postgres import postgres_server as postgres_server  # (fixture)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette: "httpx with TestClient is deprecated" (still works)
    from fastapi.testclient import TestClient


class FakeClock:
    """Seconds since the epoch, moved by hand: leases expire without sleeping."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def pg_template(request: pytest.FixtureRequest) -> str:
    """A migrated database to copy (CREATE DATABASE ... TEMPLATE): migrating each test's would cost ~1 s."""
    pg: PostgresServer = request.getfixturevalue("postgres_server")
    url = pg.create_database("server_template")
    engine = make_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return "server_template"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for a fresh, empty intake server database on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'intake.sqlite3'}"
        return
    pg: PostgresServer = request.getfixturevalue("postgres_server")
    url = pg.create_database(template=request.getfixturevalue("pg_template"))
    yield url
    pg.drop_database(url.rsplit("/", 1)[1])


@dataclass
class ServerEnv:
    """An app on ``server_db`` with a fake clock, a TestClient and helpers to make agencies/devices."""

    db_url: str
    settings: Settings
    clock: FakeClock
    app: Any
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def session_factory(self) -> Any:
        return self.app.state.ctx.session_factory

    def agency(self, slug: str, name: str | None = None) -> int:
        with Session(self.app.state.ctx.engine) as session:
            try:
                return auth.agency_by_slug(session, slug).id
            except auth.UnknownAgency:
                session.rollback()
            return create_agency(session, slug, name or slug.title(), now=int(self.clock() * 1000)).id

    def code(self, slug: str, hours: int = 24) -> str:
        agency_id = self.agency(slug)
        with Session(self.app.state.ctx.engine) as session:
            code = auth.create_enrolment_code(
                session, agency_id, label="t", now_ms=int(self.clock() * 1000), hours=hours
            )
            session.commit()
        return code

    def device(self, slug: str, name: str = "desk") -> dict[str, str]:
        """Enrol a new device of agency ``slug`` through the API; returns its auth header."""
        r = self.client.post("/api/v1/enrol", json={"code": self.code(slug), "device_name": name})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}


def _make_env(db_url: str, **overrides: Any) -> tuple[ServerEnv, TestClient]:
    clock = FakeClock()
    settings = Settings(db_url=db_url, enrol_rate_limit="1000/minute", **overrides)
    app = create_app(settings, clock=clock)
    client = TestClient(app)
    return ServerEnv(db_url, settings, clock, app, client), client


@pytest.fixture
def env(server_db: str) -> Iterator[ServerEnv]:
    server_env, client = _make_env(server_db)
    with client:
        yield server_env
    server_env.app.state.ctx.engine.dispose()


@pytest.fixture
def make_env(server_db: str) -> Iterator[Any]:
    """Build an env with other settings: ``make_env(lease_seconds=5)``."""
    made: list[ServerEnv] = []

    def make(**overrides: Any) -> ServerEnv:
        server_env, _client = _make_env(server_db, **overrides)
        made.append(server_env)
        return server_env

    yield make
    for e in made:
        e.client.close()
        e.app.state.ctx.engine.dispose()


def migrated_engine(url: str) -> Any:
    engine = make_engine(url)
    migrations.upgrade(engine)
    return engine
