"""Engines and sessions for the server database: SQLite (one agency) or PostgreSQL (a sector).

SQLite is opened in WAL mode with ``synchronous=FULL`` (a newcomer who saw a reference number must
never lose their request to a power cut) and every transaction starts with ``BEGIN IMMEDIATE``: the
write lock is taken up front, so the busy timeout applies instead of a mid-transaction
``database is locked`` when a read snapshot goes stale. Writers still retry with backoff
(:func:`retrying`), because under heavy contention waits can pass the timeout (PLATFORM-NOTES).
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from caseworker.server.errors import DatabaseBusy

T = TypeVar("T")


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = 5000,
    pool_size: int = 20,
    lock_retries: int = 8,
    sqlite_synchronous: str = "FULL",
) -> Engine:
    """An engine for ``url`` with the pragmas/pool the server relies on."""
    if url.startswith("sqlite"):
        if ":memory:" in url or url.rstrip("/") in ("sqlite:", "sqlite:/"):
            raise ValueError("the intake server needs a SQLite file, not an in-memory database")
        synchronous = sqlite_synchronous.upper()
        if synchronous not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError("SQLite synchronous must be FULL, NORMAL or EXTRA")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            pool_size=pool_size,
            max_overflow=pool_size,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={synchronous}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.close()

        # SQLite has one writer at a time. Inside this process, writers queue on a Python lock
        # instead of all polling SQLite's busy handler (which is unfair: under 50 concurrent
        # submitters some waited past every timeout while holding a pooled connection). Other
        # processes (the admin CLI) are still kept out by SQLite itself, with the busy timeout.
        gate = threading.Lock()
        gate_timeout = busy_timeout_ms / 1000 * (lock_retries + 1)

        def _release(record: Any) -> None:
            if record is not None and record.info.pop("cw_gate", False):
                gate.release()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            record = conn.connection._connection_record
            if not record.info.get("cw_gate"):
                if not gate.acquire(timeout=gate_timeout):
                    raise DatabaseBusy()
                record.info["cw_gate"] = True
            dbapi = conn.connection.dbapi_connection
            delay = 0.005
            for attempt in range(lock_retries + 1):
                try:
                    dbapi.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    # Nothing has happened in this transaction yet: retrying is always safe.
                    if not is_locked_error(exc) or attempt == lock_retries:
                        _release(record)
                        if is_locked_error(exc):
                            raise DatabaseBusy() from exc
                        raise
                    time.sleep(delay * (0.5 + random.random()))
                    delay = min(delay * 2, 0.25)

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _sqlite_end(conn: Any) -> None:
            # Fired just before the COMMIT/ROLLBACK: the next writer may wait a moment in SQLite's
            # busy handler, which is fine; what matters is that waiters are served in turn.
            _release(conn.connection._connection_record)

        @event.listens_for(engine.pool, "checkin")
        def _sqlite_checkin(_dbapi: Any, record: Any) -> None:
            _release(record)  # belt and braces: never leave the gate closed behind a connection

        return engine
    if url.startswith("postgresql") and "+" not in url.split("://", 1)[0]:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    # No pool_pre_ping: it costs a round trip at every checkout (two per request). After a database
    # restart the first request on a stale connection fails (500) and SQLAlchemy then replaces the
    # whole pool; the desktop client retries such failures.
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=3600)


def make_session_factory(engine: Engine, *, secret_key: bytes | None = None) -> sessionmaker[Session]:
    """Sessions that carry the server's secret key in ``session.info`` (used to derive status secrets)."""
    info: dict[str, Any] = {"secret_key": secret_key} if secret_key is not None else {}
    return sessionmaker(engine, expire_on_commit=False, info=info)


def is_sqlite(session_or_engine: Session | Engine) -> bool:
    bind = session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine
    return bind.dialect.name == "sqlite"


def is_locked_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


def retrying(session: Session, fn: Callable[[], T], *, retries: int = 8) -> T:
    """Run ``fn`` (which does its own commit), retrying SQLite lock timeouts with jittered backoff.

    Anything else propagates. After the last retry the caller gets :class:`DatabaseBusy` (HTTP 503),
    a clear "try again" rather than a crash.
    """
    delay = 0.01
    for attempt in range(retries + 1):
        try:
            return fn()
        except OperationalError as exc:
            session.rollback()
            if not is_locked_error(exc) or attempt == retries:
                if is_locked_error(exc):
                    raise DatabaseBusy() from exc
                raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)
    raise AssertionError("unreachable")


def get_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: one Session per request, closed afterwards (the handler commits)."""
    factory: sessionmaker[Session] = request.app.state.ctx.session_factory
    with factory() as session:
        yield session
