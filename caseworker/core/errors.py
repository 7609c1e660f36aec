"""Errors split by who can fix them (see CONVENTIONS: qutebrowser's misc/sql.py).

A :class:`KnownError` is something a user or agency IT can act on: a wrong passphrase, a full disk,
an unreachable server. It carries a translatable message (never client data) and a next step.
Anything else that escapes is a bug: the GUI shows a crash report that holds no client data.
"""

from __future__ import annotations


class KnownError(Exception):
    """An error with a clear message for the user and a way forward.

    ``message`` and ``hint`` are plain English msgids: the GUI passes them through gettext.
    They must never contain personal data (names, notes, identifiers).
    """

    message: str = "Something went wrong."
    hint: str = ""

    def __init__(self, message: str | None = None, hint: str | None = None) -> None:
        if message is not None:
            self.message = message
        if hint is not None:
            self.hint = hint
        super().__init__(self.message)


class ValidationError(KnownError):
    """A value a person typed does not fit; ``field`` names it so the form can point at it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message, hint="")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
