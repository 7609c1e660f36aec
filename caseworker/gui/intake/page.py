"""``IntakePage``: the Intake section of the main window (queue, triage, enrolment, connection banner).

Embed it where the navigation's "Intake" entry points (it has the ``refresh()`` / ``clear()`` pair the
other views have)::

    from caseworker.gui.intake import IntakePage
    self.intake_view = IntakePage(self.ctx)          # refresh() when shown, clear() when locking

All database and network work runs on the caseload's worker thread through ``DbOp``; the widgets only
receive plain results. While a request is open its reservation (lease) is renewed every few seconds and
the countdown shown; decisions are written locally first and sent through the outbox, so the screen keeps
working offline and says so in a banner, never in a modal dialog.

Signals: ``open_client(int)`` (the worker asked to open the file just created or updated),
``waiting_changed(int)`` (requests in the queue, for the navigation's count).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from caseworker.core.errors import KnownError
from caseworker.gui.context import AppContext
from caseworker.gui.dbop import DbOp
from caseworker.gui.errors import known_error_text
from caseworker.gui.intake.banner import ConnectionBanner
from caseworker.gui.intake.dialogs import EnrolPanel, ReferDialog, RejectDialog
from caseworker.gui.intake.queue_view import QueueView
from caseworker.gui.intake.service import (
    Connection,
    DecisionResult,
    OpenedRequest,
    QueueSnapshot,
    TickResult,
    TriageService,
)
from caseworker.gui.intake.text import IntakeText
from caseworker.gui.intake.triage_view import TriageView
from caseworker.gui.settings import SERVER_URL
from caseworker.intake.client import Agency
from caseworker.intake.sync import PullReport
from caseworker.store.models import IntakeDecision


class _Progress(QObject):
    """Carries the long pull's progress from the worker to the GUI thread (queued signal)."""

    step = Signal(int)


