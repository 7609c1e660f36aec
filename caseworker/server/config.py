"""Server settings, declared once and typed.

Agency IT sets them on the command line (``caseworker-server serve --help``); tests build their own.
The CSRF/derivation secret key is not a setting a person has to invent: when none is given it is
generated at first start and kept in the server's own database (``server_secrets``), so every worker
process and every restart agrees on it. It is never logged (``repr`` hides it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SQLITE_NAME = "caseworker-intake.sqlite3"


def default_db_url() -> str:
    """A SQLite file in the current directory: what a single agency on a spare machine starts with."""
    return f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_NAME}"


@dataclass(frozen=True)
class Settings:
    db_url: str = field(default_factory=default_db_url)
    # A whole submission is a few KB (the wire model caps it at 64 KiB of JSON); an urlencoded form
    # of the same content is a bit larger. Anything bigger is refused with 413 before it is read.
    body_cap_bytes: int = 128 * 1024
    # Rate limits in the `limits` notation, per client address.
    form_rate_limit: str = "30/minute"
    status_rate_limit: str = "30/minute"
    enrol_rate_limit: str = "10/minute"
    api_rate_limit: str = "6000/minute"
    # Closed items (acked, rejected) keep their payload this long, then it is purged.
    retention_days: int = 90
    # The server purges by itself at start and then every this many hours (0: only the admin command).
    purge_interval_hours: float = 6.0
    lease_seconds: int = 300
    max_lease_seconds: int = 3600
    max_claim: int = 100
    enrolment_code_hours: int = 72
    # Only these proxy addresses may set X-Forwarded-For/-Proto (uvicorn's forwarded_allow_ips).
    forwarded_allow_ips: str = "127.0.0.1"
    # Given explicitly, or None: generated at first start and persisted in the database.
    secret_key: str | None = field(default=None, repr=False)
    # SQLite: how long a writer waits for the lock, and how often a claim retries after that.
    sqlite_busy_timeout_ms: int = 5000
    # FULL: a confirmed submission survives a power cut (an fsync per commit, the default).
    # NORMAL: survives a crash of the server process but not of the machine; several times faster.
    sqlite_synchronous: str = "FULL"
    sqlite_lock_retries: int = 8

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")
