"""A real intake server subprocess, a real encrypted caseload opened on the GUI's worker thread, enrolled
like a desk would be, and an IntakePage on it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from caseworker.core import synthetic
from caseworker.intake.client import IntakeClient
from caseworker.intake.schema import IntakeSubmission
from caseworker.intake.sync import enrol, load_device
from caseworker.intake.synthetic import submission_id_for, to_intake_submission
from tests.helpers.live_server import LiveServer, provision_device, start_live_server

REPO = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = start_live_server(f"sqlite:///{tmp_path / 'intake.sqlite3'}", log_dir=tmp_path)
    try:
        yield live
    finally:
        live.stop()


def submission(
    index: int, *, seed: int = 11, minutes_ago: int = 60, dup_of: int | None = None
) -> IntakeSubmission:
    """A synthetic person's request; with ``dup_of`` a retyped copy of that person (another desk's typing)."""
    created = NOW - timedelta(minutes=minutes_ago)
    if dup_of is not None:
        original = synthetic.person(seed, dup_of)
        v = synthetic.variant(original, f"{seed}/test/{index}")
        return to_intake_submission(
            v.person, created_at=created, submission_id=submission_id_for(original.key, f"d{index}")
        )
    return to_intake_submission(synthetic.person(seed, index), created_at=created)


@dataclass
class Desk:
    ctx: Any
    page: Any
    server: LiveServer
    token: str

    def push(self, sub: IntakeSubmission) -> None:
        with IntakeClient(self.server.url, self.token) as c:
            c.push(sub)

    def api(self) -> IntakeClient:
        return IntakeClient(self.server.url, self.token)

    def run(self, fn: Callable[[Any], Any]) -> Any:
        return self.ctx.db.run_sync_for_tests(fn)


@pytest.fixture
def make_desk(qtbot: Any, make_ctx: Any, tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    from caseworker.gui.dbop import DbExecutor
    from caseworker.gui.intake import IntakePage
    from caseworker.store.caseload import Caseload

    pages: list[Any] = []

    def make(server: LiveServer, *, lang: str = "en", slug: str = "test-agency", **page_options: Any) -> Desk:
        ctx = make_ctx(lang, caseload_dir=tmp_path / f"caseload-{len(pages)}")
        executor = DbExecutor(None)
        options = dict(ctx.store_options)

        def create(_unused: Any) -> Any:
            cl, _key = Caseload.create(
                ctx.caseload_dir, "amina", "correct horse battery", display_name="Amina", **options
            )
            return cl

        caseload = executor.run_sync_for_tests(create)
        executor.resource = caseload
        ctx.caseload, ctx.db = caseload, executor
        code = provision_device(server.db_url, slug, slug.replace("-", " ").title())
        executor.run_sync_for_tests(lambda cl: enrol(cl, server.url, code, "test desk"))
        token = executor.run_sync_for_tests(lambda cl: load_device(cl).token)
        page = IntakePage(ctx, **page_options)
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        pages.append(page)
        return Desk(ctx, page, server, token)

    yield make
    for p in pages:
        p.clear()


def run_server_admin(server: LiveServer, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "caseworker.server.cli", "admin", "--db", server.db_url, *args],
        cwd=str(REPO),
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout
