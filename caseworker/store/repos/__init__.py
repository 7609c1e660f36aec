"""Repositories: plain-Python reads and writes of the caseload shared by the GUI, the CLI and tests.

Every function takes a SQLAlchemy ``Session`` (the caller owns the transaction: ``Caseload.session()``
commits on success) and, for writes, the acting user's id. Every write appends an audit event
(caseworker.store.audit) in the same transaction. Bad input raises
``caseworker.core.errors.ValidationError`` naming the field; nothing is written then.

Reads return frozen dataclass snapshots (``ClientSummary``, ``ClientFile``...) that hold no ORM state,
so they can cross from the database worker thread to the GUI thread.
"""
