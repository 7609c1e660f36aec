"""First run: create the encrypted caseload and its first user, show the recovery key and ask part of it back.

Pages: folder → account → creating (the key derivation runs on the worker thread) → recovery key →
confirm two groups of it → this device (the OS keyring, offered only where it is a real, encrypting store).

Signals: ``created(object caseload, object executor)`` once the caseload exists and is open.
"""

from __future__ import annotations

import getpass
import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from caseworker.core.errors import KnownError
from caseworker.gui import recovery
from caseworker.gui.context import AppContext
from caseworker.gui.crash import crash_report
from caseworker.gui.dbop import DbExecutor, DbOp
from caseworker.gui.errors import error_label, known_error_text

MIN_PASSPHRASE = 10


def _error_label() -> QLabel:
    return error_label()


class FolderPage(QWizardPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        _ = ctx._
        self.setTitle(_("Welcome to Caseworker"))
        self.setSubTitle(
            _(
                "Caseworker keeps your clients' files in an encrypted caseload on this computer. "
                "First, choose where it lives."
            )
        )
        self.folder = QLineEdit(str(ctx.caseload_dir))
        self.folder.setAccessibleName(_("Caseload folder"))
        browse = QPushButton(_("Choose…"))
        browse.setAccessibleName(_("Choose the caseload folder"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        label = QLabel(_("Caseload &folder:"))
        label.setBuddy(self.folder)
        form.addRow(label, row)
        self.error = _error_label()
        form.addRow(self.error)
        self._ = _
        self.registerField("folder*", self.folder)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self._("Caseload folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def validatePage(self) -> bool:
        path = Path(self.folder.text()).expanduser()
        if (path / "keyslots.json").exists() or (path / "caseload.db").exists():
            self.error.setText(
                self._(
                    "Caseload folder: a caseload already exists here. "
                    "Choose an empty folder, or cancel and unlock it."
                )
            )
            self.error.show()
            return False
        self.error.hide()
        return True


class AccountPage(QWizardPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        _ = ctx._
        self._ = _
        self.setTitle(_("Your account"))
        self.setSubTitle(
            _(
                "You will be the first user and a supervisor of this caseload. "
                "Choose a passphrase you can remember: nobody, not even IT, can read the caseload without it "
                "or the recovery key."
            )
        )
        form = QFormLayout(self)
        self.username = QLineEdit(getpass.getuser())
        self.display_name = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, text in (
            (self.username, _("&User name:")),
            (self.display_name, _("&Your name:")),
            (self.passphrase, _("&Passphrase:")),
            (self.confirm, _("&Repeat passphrase:")),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        hint = QLabel(
            _("At least {n} characters. A few unrelated words make a good passphrase.").format(
                n=MIN_PASSPHRASE
            )
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.error = _error_label()
        form.addRow(self.error)

    def _fail(self, text: str) -> bool:
        self.error.setText(text)
        self.error.show()
        return False

    def validatePage(self) -> bool:
        _ = self._
        name = self.username.text().strip()
        if not name or any(c.isspace() for c in name):
            self.username.setFocus()
            return self._fail(_("User name: enter a name without spaces, for example your login name."))
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            self.passphrase.setFocus()
            return self._fail(_("Passphrase: use at least {n} characters.").format(n=MIN_PASSPHRASE))
        if self.passphrase.text() != self.confirm.text():
            self.confirm.setFocus()
            return self._fail(_("Repeat passphrase: the two passphrases are not the same."))
        self.error.hide()
        return True


class CreatingPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        _ = wizard.ctx._
        self._ = _
        self.wiz = wizard
        self.setTitle(_("Creating the encrypted caseload"))
        self.setSubTitle(_("This takes a few seconds: your passphrase is made deliberately slow to guess."))
        layout = QVBoxLayout(self)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(_("Creating the caseload"))
        layout.addWidget(self.bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.done = False
        # Completion through a mandatory field rather than an isComplete() override: PySide6 6.12
        # over-releases the bool an isComplete override returns (Python aborts in bool_dealloc).
        self.flag = QCheckBox()
        self.flag.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.flag.hide()
        layout.addWidget(self.flag)
        self.registerField("created*", self.flag)

    def initializePage(self) -> None:
        if self.done:
            return
        self.bar.show()
        self.status.setText("")
        self.wiz.start_create()

    def finished(self, error: str | None) -> None:
        self.bar.hide()
        if error is None:
            self.done = True
            self.status.setText(self._("The caseload is ready."))
            self.flag.setChecked(True)
        else:
            self.status.setText(error)


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        _ = wizard.ctx._
        self.wiz = wizard
        self.setTitle(_("Your recovery key"))
        self.setSubTitle(
            _(
                "If the passphrase is forgotten, this key is the only way back into the caseload. "
                "Write it on paper and keep it somewhere safe, away from this computer. It is shown only now."
            )
        )
        layout = QVBoxLayout(self)
        self.key = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.Bold)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setWordWrap(True)
        self.key.setAccessibleName(_("Recovery key"))
        layout.addWidget(self.key)
        self.written = QCheckBox(_("I have written the recovery key down"))
        self.written.setAccessibleName(_("I have written the recovery key down"))
        layout.addWidget(self.written)
        self.registerField("written*", self.written)  # see CreatingPage: no isComplete override

    def initializePage(self) -> None:
        self.key.setText("  ".join(recovery.groups(self.wiz.recovery_key)))


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        _ = wizard.ctx._
        self._ = _
        self.wiz = wizard
        self.setTitle(_("Check the recovery key"))
        self.setSubTitle(_("To be sure it was written down correctly, type two of its groups."))
        self.form = QFormLayout(self)
        self.fields: list[tuple[int, QLineEdit]] = []
        self.error = _error_label()

    def initializePage(self) -> None:
        _ = self._
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = []
        for idx in recovery.pick_groups(self.wiz.recovery_key, self.wiz.rng):
            edit = QLineEdit()
            text = _("Group {n}:").format(n=idx + 1)
            edit.setAccessibleName(_("Recovery key group {n}").format(n=idx + 1))
            self.form.addRow(text, edit)
            self.fields.append((idx, edit))
        self.error = _error_label()
        self.form.addRow(self.error)
        if self.fields:
            self.fields[0][1].setFocus()

    def validatePage(self) -> bool:
        for idx, edit in self.fields:
            if not recovery.matches(self.wiz.recovery_key, idx, edit.text()):
                self.error.setText(
                    self._(
                        "Group {n} does not match. Look at what you wrote, or go Back to see the key again."
                    ).format(n=idx + 1)
                )
                self.error.show()
                edit.setFocus()
                return False
        # The person has shown they hold the key: clear the "recovery key never shown" mark.
        if self.wiz.executor is not None:
            DbOp(self.wiz, lambda cl: cl.confirm_recovery_key_shown()).run(self.wiz.executor)
        return True


class DevicePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        ctx = wizard.ctx
        _ = ctx._
        self.wiz = wizard
        self.setTitle(_("This computer"))
        layout = QVBoxLayout(self)
        self.remember = QCheckBox(_("Remember on this device (unlock without typing the passphrase)"))
        self.remember.setAccessibleName(_("Remember on this device"))
        secure = False
        try:
            secure = bool(ctx.secrets.is_secure())
        except Exception:  # noqa: BLE001 - a broken keyring backend simply means "not offered"
            secure = False
        if secure:
            where = QLabel(
                _(
                    "The caseload key will be kept in {where}, protected by your computer login. "
                    "Anyone who can log in as you on this computer could then open the caseload. "
                    "Leave this off on a shared computer."
                ).format(where=_(ctx.secrets.where()))
            )
            layout.addWidget(self.remember)
        else:
            self.remember.setChecked(False)
            self.remember.hide()
            where = QLabel(
                _(
                    "This computer has no encrypting key store that Caseworker trusts, so you will type "
                    "your passphrase each time. This is the safe choice."
                )
            )
        where.setWordWrap(True)
        layout.addWidget(where)
        self.secure = secure
        layout.addStretch(1)


class FirstRunWizard(QWizard):
    created = Signal(object, object)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, rng: random.Random | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rng = rng or random.Random()
        _ = ctx._
        self.setWindowTitle(_("Set up Caseworker"))
        self.setAccessibleName(_("Set up Caseworker"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.caseload: Any = None
        self.executor: DbExecutor | None = None
        self.recovery_key = ""
        self.folder_page = FolderPage(ctx)
        self.account_page = AccountPage(ctx)
        self.creating_page = CreatingPage(self)
        self.recovery_page = RecoveryPage(self)
        self.confirm_page = ConfirmPage(self)
        self.device_page = DevicePage(self)
        for page in (
            self.folder_page,
            self.account_page,
            self.creating_page,
            self.recovery_page,
            self.confirm_page,
            self.device_page,
        ):
            self.addPage(page)
        self.resize(640, 480)

    def start_create(self) -> None:
        from caseworker.store.caseload import Caseload

        folder = Path(self.folder_page.folder.text()).expanduser()
        username = self.account_page.username.text().strip()
        passphrase = self.account_page.passphrase.text()
        display = self.account_page.display_name.text().strip() or None
        secrets = self.ctx.secrets
        options = dict(self.ctx.store_options)
        self.executor = DbExecutor(None, parent=None)

        def create(_unused: Any) -> tuple[Any, str]:
            folder.mkdir(parents=True, exist_ok=True)
            return Caseload.create(
                folder, username, passphrase, display_name=display, secrets=secrets, **options
            )

        DbOp(self, create).success(self._created).failure(self._failed).run(self.executor)

    def _created(self, result: tuple[Any, str]) -> None:
        self.caseload, self.recovery_key = result
        assert self.executor is not None
        self.executor.resource = self.caseload
        self.ctx.caseload_dir = Path(self.folder_page.folder.text()).expanduser()
        # The passphrase is no longer needed in the widgets.
        self.account_page.passphrase.clear()
        self.account_page.confirm.clear()
        self.creating_page.finished(None)

    def _failed(self, exc: BaseException) -> None:
        _ = self.ctx._
        if isinstance(exc, KnownError):
            msg, hint = known_error_text(_, exc)
            text = f"{msg} {hint}".strip()
        else:
            import sys

            sys.stderr.write(crash_report(exc) + "\n")
            text = _("The caseload could not be created. Go Back and check the folder, then try again.")
        self.creating_page.finished(text)

    def accept(self) -> None:
        if self.caseload is None or self.executor is None:
            return
        if self.device_page.secure and self.device_page.remember.isChecked():
            username = self.caseload.user.username
            DbOp(self, lambda cl: cl.enable_keyring(username)).run(self.executor)
        self.created.emit(self.caseload, self.executor)
        super().accept()
