"""Reservations and a failing network, against a real server: the lease is renewed while a request is
open; a lease that expires while the worker decides is reported and nothing is doubled; decisions taken
while the server is down are kept and sent when it returns; a revoked device is told what to do."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

import tests.helpers.live_server as live_server_module
from caseworker.intake.client import IntakeClient
from caseworker.intake.sync import load_device
from caseworker.store.models import Client, IntakeDecision, IntakeState, IntakeSubmissionRow
from tests.gui.intake.conftest import run_server_admin, submission
from tests.helpers.live_server import enrol as enrol_token
from tests.helpers.live_server import start_live_server

pytestmark = pytest.mark.gui

WAIT = 20000


def _clients(desk: Any) -> int:
    def count(cl: Any) -> int:
        with cl.session() as s:
            return int(s.scalar(select(func.count()).select_from(Client)) or 0)

    return int(desk.run(count))


def _row(desk: Any, sid: str) -> tuple[IntakeState, IntakeDecision | None]:
    def read(cl: Any) -> tuple[Any, Any]:
        with cl.session() as s:
            r = s.scalars(select(IntakeSubmissionRow).where(IntakeSubmissionRow.submission_id == sid)).one()
            return r.state, r.decision

    return desk.run(read)  # type: ignore[no-any-return]


def _claim(qtbot: Any, page: Any) -> Any:
    page.refresh()
    qtbot.waitUntil(lambda: not page._busy and bool(page.queue.rows), timeout=WAIT)
    page.queue.claim_button.click()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.triage and not page._busy, timeout=WAIT)
    return page.triage.request


def test_the_lease_is_renewed_while_the_request_is_open(qtbot: Any, make_desk: Any, server: Any) -> None:
    desk = make_desk(server, lease_seconds=3, renew_every_ms=300)
    page = desk.page
    sub = submission(20)
    desk.push(sub)
    _claim(qtbot, page)
    other = enrol_token(server, "test-agency", "second desk")
    qtbot.wait(5000)  # longer than the lease: only renewals keep it
    assert page.triage.lease.text().startswith("Reserved for you")
    with IntakeClient(server.url, other) as them:
        assert them.claim(1) == []  # still ours
    page.triage.back_button.click()  # give back
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.queue and not page._busy, timeout=WAIT)
    with IntakeClient(server.url, other) as them:
        got = them.claim(1)
    assert [str(c.item_id) for c in got] == [str(sub.submission_id)]


def test_lease_expiring_while_deciding_is_told_and_nothing_doubles(
    qtbot: Any, make_desk: Any, server: Any
) -> None:
    desk = make_desk(server, lease_seconds=2, renew_every_ms=600000)
    page = desk.page
    sub = submission(21)
    desk.push(sub)
    sid = str(sub.submission_id)
    before = _clients(desk)
    _claim(qtbot, page)
    qtbot.wait(3000)  # the worker is still reading; nothing renews the reservation
    page._tick()  # the renewal the timer would do: the server says the lease is gone
    qtbot.waitUntil(lambda: page.triage.notice.isVisible(), timeout=WAIT)
    assert "reservation" in page.triage.notice.text()
    assert page.triage.lease.text() == "Reservation expired"
    page.triage.new_button.click()  # the worker decides anyway
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.queue and not page._busy, timeout=WAIT)
    assert "did not take it" in page.status.text()
    qtbot.waitUntil(lambda: page.banner.isVisible() and page.banner.state == "notice", timeout=WAIT)
    created = _clients(desk) - before
    assert created == 1 + len(sub.household)
    # the request is back in the queue; claiming it again sends the kept decision with the new fence
    qtbot.waitUntil(lambda: not page._busy, timeout=WAIT)
    page.queue.claim_button.click()
    qtbot.waitUntil(lambda: "No request is waiting" in page.status.text(), timeout=WAIT)
    assert _row(desk, sid) == (IntakeState.DONE, IntakeDecision.NEW_CLIENT)
    assert _clients(desk) - before == created  # nothing doubled
    with desk.api() as api:
        assert api.queue(limit=10, include_leased=True) == []


def test_offline_banner_then_decisions_sent_when_the_server_returns(
    qtbot: Any, make_desk: Any, server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    desk = make_desk(server, retry_every_ms=500)
    page = desk.page
    subs = [submission(30), submission(31)]
    for s in subs:
        desk.push(s)
    first = _claim(qtbot, page)
    server.stop()
    page.triage.new_button.click()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.queue and not page._busy, timeout=WAIT)
    qtbot.waitUntil(lambda: page.banner.isVisible() and page.banner.state == "offline", timeout=WAIT)
    assert (
        page.banner.label.text() == "Working offline — 1 decision will be sent when the connection returns."
    )
    assert _row(desk, first.submission_id) == (IntakeState.DECIDED, IntakeDecision.NEW_CLIENT)
    # still working: the queue list is kept, the client file exists
    assert _clients(desk) >= 1
    # the server comes back on the same address
    monkeypatch.setattr(live_server_module, "free_port", lambda: server.port)
    again = start_live_server(server.db_url, log_dir=tmp_path)
    try:
        qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=WAIT)
        qtbot.waitUntil(lambda: "1 decision sent" in page.status.text(), timeout=WAIT)
        assert _row(desk, first.submission_id) == (IntakeState.DONE, IntakeDecision.NEW_CLIENT)
        # revoked by agency IT: the banner says what to do, and offers to enrol again
        device_id = desk.run(lambda cl: load_device(cl).device_id)
        run_server_admin(again, "revoke-device", str(device_id))
        page.refresh()
        qtbot.waitUntil(lambda: page.banner.isVisible() and page.banner.state == "refused", timeout=WAIT)
        assert "revoked" in page.banner.label.text()
        page.banner.button.click()
        assert page.stack.currentWidget() is page.enrol_panel
    finally:
        again.stop()
