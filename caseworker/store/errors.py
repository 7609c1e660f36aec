"""Errors of the encrypted caseload that a person can act on.

Every class is a :class:`~caseworker.core.errors.KnownError`: a plain English message (a gettext msgid,
never personal data) and a hint that says what to do next. Anything else escaping the store is a bug.
"""

from __future__ import annotations

from caseworker.core.errors import KnownError

RESTORE_HINT = (
    "Restore the caseload from a backup (caseworker-admin restore BACKUP DIR), "
    "or ask agency IT for help. Do not keep working on this copy."
)


class WrongPassphrase(KnownError):
    message = "The passphrase is incorrect."
    hint = "Check the user name and the passphrase (capital letters count). The recovery key also opens it."


class WrongRecoveryKey(KnownError):
    message = "The recovery key is incorrect."
    hint = "Type the recovery key exactly as it was written down, group by group."


class CaseloadDamaged(KnownError):
    message = "The caseload is damaged."
    hint = RESTORE_HINT


class CaseloadNotFound(KnownError):
    message = "There is no caseload in this folder."
    hint = "Check the folder, or create a caseload with caseworker-admin init DIR."


class CaseloadExists(KnownError):
    message = "A caseload already exists in this folder."
    hint = "Choose an empty folder; an existing caseload is never overwritten."


class KeyringUnavailable(KnownError):
    message = "The keyring on this device could not give the caseload key."
    hint = "Open the caseload with your passphrase or the recovery key instead."


class InsecureKeyring(KnownError):
    message = "This device's keyring does not encrypt what it stores, so the caseload key is not kept there."
    hint = "Use your passphrase, or ask agency IT to set up the system keyring (e.g. GNOME Keyring, KWallet)."


class DiskFull(KnownError):
    message = "The disk is full: the last change was not saved."
    hint = "Free some disk space and try again. Everything saved before is intact."


class CaseloadLocked(KnownError):
    message = "The caseload is busy in another window or program."
    hint = "Close the other program using this caseload and try again."
