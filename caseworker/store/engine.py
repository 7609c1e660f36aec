"""SQLAlchemy engine over SQLCipher with a raw 256-bit key, settings pinned and checked every open.

Why a raw key: the ``sqlite+pysqlcipher://`` URL runs PBKDF2 × 256,000 on every new connection (~74 ms);
the data key is already random, so it is handed over as ``x'<hex>'`` and a connection opens in well
under a millisecond. The passphrase KDF happens once, in keyslots.py.

SQLCipher only notices a wrong key at the first read, so each connection reads ``sqlite_master``
right after keying it; a rejected key raises :class:`KeyRejected` (the caller knows whether that
means a wrong key or a damaged file).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy
import sqlcipher3
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from caseworker.core.errors import KnownError
from caseworker.store.errors import CaseloadDamaged, CaseloadLocked, CaseloadNotFound, DiskFull

DB_NAME = "caseload.db"
BUSY_TIMEOUT_MS = 5000

# SQLite primary result codes (extended codes carry them in the low byte).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26

#: What every connection must report after keying; checked, not just set.
PINNED_CIPHER = {
    "cipher_page_size": "4096",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_use_hmac": "1",
    "cipher_plaintext_header_size": "0",
}


class KeyRejected(Exception):
    """SQLCipher could not read the file with this key (SQLITE_NOTADB right after keying).

    Not a KnownError on purpose: the caseload decides whether this is a wrong key or damage."""


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a driver or SQLAlchemy error, if any."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(orig).lower()
    if "file is not a database" in text:
        return SQLITE_NOTADB
    if "database or disk is full" in text:
        return SQLITE_FULL
    if "malformed" in text:
        return SQLITE_CORRUPT
    if "database is locked" in text:
        return SQLITE_BUSY
    return None


def translate(exc: BaseException) -> KnownError | None:
    """A KnownError for SQLite failures a person can act on; None for anything else (a bug)."""
    if isinstance(exc, KnownError):
        return exc
    code = sqlite_code(exc)
    if code == SQLITE_FULL:
        return DiskFull()
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return CaseloadDamaged()
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return CaseloadLocked()
    if code == SQLITE_IOERR:
        return CaseloadDamaged(
            "The caseload file could not be read or written.",
            hint="Check that the disk is attached and healthy, then restore from a backup if it persists.",
        )
    return None


def key_pragma_value(data_key: bytes) -> str:
    if len(data_key) != 32:
        raise ValueError("the data key must be 32 bytes")
    return f"\"x'{data_key.hex()}'\""


def connect_raw(db_path: Path, data_key: bytes, *, create: bool = False) -> sqlcipher3.Connection:
    """One keyed, checked SQLCipher connection (the driver's usual implicit transactions: it begins one
    before the first write; store.migrate issues BEGIN IMMEDIATE itself for transactional DDL).

    Raises KeyRejected when the key does not read the file, CaseloadNotFound when there is no file and
    ``create`` is False, CaseloadDamaged when a pinned setting does not hold.
    """
    if not create and not db_path.is_file():
        raise CaseloadNotFound()
    conn = sqlcipher3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        # Quiet before keying, or HMAC failures of a wrong key are printed to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key_pragma_value(data_key)}")
        conn.execute("PRAGMA cipher_page_size = 4096")
        conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA512")
        conn.execute("PRAGMA cipher_plaintext_header_size = 0")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if sqlite_code(exc) in (SQLITE_NOTADB, SQLITE_CORRUPT):
                raise KeyRejected() from exc
            raise
        _check_pinned(conn)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise CaseloadLocked(
                "The caseload could not be switched to its normal journal mode.",
                hint="Close other programs using this caseload and try again.",
            )
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _expect(conn, "temp_store", "2")
        _expect(conn, "foreign_keys", "1")
    except BaseException:
        conn.close()
        raise
    return conn


def _expect(conn: sqlcipher3.Connection, pragma: str, value: str) -> None:
    row = conn.execute(f"PRAGMA {pragma}").fetchone()
    got = "" if row is None else str(row[0])
    if got != value:
        raise CaseloadDamaged(
            "The encryption settings of the caseload are not the expected ones.",
            hint="Caseworker refuses to work on it. Restore from a backup or ask agency IT.",
        )


def _check_pinned(conn: sqlcipher3.Connection) -> None:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if row is None or not str(row[0]).startswith("4."):
        raise CaseloadDamaged(
            "This Caseworker was installed with an unsupported SQLCipher.",
            hint="Reinstall Caseworker with the pinned dependencies (constraints.txt).",
        )
    for pragma, value in PINNED_CIPHER.items():
        _expect(conn, pragma, value)


def open_engine(db_path: Path, data_key: bytes, *, create: bool = False) -> Engine:
    """An engine whose every pooled connection is keyed, verified and configured.

    The first connection is made here, so a wrong key fails now (KeyRejected), not at first use.
    """
    key = bytes(data_key)

    def creator() -> Any:
        return connect_raw(db_path, key, create=create)

    engine = sqlalchemy.create_engine(
        f"sqlite:///{db_path}",
        creator=creator,
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        # SQL errors must never carry client data into a log line or a traceback.
        hide_parameters=True,
    )

    @event.listens_for(engine.pool, "reset")
    def _reset(dbapi_conn: Any, record: ConnectionPoolEntry, reset_state: Any) -> None:
        with contextlib.suppress(Exception):
            dbapi_conn.execute("PRAGMA synchronous = NORMAL")

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextlib.contextmanager
def durable(target: Session | Connection) -> Iterator[None]:
    """Run the block and commit it with ``synchronous=FULL``: on disk before this returns.

    For writes that must survive a power cut before something else happens (an intake submission
    acknowledged to the server, a key change). Everything else commits with NORMAL, which in WAL mode
    is safe against corruption but may lose the last commits on power loss.
    """
    conn = target.connection() if isinstance(target, Session) else target
    conn.exec_driver_sql("PRAGMA synchronous = FULL")
    try:
        yield
        target.commit()
    finally:
        with contextlib.suppress(Exception):
            conn.exec_driver_sql("PRAGMA synchronous = NORMAL")