class IntakePage(QWidget):
    open_client = Signal(int)
    waiting_changed = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        lease_seconds: int | None = 300,
        renew_every_ms: int = 5000,
        retry_every_ms: int = 15000,
        refresh_every_ms: int = 60000,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.t = IntakeText(ctx.i18n, ctx._)
        _ = self.t.gettext
        self.setObjectName("intakePage")
        self.lease_seconds = lease_seconds
        self._svc: TriageService | None = None  # created and used on the worker thread only
        self._cancel = threading.Event()
        self._busy = False
        self.last_result: DecisionResult | None = None
        self.connection = Connection()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = ConnectionBanner(self.t)
        self.banner.retry.connect(self.retry)
        self.banner.enrol.connect(self.show_enrol)
        self.banner.dismiss.connect(self._dismiss)
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        self.queue = QueueView(self.t)
        self.triage = TriageView(self.t)
        self.enrol_panel = EnrolPanel(self.t)
        for w in (self.queue, self.triage, self.enrol_panel):
            self.stack.addWidget(w)
        layout.addWidget(self.stack, 1)

        status = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("intakeStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        status.addWidget(self.status, 1)
        self.open_button = QPushButton(_("Open the client file"))
        self.open_button.setObjectName("intakeOpenClient")
        self.open_button.clicked.connect(self._open_last)
        self.open_button.hide()
        status.addWidget(self.open_button)
        layout.addLayout(status)

        self.queue.refresh.connect(self.refresh)
        self.queue.claim_next.connect(self.claim_next)
        self.queue.open_held.connect(self.open_held)
        self.queue.pull_all.connect(self.pull_all)
        self.queue.cancel_pull.connect(self._cancel.set)
        self.triage.new_client.connect(self.decide_new_client)
        self.triage.same_person.connect(self.decide_same_person)
        self.triage.not_same.connect(self.not_same_person)
        self.triage.refer.connect(self.refer)
        self.triage.reject.connect(self.reject)
        self.triage.give_back.connect(self.give_back)
        self.triage.search.connect(self.search_clients)
        self.enrol_panel.enrol.connect(self.enrol)
        self._pull_total = 0
        self._progress = _Progress(self)
        self._progress.step.connect(lambda n: self.queue.pull_progress(n, self._pull_total))

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_countdown)
        self._renew = QTimer(self)
        self._renew.setInterval(renew_every_ms)
        self._renew.timeout.connect(self._tick)
        self._retry = QTimer(self)
        self._retry.setInterval(retry_every_ms)
        self._retry.timeout.connect(self.retry)
        self._auto = QTimer(self)
        self._auto.setInterval(refresh_every_ms)
        self._auto.timeout.connect(self._auto_refresh)

    # ---- worker plumbing ---------------------------------------------------------------------------

    def _service(self, caseload: Any) -> TriageService:
        """On the worker: the service for the open caseload (a new one after lock/unlock)."""
        svc = self._svc
        if svc is None or svc.caseload is not caseload:
            if svc is not None:
                svc.close()
            svc = TriageService(caseload, lease_seconds=self.lease_seconds)
            self._svc = svc
        return svc

    def _run(
        self,
        fn: Callable[[TriageService, Any], Any],
        done: Callable[[Any], None],
        *,
        busy: bool = True,
    ) -> bool:
        if self.ctx.db is None:
            return False
        if busy:
            self._set_busy(True)

        def ok(result: Any) -> None:
            if busy:
                self._set_busy(False)
            done(result)

        def failed(exc: BaseException) -> None:
            if busy:
                self._set_busy(False)
            self._failed(exc)

        DbOp(self, lambda cl: fn(self._service(cl), cl)).success(ok).failure(failed).run(self.ctx.db)
        return True

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            message, hint = known_error_text(self.t.gettext, exc)
            if message == exc.message:  # not one of ours: the desktop's catalog may know it
                message, hint = known_error_text(self.ctx._, exc)
            self.say(f"{message} {hint}".strip())
        elif self.ctx.db is not None:
            self.ctx.db.bug.emit(exc)

    def _set_busy(self, on: bool) -> None:
        self._busy = on
        self.triage.set_enabled(not on)
        self.queue.claim_button.setEnabled(not on)
        self.queue.refresh_button.setEnabled(not on)

    def say(self, text: str, client_id: int | None = None) -> None:
        self.status.setText(text)
        self.open_button.setVisible(client_id is not None)
        self._open_id = client_id

    def _open_last(self) -> None:
        if getattr(self, "_open_id", None) is not None:
            self.open_client.emit(int(self._open_id))  # type: ignore[arg-type]

    def _connection(self, conn: Connection) -> None:
        self.connection = conn
        self.banner.show_connection(conn)
        if conn.state == "offline" or conn.waiting:
            if not self._retry.isActive():
                self._retry.start()
        else:
            self._retry.stop()

    # ---- queue ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the queue (the main window calls this when Intake is shown; F5 too)."""
        if self.ctx.db is None:
            return
        if self.stack.currentWidget() is self.triage and self.triage.request is not None:
            return  # a request is open: nothing to reload under the worker's eyes
        self._run(lambda s, _cl: s.queue(), self._show_queue)
        if not self._auto.isActive():
            self._auto.start()

    def _auto_refresh(self) -> None:
        if self.isVisible() and not self._busy and self.stack.currentWidget() is self.queue:
            self._run(lambda s, _cl: s.queue(), self._show_queue, busy=False)

    def _show_queue(self, snap: QueueSnapshot) -> None:
        if not snap.enrolled:
            self.show_enrol()
            return
        if self.stack.currentWidget() is self.enrol_panel:
            self.stack.setCurrentWidget(self.queue)
        self.queue.set_snapshot(snap)
        self._connection(snap.connection)
        self.waiting_changed.emit(len(snap.rows))

    def show_enrol(self) -> None:
        if not self.enrol_panel.server.text():
            self.enrol_panel.server.setText(str(self.ctx.settings.get(SERVER_URL) or ""))
        self.stack.setCurrentWidget(self.enrol_panel)

    def enrol(self, server: str, code: str, name: str) -> None:
        def done(agency: str) -> None:
            self.enrol_panel.code.clear()
            self.say(self.t.gettext("Enrolled with the intake server for {agency}.").format(agency=agency))
            self.stack.setCurrentWidget(self.queue)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if isinstance(exc, KnownError):
                message, hint = self.t.error(exc)
                self.enrol_panel.message.setText(f"{message} {hint}".strip())
            elif self.ctx.db is not None:
                self.ctx.db.bug.emit(exc)

        if self.ctx.db is None:
            return
        self._set_busy(True)

        def ok(agency: str) -> None:
            self._set_busy(False)
            done(agency)

        DbOp(self, lambda cl: self._service(cl).enrol(server, code, name)).success(ok).failure(failed).run(
            self.ctx.db
        )

    def retry(self) -> None:
        """Send what waits in the outbox and reload (the banner's "Try again", and every few seconds)."""

        def done(conn: Connection) -> None:
            before = self.connection.waiting
            self._connection(conn)
            if conn.state == "online" and before and not conn.waiting:
                self.say(
                    self.t.ngettext(
                        "{n} decision sent to the intake server.",
                        "{n} decisions sent to the intake server.",
                        before,
                    ).format(n=before)
                )
            if conn.state == "online" and self.stack.currentWidget() is self.queue:
                self._run(lambda s, _cl: s.queue(), self._show_queue, busy=False)

        self._run(lambda s, _cl: s.flush(), done, busy=False)

    def _dismiss(self) -> None:
        self._run(lambda s, _cl: s.dismiss_refusals(), self._connection, busy=False)

    def pull_all(self) -> None:
        self._cancel.clear()
        self._pull_total = sum(1 for r in self.queue.rows if not r.held)
        self.queue.pulling(True)
        step = self._progress.step

        def work(s: TriageService, _cl: Any) -> tuple[PullReport | None, Connection]:
            return s.pull_all(lambda rep: step.emit(int(rep.claimed)), self._cancel.is_set)

        def done(result: tuple[PullReport | None, Connection]) -> None:
            report, conn = result
            self.queue.pulling(False)
            self._connection(conn)
            if report is not None:
                n = report.stored_new
                text = self.t.ngettext(
                    "{n} request stored in this caseload.", "{n} requests stored in this caseload.", n
                ).format(n=n)
                if self._cancel.is_set():
                    text += " " + self.t.gettext("Stopped; the rest stays in the queue.")
                self.say(text)
            self.refresh()

        if not self._run(work, done):
            self.queue.pulling(False)

    # ---- triage ----------------------------------------------------------------------------------

    def claim_next(self) -> None:
        def done(result: tuple[OpenedRequest | None, Connection]) -> None:
            opened, conn = result
            self._connection(conn)
            if opened is None:
                if conn.state == "online":
                    self.say(self.t.gettext("No request is waiting for your agency right now."))
                self.refresh()
                return
            self._open(opened)

        self._run(lambda s, _cl: s.claim_next(), done)

    def open_held(self, submission_id: str) -> None:
        self._run(lambda s, _cl: s.open_held(submission_id), self._open)

    def _open(self, req: OpenedRequest) -> None:
        self.say("")
        self.triage.show_request(req)
        self.stack.setCurrentWidget(self.triage)
        if req.lease_seconds is not None:
            self._countdown.start()
            self._renew.start()
        self.triage.new_button.setFocus()

    def _close_triage(self) -> None:
        self._countdown.stop()
        self._renew.stop()
        self.triage.request = None
        self.stack.setCurrentWidget(self.queue)

    def _update_countdown(self) -> None:
        req = self.triage.request
        svc = self._svc
        if req is None or svc is None:
            return
        held = svc.held()  # thread-safe read of the keeper's countdown
        if req.submission_id in held:
            self.triage.set_lease(held[req.submission_id])

    def _tick(self) -> None:
        req = self.triage.request
        if req is None:
            return

        def done(result: TickResult) -> None:
            current = self.triage.request
            if current is None:
                return
            if current.submission_id in result.lost:
                self._lease_lost()
            elif result.offline:
                self._connection(Connection("offline", None, self.connection.waiting))

        self._run(lambda s, _cl: s.tick(), done, busy=False)

    def _lease_lost(self) -> None:
        self._renew.stop()
        self._countdown.stop()
        self.triage.set_lease(0)
        self.triage.show_notice(
            self.t.gettext(
                "Your reservation of this request ended (it expired, or another desk has it now). You can "
                "still decide: the decision is kept here, and sent only if the request comes back to this "
                "desk; nothing is created twice."
            )
        )

    def _actor(self, cl: Any) -> int:
        return int(cl.user.id)

    def _decided(self, result: DecisionResult) -> None:
        _ = self.t.gettext
        self._close_triage()
        self._connection(result.connection)
        texts = {
            IntakeDecision.NEW_CLIENT: _("New client file created from the request."),
            IntakeDecision.MERGED: _("The request was added to the existing client file."),
            IntakeDecision.REFERRED: _("The request was referred."),
            IntakeDecision.REJECTED: _("The request was rejected."),
        }
        text = texts[result.decision]
        if result.already:
            text = _("This request had already been decided here; nothing new was created.")
        if result.connection.state != "online":
            text += " " + _("It will be sent to the intake server when the connection returns.")
        elif result.connection.refusals and any(
            r.submission_id == result.submission_id for r in result.connection.refusals
        ):
            text += " " + _("The intake server did not take it (the reservation had ended).")
        self.say(text, result.client_id)
        self.refresh()

    def _sid(self) -> str | None:
        return self.triage.request.submission_id if self.triage.request is not None else None

    def decide_new_client(self) -> None:
        sid = self._sid()
        if sid is not None:
            self._run(lambda s, cl: s.new_client(sid, self._actor(cl)), self._decided)

    def decide_same_person(self, client_id: int) -> None:
        sid = self._sid()
        if sid is not None:
            self._run(lambda s, cl: s.same_person(sid, client_id, self._actor(cl)), self._decided)

    def not_same_person(self, client_id: int) -> None:
        sid = self._sid()
        if sid is None:
            return

        def done(found: Any) -> None:
            self.triage.set_candidates(list(found))
            self.say(
                self.t.gettext(
                    "Noted: not the same person. They will not be suggested for this request again."
                )
            )

        self._run(lambda s, cl: s.not_same_person(sid, client_id, self._actor(cl)), done)

    def search_clients(self, text: str) -> None:
        req = self.triage.request
        if req is None or req.submission is None:
            return
        sub = req.submission
        self._run(
            lambda s, _cl: s.search(sub, text), lambda found: self.triage.show_search_results(list(found))
        )

    def refer(self) -> None:
        sid = self._sid()
        req = self.triage.request
        if sid is None or req is None:
            return

        def ask(result: tuple[list[Agency] | None, Connection]) -> None:
            agencies, _conn = result
            dlg = ReferDialog(self.t, agencies, self._own_slug(), self, on_server=req.held_on_server)
            self.refer_dialog = dlg
            dlg.finished.connect(lambda code: self._referred(dlg, sid, code))
            dlg.open()

        self._run(lambda s, _cl: s.agencies(), ask)

    def _own_slug(self) -> str:
        return ""

    def _referred(self, dlg: ReferDialog, sid: str, code: int) -> None:
        if code != QDialog.DialogCode.Accepted.value:
            return
        slug, name, note = dlg.choice()
        self._run(
            lambda s, cl: s.refer(sid, self._actor(cl), to_agency=slug, agency_name=name, note=note),
            self._decided,
        )

    def reject(self) -> None:
        sid = self._sid()
        if sid is None:
            return
        dlg = RejectDialog(self.t, self)
        self.reject_dialog = dlg

        def finished(code: int) -> None:
            if code == QDialog.DialogCode.Accepted.value:
                reason = dlg.text()
                self._run(lambda s, cl: s.reject(sid, self._actor(cl), reason), self._decided)

        dlg.finished.connect(finished)
        dlg.open()

    def give_back(self) -> None:
        sid = self._sid()
        if sid is None:
            return

        def done(conn: Connection) -> None:
            self._close_triage()
            self._connection(conn)
            self.say(self.t.gettext("The request was given back to the queue."))
            self.refresh()

        self._run(lambda s, _cl: s.give_back(sid), done)

    # ---- lock ------------------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget everything shown (the caseload is being locked)."""
        for timer in (self._countdown, self._renew, self._retry, self._auto):
            timer.stop()
        self._cancel.set()
        self.triage.request = None
        self.triage.set_candidates([])
        while self.triage.form.rowCount():
            self.triage.form.removeRow(0)
        self.queue.set_snapshot(QueueSnapshot((), Connection()))
        self.stack.setCurrentWidget(self.queue)
        self.say("")
        svc, self._svc = self._svc, None
        if svc is not None and self.ctx.db is not None:
            DbOp(None, lambda _cl: svc.close()).run(self.ctx.db)  # close its connection on the worker
