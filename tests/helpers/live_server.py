"""A real intake server on 127.0.0.1 for end-to-end tests (the form's browser tests, the desktop sync).

Two ways:

- :func:`start_live_server` runs ``python -m caseworker.server.cli serve`` in a **subprocess** (the
  real entry point; kill it to simulate a crash). The ``live_server`` fixture does this on a fresh
  SQLite file.
- :func:`start_thread_server` runs uvicorn in a **thread** of the test process on an app you built
  with ``create_app(settings, clock=...)`` (for a fake clock or in-process inspection).

:func:`provision_device` creates an agency and a one-time enrolment code straight in the database, the
way ``caseworker-server admin`` does, so a test can enrol like a real desktop. Use from a conftest::

    from tests.helpers.live_server import live_server  # noqa: F401  (fixture)
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers.postgres import free_port

REPO = Path(__file__).resolve().parents[2]


@dataclass
class LiveServer:
    url: str
    db_url: str
    port: int
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    _thread_server: object | None = None
    _thread: threading.Thread | None = None

    @property
    def api(self) -> str:
        return self.url + "/api/v1"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._thread_server is not None and self._thread is not None:
            self._thread_server.should_exit = True  # type: ignore[attr-defined]
            self._thread.join(timeout=10)

    def kill(self) -> None:
        """SIGKILL the subprocess: a crash, not a shutdown."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=5)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""


def _wait_healthy(url: str, timeout: float, proc: subprocess.Popen[bytes] | None, log: Path | None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            text = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
            raise RuntimeError(f"caseworker-server exited with {proc.returncode}:\n{text}")
        try:
            if httpx.get(url + "/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.05)
    raise RuntimeError(f"caseworker-server did not become healthy at {url} ({last})")


def start_live_server(
    db_url: str,
    *,
    extra_args: Sequence[str] = (),
    log_dir: Path | None = None,
    timeout: float = 30.0,
    env: dict[str, str] | None = None,
) -> LiveServer:
    """``caseworker-server serve --db db_url`` on 127.0.0.1:<free port>, healthy when returned."""
    port = free_port()
    log = (log_dir or Path(os.environ.get("TMPDIR", "/tmp"))) / f"caseworker-server-{port}.log"
    child_env = dict(os.environ)
    child_env["PYTHONPATH"] = str(REPO) + os.pathsep + child_env.get("PYTHONPATH", "")
    child_env.update(env or {})
    with open(log, "wb") as logf:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "caseworker.server.cli",
                "serve",
                "--db",
                db_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                *extra_args,
            ],
            stdout=logf,
            stderr=subprocess.STDOUT,
            env=child_env,
            cwd=str(REPO),
        )
    server = LiveServer(url=f"http://127.0.0.1:{port}", db_url=db_url, port=port, process=proc, log=log)
    try:
        _wait_healthy(server.url, timeout, proc, log)
    except BaseException:
        server.stop()
        raise
    return server


def start_thread_server(app: object, *, db_url: str = "", timeout: float = 15.0) -> LiveServer:
    """uvicorn serving ``app`` in a daemon thread of this process."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    live = LiveServer(
        url=f"http://127.0.0.1:{port}", db_url=db_url, port=port, _thread_server=server, _thread=thread
    )
    try:
        _wait_healthy(live.url, timeout, None, None)
    except BaseException:
        live.stop()
        raise
    return live


def provision_device(db_url: str, agency_slug: str = "test-agency", agency_name: str = "Test Agency") -> str:
    """Create the agency if needed and return a fresh one-time enrolment code for it."""
    from sqlalchemy.orm import Session

    from caseworker.server import auth, migrations
    from caseworker.server.admin import create_agency
    from caseworker.server.db import make_engine
    from caseworker.server.errors import UnknownAgency

    engine = make_engine(db_url)
    migrations.upgrade(engine)
    now = int(time.time() * 1000)
    try:
        with Session(engine) as session:
            try:
                agency = auth.agency_by_slug(session, agency_slug)
            except UnknownAgency:
                session.rollback()
                agency = create_agency(session, agency_slug, agency_name, now=now)
            code = auth.create_enrolment_code(session, agency.id, label="test", now_ms=now, hours=1)
            session.commit()
            return code
    finally:
        engine.dispose()


def enrol(server: LiveServer, agency_slug: str = "test-agency", device_name: str = "test desk") -> str:
    """A device token for ``agency_slug`` obtained through the real enrolment endpoint."""
    code = provision_device(server.db_url, agency_slug)
    r = httpx.post(server.api + "/enrol", json={"code": code, "device_name": device_name}, timeout=10)
    r.raise_for_status()
    return str(r.json()["token"])


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A real ``caseworker-server`` subprocess on a fresh SQLite file."""
    server = start_live_server(f"sqlite:///{tmp_path / 'intake.sqlite3'}", log_dir=tmp_path)
    try:
        yield server
    finally:
        server.stop()
