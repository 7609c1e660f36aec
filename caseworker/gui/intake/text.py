"""The intake screens' words: gettext domain ``intake_gui`` (the main UI's domain ``caseworker`` belongs
to the desktop's own screens), plus formats for waiting times and the matcher's reason codes.

Extract (see docs/intake-desktop.md)::

    pybabel extract -F translations/intake_gui.babel.cfg -k N_ --no-location --sort-output \
        -o translations/intake_gui.pot .
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError

from caseworker.core.errors import KnownError
from caseworker.core.matching import REASON_TEXT, Reason
from caseworker.gui.i18n import UiI18n
from caseworker.gui.labels import Labels
from caseworker.i18n import catalogs

DOMAIN = "intake_gui"
# languages the public form offers that CLDR has no locale for
EXTRA_NATIVE_NAMES = {"prs": "دری"}


def N_(message: str) -> str:
    """Mark for extraction; translated where shown."""
    return message


FIELD_NAMES = {
    "name": N_("Name"),
    "latin_name": N_("Name in Latin letters"),
    "date_of_birth": N_("Date of birth"),
    "phone": N_("Phone"),
}

DIFFERENCE_TEXT = {
    "same": N_("same"),
    "differs": N_("differs"),
    "swapped": N_("day and month swapped"),
    "order": N_("given and family names in the other order"),
    "spelling": N_("other spelling or script"),
    "partial": N_("only partly known"),
    "missing": N_("missing on one side"),
}

# The matcher's reasons (caseworker.core.matching.REASON_TEXT) marked here so they reach our catalog.
_REASONS = [
    N_("names match"),
    N_("names match with a different spelling"),
    N_("names match when written in another script"),
    N_("given and family names are swapped"),
    N_("names are split differently between given and family name"),
    N_("one name is shorter (a part of a compound name is missing)"),
    N_("given name differs"),
    N_("family name differs"),
    N_("same date of birth"),
    N_("date of birth with day and month swapped"),
    N_("only the year (or year and month) of birth is known; it matches"),
    N_("date of birth differs by one digit or one year"),
    N_("date of birth differs"),
    N_("same phone number"),
    N_("different phone number"),
    N_("same identifier"),
    N_("different identifier of the same kind"),
]

# The intake server errors (caseworker.intake.errors, caseworker.intake.sync) the screens can show.
_ERRORS = [
    N_("The intake server refused the request."),
    N_("The intake server cannot be reached."),
    N_("Check the network connection. Your work is kept and will be sent when the server is back."),
    N_("The intake server had a problem and could not answer."),
    N_("Try again in a few minutes. If it keeps happening, tell agency IT."),
    N_("This computer is not enrolled with the intake server."),
    N_("Ask agency IT for an enrolment code and enrol this computer again."),
    N_("This computer's access to the intake server was revoked."),
    N_("This enrolment code is unknown, already used or expired."),
    N_("Ask agency IT for a new enrolment code."),
    N_("This request is no longer reserved for you: the reservation expired or another worker has it."),
    N_("Nothing was changed on the server. Refresh the queue."),
    N_("This request is no longer on the intake server."),
    N_("There is no agency with this name on the intake server."),
    N_("Refresh the list of agencies and choose again."),
    N_("The intake server did not accept what was sent."),
    N_("Too many attempts. Wait a minute and try again."),
    N_("The intake server is busy."),
    N_("Try again in a moment."),
    N_("This caseload is not enrolled with an intake server yet."),
]


class IntakeText:
    """gettext for ``intake_gui`` in the UI's language, with the desktop's labels for shared vocabularies."""

    def __init__(self, i18n: UiI18n, caseworker_gettext: Callable[[str], str]) -> None:
        self.i18n = i18n
        self._t = catalogs.translations(DOMAIN, i18n.locale)
        self.labels = Labels(caseworker_gettext)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def reason(self, r: Reason) -> str:
        return self.gettext(REASON_TEXT.get(r, str(r)))

    def field(self, name: str) -> str:
        return self.gettext(FIELD_NAMES.get(name, name))

    def difference(self, kind: str) -> str:
        return self.gettext(DIFFERENCE_TEXT.get(kind, kind))

    def need(self, code: str) -> str:
        return self.labels.need(code)

    def language(self, code: str) -> str:
        """By its native name; codes the desktop's registry lacks (Dari) from CLDR or a short list."""
        name = self.i18n.language_name(code)
        if name != code:
            return name
        if code in EXTRA_NATIVE_NAMES:
            return f"\u2068{EXTRA_NATIVE_NAMES[code]}\u2069"  # right-to-left: isolated like the registry's
        try:
            return str(Locale.parse(code).get_display_name(code) or code)
        except (ValueError, TypeError, UnknownLocaleError):
            return code

    def error(self, exc: KnownError) -> tuple[str, str]:
        return self.gettext(exc.message), self.gettext(exc.hint) if exc.hint else ""

    def waiting(self, since: datetime, now: datetime | None = None) -> str:
        """Short waiting time: "35 min", "5 h", "3 d 4 h"."""
        seconds = max(0, int(((now or datetime.now(UTC)) - since).total_seconds()))
        _ = self.gettext
        if seconds < 3600:
            return _("{n} min").format(n=max(1, seconds // 60))
        if seconds < 86400:
            return _("{n} h").format(n=seconds // 3600)
        return _("{d} d {h} h").format(d=seconds // 86400, h=(seconds % 86400) // 3600)

    def countdown(self, seconds: float) -> str:
        s = max(0, int(seconds))
        return f"{s // 60}:{s % 60:02d}"
