"""The unlock screen: passphrase, or recovery key, or automatically through the OS keyring slot.

A wrong passphrase says so and keeps the user name, so the worker just types again. A damaged caseload
says what happened and how to restore a backup. The key derivation (deliberately slow) runs on the
caseload's worker thread; the window stays responsive.

Signals: ``unlocked(object caseload, object executor)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker.core.errors import KnownError
from caseworker.gui.context import AppContext
from caseworker.gui.crash import crash_report
from caseworker.gui.dbop import DbExecutor, DbOp
from caseworker.gui.errors import error_label, known_error_text
from caseworker.gui.settings import LAST_USERNAME

#: Above this size the page-by-page integrity check (about 1.5 s per 100 MB) runs in the background after
#: unlocking instead of before it, so a large caseload opens within the 1.5 s goal; a damaged page found
#: then is shown in a banner with the way to restore a backup (MainWindow.check_integrity_later).
DEFER_INTEGRITY_BYTES = 48 * 1024 * 1024


class UnlockView(QWidget):
    unlocked = Signal(object, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        _ = ctx._
        self._ = _
        self.setObjectName("unlockView")
        self.setAccessibleName(_("Unlock the caseload"))
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("unlockCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        layout = QVBoxLayout(card)
        title = QLabel(_("The caseload is locked"))
        title.setObjectName("unlockTitle")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        title.setFont(f)
        layout.addWidget(title)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setObjectName("unlockWhere")
        layout.addWidget(self.where)

        self.modes = QStackedWidget()
        # Passphrase
        pw = QWidget()
        form = QFormLayout(pw)
        self.username = QLineEdit(ctx.settings.get(LAST_USERNAME))
        self.username.setAccessibleName(_("User name"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.returnPressed.connect(self.unlock)
        lu = QLabel(_("&User name:"))
        lu.setBuddy(self.username)
        lp = QLabel(_("&Passphrase:"))
        lp.setBuddy(self.passphrase)
        form.addRow(lu, self.username)
        form.addRow(lp, self.passphrase)
        self.modes.addWidget(pw)
        # Recovery key
        rk = QWidget()
        rform = QFormLayout(rk)
        self.recovery = QLineEdit()
        self.recovery.setAccessibleName(_("Recovery key"))
        self.recovery.setPlaceholderText("XXXXX-XXXXX-…")
        self.recovery.returnPressed.connect(self.unlock)
        lr = QLabel(_("&Recovery key:"))
        lr.setBuddy(self.recovery)
        rform.addRow(lr, self.recovery)
        note = QLabel(
            _("After unlocking with the recovery key, set a new passphrase with “caseworker-admin passwd”.")
        )
        note.setWordWrap(True)
        rform.addRow(note)
        self.modes.addWidget(rk)
        layout.addWidget(self.modes)

        self.error = error_label()
        layout.addWidget(self.error)
        self.busy = QLabel(_("Unlocking…"))
        self.busy.hide()
        layout.addWidget(self.busy)

        buttons = QHBoxLayout()
        self.switch = QPushButton(_("Use the recovery key instead"))
        self.switch.setAccessibleName(_("Use the recovery key instead"))
        self.switch.setFlat(True)
        self.switch.clicked.connect(self.toggle_mode)
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addWidget(self.switch)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        self.setTabOrder(self.username, self.passphrase)
        self.setTabOrder(self.passphrase, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.switch)
        self._attempt = 0
        self.deferred_integrity = False
        self.refresh()

    def refresh(self) -> None:
        self.where.setText(self._("Caseload: {folder}").format(folder=str(self.ctx.caseload_dir)))

    def focus_first(self) -> None:
        if self.modes.currentIndex() == 1:
            self.recovery.setFocus()
        elif self.username.text():
            self.passphrase.setFocus()
        else:
            self.username.setFocus()

    def toggle_mode(self) -> None:
        _ = self._
        recovering = self.modes.currentIndex() == 0
        self.modes.setCurrentIndex(1 if recovering else 0)
        self.switch.setText(
            _("Use a passphrase instead") if recovering else _("Use the recovery key instead")
        )
        self.switch.setAccessibleName(self.switch.text())
        self.error.hide()
        self.focus_first()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.modes.setEnabled(not busy)

    def _start(self, make_unlocker: Any, automatic: bool = False) -> None:
        from caseworker.store.caseload import Caseload

        folder = Path(self.ctx.caseload_dir)
        secrets = self.ctx.secrets
        options = dict(self.ctx.store_options)
        executor = DbExecutor(None)
        self._attempt += 1
        attempt = self._attempt
        db_file = folder / "caseload.db"
        self.deferred_integrity = db_file.exists() and db_file.stat().st_size > DEFER_INTEGRITY_BYTES
        if self.deferred_integrity:
            options.setdefault("check_integrity", False)

        def open_it(_unused: Any) -> Any:
            return Caseload.open(folder, make_unlocker(), secrets=secrets, **options)

        self._set_busy(True)
        self.error.hide()
        DbOp(self, open_it).success(lambda cl: self._opened(attempt, executor, cl)).failure(
            lambda exc: self._failed(attempt, executor, exc, automatic)
        ).run(executor)

    def unlock(self) -> None:
        from caseworker.store.caseload import Unlocker

        _ = self._
        if self.modes.currentIndex() == 0:
            username = self.username.text().strip()
            secret = self.passphrase.text()
            if not username:
                self._show(_("User name: enter your user name."))
                self.username.setFocus()
                return
            if not secret:
                self._show(_("Passphrase: enter your passphrase."))
                self.passphrase.setFocus()
                return
            self._start(lambda: Unlocker.passphrase(username, secret))
        else:
            key = self.recovery.text().strip()
            if not key:
                self._show(_("Recovery key: enter the key you wrote down when the caseload was created."))
                return
            self._start(lambda: Unlocker.recovery(key))

    def try_keyring(self) -> None:
        """Unlock silently through the keyring slot if this device has one; otherwise do nothing visible."""
        from caseworker.store.caseload import Unlocker

        try:
            if not self.ctx.secrets.is_secure():
                return
        except Exception:  # noqa: BLE001 - an unusable keyring means: type the passphrase
            return
        self._start(lambda: Unlocker.keyring(), automatic=True)

    def _opened(self, attempt: int, executor: DbExecutor, caseload: Any) -> None:
        if attempt != self._attempt:  # superseded by a later attempt: not wanted any more
            executor.resource = caseload
            executor.close(final=lambda cl: cl.close())
            return
        self._set_busy(False)
        executor.resource = caseload
        self.passphrase.clear()
        self.recovery.clear()
        self.error.hide()
        username = getattr(getattr(caseload, "user", None), "username", "")
        if username and self.modes.currentIndex() == 0:
            self.ctx.settings.set(LAST_USERNAME, username)
        self.unlocked.emit(caseload, executor)

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _failed(self, attempt: int, executor: DbExecutor, exc: BaseException, automatic: bool) -> None:
        from caseworker.store import errors as store_errors

        _ = self._
        executor.close()
        if attempt != self._attempt:
            return
        self._set_busy(False)
        if automatic:
            # Automatic unlock did not work (no keyring slot, keyring locked): just ask for the passphrase.
            self.focus_first()
            return
        if isinstance(exc, store_errors.WrongPassphrase):
            self._show(
                _(
                    "That passphrase does not open this caseload for user “{user}”. "
                    "Check Caps Lock and try again."
                ).format(user=self.username.text().strip())
            )
            self.passphrase.clear()
            self.passphrase.setFocus()
        elif isinstance(exc, store_errors.WrongRecoveryKey):
            self._show(_("That recovery key does not open this caseload. Check each group and try again."))
            self.recovery.selectAll()
            self.recovery.setFocus()
        elif isinstance(exc, store_errors.CaseloadDamaged):
            self._show(
                _(
                    "The caseload file is damaged and cannot be opened. Nothing has been changed. "
                    "Ask your IT contact to restore the latest backup with "
                    "“caseworker-admin restore BACKUP {folder}”, then unlock again."
                ).format(folder=str(self.ctx.caseload_dir))
            )
        elif isinstance(exc, KnownError):
            msg, hint = known_error_text(_, exc)
            self._show(f"{msg} {hint}".strip())
        else:
            import sys

            sys.stderr.write(crash_report(exc) + "\n")
            self._show(
                _(
                    "The caseload could not be opened because of an unexpected problem. Try again; "
                    "if it happens again, contact your IT contact."
                )
            )

    def clear(self) -> None:
        self.passphrase.clear()
        self.recovery.clear()
        self.error.hide()
