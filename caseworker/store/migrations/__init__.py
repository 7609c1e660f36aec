"""Alembic migrations of the caseload schema (run by caseworker.store.migrate, no alembic.ini)."""
