"""Alembic environment: always online, on the connection caseworker.store.migrate hands in.

There is no alembic.ini at run time and no logging configuration here (the application owns logging).
SQLite cannot ALTER most things, so every operation is rendered in batch mode (copy-and-move).
"""

from __future__ import annotations

from alembic import context

from caseworker.store.migrate import include_name
from caseworker.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running `alembic` by hand
    raise RuntimeError("run migrations through caseworker.store.migrate (it passes a connection)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
