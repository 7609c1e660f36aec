"""A real PostgreSQL for tests and benchmarks, started by the suite itself (no mocks, no skips).

Debian's PostgreSQL 15 binaries (``/usr/lib/postgresql/15/bin``) refuse to run as root, so as root we
run them as the ``postgres`` user (``Popen(user=...)``) in a temporary directory it owns; listening on
127.0.0.1 only, on a free port. If PostgreSQL cannot start the fixture fails loudly with its log:
a test that silently skips its real database proves nothing.

Use from a conftest::

    from tests.helpers.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures)
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

PG_BIN = Path(os.environ.get("CASEWORKER_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres() -> dict[str, Any]:
    """Popen arguments that drop root to the ``postgres`` user (signals then reach postgres itself,
    which ``runuser`` would swallow)."""
    return {"user": "postgres", "group": "postgres", "extra_groups": []} if os.geteuid() == 0 else {}


@dataclass
class PostgresServer:
    datadir: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    user: str = "postgres"
    _databases: list[str] = field(default_factory=list)

    def url(self, dbname: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} dbname={dbname}"

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            tpl = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{tpl}')  # type: ignore[arg-type]
        self._databases.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: disconnect clients, stop cleanly
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_postgres(
    *, durable: bool = False, timeout: float = 30.0, extra_settings: dict[str, str] | None = None
) -> PostgresServer:
    """initdb + postgres in a fresh temp dir. ``durable=False`` turns fsync off (tests only)."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}: run scripts/system-deps.sh")
    root = Path(tempfile.mkdtemp(prefix="cw-pg-"))
    datadir = root / "data"
    log = root / "postgres.log"
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    os.chmod(root, 0o700)
    init = subprocess.run(
        (
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(datadir),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        ),
        **_as_postgres(),
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed ({init.returncode}):\n{init.stdout}\n{init.stderr}")
    settings = [
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        f"unix_socket_directories={root}",
        "-c",
        "max_connections=200",
        "-c",
        "shared_buffers=128MB",
    ]
    if not durable:
        settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    for key, value in (extra_settings or {}).items():
        settings += ["-c", f"{key}={value}"]
    last_error = ""
    for _attempt in range(3):
        port = free_port()
        logf = open(log, "ab")
        proc = subprocess.Popen(
            [str(PG_BIN / "postgres"), "-D", str(datadir), "-p", str(port), *settings],
            **_as_postgres(),
            stdout=logf,
            stderr=subprocess.STDOUT,
        )
        logf.close()
        server = PostgresServer(datadir=datadir, port=port, process=proc, log=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                with psycopg.connect(server.conninfo(), connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return server
            except psycopg.OperationalError as exc:
                last_error = str(exc)
                time.sleep(0.1)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log.read_text(errors="replace")[-4000:] if log.exists() else ""
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {last_error}\n--- log ---\n{text}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL per test session (per xdist worker)."""
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url.rsplit("/", 1)[1])
