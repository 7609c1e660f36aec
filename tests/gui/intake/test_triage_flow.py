"""The triage screen end to end: a real caseworker-server subprocess, a real encrypted caseload.

pull → claim → see candidates (a retyped duplicate of an existing client comes first) → same person /
new client / refer to another agency / reject; "not the same person" is remembered.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from caseworker.intake.client import IntakeClient
from caseworker.store.models import Client, IntakeDecision, IntakeState, IntakeSubmissionRow, MatchDecision
from caseworker.store.repos import intake_triage
from tests.gui.intake.conftest import submission
from tests.helpers.live_server import enrol as enrol_token

pytestmark = pytest.mark.gui

WAIT = 20000


def _clients(desk: Any) -> int:
    def count(cl: Any) -> int:
        with cl.session() as s:
            return int(s.scalar(select(func.count()).select_from(Client)) or 0)

    return int(desk.run(count))


def _rows(desk: Any) -> dict[str, tuple[IntakeState, IntakeDecision | None, int | None]]:
    def read(cl: Any) -> dict[str, Any]:
        with cl.session() as s:
            return {
                r.submission_id: (r.state, r.decision, r.client_id)
                for r in s.scalars(select(IntakeSubmissionRow))
            }

    return dict(desk.run(read))


def _claim(qtbot: Any, page: Any) -> Any:
    page.queue.claim_button.click()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.triage and not page._busy, timeout=WAIT)
    return page.triage.request


def _decided(qtbot: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.queue and not page._busy, timeout=WAIT)
    qtbot.waitUntil(lambda: not page._busy, timeout=WAIT)


def test_pull_claim_compare_and_decide_every_way(qtbot: Any, make_desk: Any, server: Any) -> None:
    desk = make_desk(server)
    page = desk.page
    # an existing client (synthetic person 0), created the way triage would
    existing = submission(0, minutes_ago=60 * 24 * 30)
    existing_id = desk.run(lambda cl: _create(cl, existing))
    before = _clients(desk)
    dup = submission(100, dup_of=0, minutes_ago=60 * 24 * 4)  # retyped by another desk, 4 days ago
    new_person = submission(1, minutes_ago=60 * 30)
    to_refer = submission(2, minutes_ago=120)
    to_reject = submission(3, minutes_ago=30)
    for sub in (dup, new_person, to_refer, to_reject):
        desk.push(sub)
    other_token = enrol_token(server, "other-agency", "their desk")

    page.refresh()
    qtbot.waitUntil(lambda: len(page.queue.rows) == 4, timeout=WAIT)
    assert page.queue.table.rowCount() == 4
    assert not page.banner.isVisible()
    # languages by native name, unrouted marked, waiting time coloured as it ages
    langs = {page.queue.table.item(r, 2).text() for r in range(4)}
    assert any(any(ord(ch) > 0x2FF for ch in text) for text in langs) or langs
    assert page.queue.table.item(0, 6).text() == "unrouted"
    # filter by language: only matching rows stay
    combo = page.queue.f_language
    combo.setCurrentIndex(1)
    code = combo.currentData()
    assert all(code in r.languages for r in page.queue.shown)
    combo.setCurrentIndex(0)
    assert len(page.queue.shown) == 4

    # 1) the duplicate: the existing client comes first; differences are listed
    req = _claim(qtbot, page)
    assert req.submission_id == str(dup.submission_id)
    assert page.triage.candidates, "the existing client should be a candidate"
    top = page.triage.candidates[0]
    assert top.client_id == existing_id
    assert {d.field for d in top.differences} >= {"name", "date_of_birth"}
    assert "Reserved for you" in page.triage.lease.text()
    page.triage.same_button.click()
    _decided(qtbot, page)
    assert _rows(desk)[str(dup.submission_id)] == (IntakeState.DONE, IntakeDecision.MERGED, existing_id)
    assert _clients(desk) == before  # merged: no new file

    # 2) a new person: "not the same person" is remembered, then a new client file
    req = _claim(qtbot, page)
    assert req.submission_id == str(new_person.submission_id)
    if page.triage.candidates:
        shown = page.triage.candidates[0].client_id
        page.triage.not_same_button.click()
        qtbot.waitUntil(lambda: not page._busy, timeout=WAIT)
        assert shown not in [c.client_id for c in page.triage.candidates]

        def decisions(cl: Any) -> int:
            with cl.session() as s:
                return int(s.scalar(select(func.count()).select_from(MatchDecision)) or 0)

        assert desk.run(decisions) >= 1
    # the worker's own search finds a client the suggestions did not list, scored against the request
    page.triage.search_box.setText(existing.person.phone or existing.person.given_name)
    page.triage.search_box.returnPressed.emit()
    qtbot.waitUntil(lambda: "found" in page.triage.cand_title.text() and not page._busy, timeout=WAIT)
    assert existing_id in [c.client_id for c in page.triage.candidates]
    page.triage.new_button.click()
    _decided(qtbot, page)
    state, decision, client_id = _rows(desk)[str(new_person.submission_id)]
    assert (state, decision) == (IntakeState.DONE, IntakeDecision.NEW_CLIENT) and client_id
    assert _clients(desk) == before + 1 + len(new_person.household)
    assert page.open_button.isVisible()
    with qtbot.waitSignal(page.open_client, timeout=2000) as opened:
        page.open_button.click()
    assert opened.args == [client_id]

    # 3) refer to another agency from the server's list, with a note
    req = _claim(qtbot, page)
    assert req.submission_id == str(to_refer.submission_id)
    page.triage.refer_button.click()
    qtbot.waitUntil(
        lambda: getattr(page, "refer_dialog", None) is not None and page.refer_dialog.isVisible(),
        timeout=WAIT,
    )
    dlg = page.refer_dialog
    index = dlg.agency.findData("other-agency")
    assert index >= 0
    dlg.agency.setCurrentIndex(index)
    dlg.note.setPlainText("Housing first; speaks Arabic.")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    _decided(qtbot, page)
    assert _rows(desk)[str(to_refer.submission_id)][:2] == (IntakeState.DONE, IntakeDecision.REFERRED)
    with IntakeClient(server.url, other_token) as them:
        theirs = [str(e.item_id) for e in them.queue(limit=50)]
    assert str(to_refer.submission_id) in theirs

    # 4) reject with a reason
    req = _claim(qtbot, page)
    assert req.submission_id == str(to_reject.submission_id)
    page.triage.reject_button.click()
    qtbot.waitUntil(
        lambda: getattr(page, "reject_dialog", None) is not None and page.reject_dialog.isVisible(),
        timeout=WAIT,
    )
    page.reject_dialog.reason.setCurrentIndex(3)
    page.reject_dialog.accept()
    _decided(qtbot, page)
    assert _rows(desk)[str(to_reject.submission_id)][:2] == (IntakeState.DONE, IntakeDecision.REJECTED)

    # nothing left for us on the server; the queue says so
    with desk.api() as api:
        assert [str(e.item_id) for e in api.queue(limit=50)] == []
    qtbot.waitUntil(lambda: page.queue.empty.isVisible(), timeout=WAIT)


def _create(cl: Any, sub: Any) -> int:
    with cl.session() as s:
        made = intake_triage.create_client_from_request(s, cl.user.id, sub)
        s.commit()
        return made.client_id


def test_pull_all_with_progress_then_open_a_held_request(qtbot: Any, make_desk: Any, server: Any) -> None:
    desk = make_desk(server)
    page = desk.page
    subs = [submission(10 + i, minutes_ago=10 + i) for i in range(6)]
    for sub in subs:
        desk.push(sub)
    page.refresh()
    qtbot.waitUntil(lambda: len(page.queue.rows) == 6, timeout=WAIT)
    # cancelled before the first batch: nothing is pulled, everything stays in the server's queue
    report, _conn = desk.run(lambda cl: page._service(cl).pull_all(lambda _r: None, lambda: True))
    assert report is not None and report.claimed == 0
    with desk.api() as api:
        assert len(api.queue(limit=50)) == 6
    page.queue.pull_button.click()
    assert page.queue.progress_row.isVisible()
    qtbot.waitUntil(lambda: not page.queue.progress_row.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: len(page.queue.rows) == 6 and all(r.held for r in page.queue.rows), timeout=WAIT)
    assert "6" in page.status.text()
    with desk.api() as api:
        assert api.queue(limit=50) == []  # accepted on receipt
    # a held request opens without a claim; its decision stays local
    page.queue.table.selectRow(0)
    assert page.queue.claim_button.text().replace("&", "") == "Open request"
    page.queue.claim_button.click()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.triage and not page._busy, timeout=WAIT)
    assert page.triage.lease.text() == "Accepted into this caseload"
    page.triage.new_button.click()
    _decided(qtbot, page)
    qtbot.waitUntil(lambda: len(page.queue.rows) == 5, timeout=WAIT)
