"""Template text of a printed plan: the gettext domain ``plans``, with Babel for dates and numbers.

Every msgid lives here (``MSGIDS``), so the completeness check and ``translations/plans.pot`` are generated
from one list. The renderer asks :class:`Templates` for a string in the official language and in the
client language; a missing translation is reported, never silently replaced by English in the client column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from caseworker.i18n import catalogs

DOMAIN = "plans"


def N_(msgid: str) -> str:
    """Marks a msgid for extraction; translated later, at render time."""
    return msgid


TITLE = N_("Settlement plan")
PLAN_DATE = N_("Plan date")
WORKER = N_("Settlement worker")
CLIENT = N_("Client")
NAME = N_("Name")
CLIENT_ID = N_("File number")
UCI = N_("UCI")
DATE_OF_BIRTH = N_("Date of birth")
ARRIVAL = N_("Arrival in Canada")
HOUSEHOLD = N_("People in household")
LANGUAGE = N_("Language")
NEEDS = N_("Needs")
ASSETS = N_("Strengths and assets")
GOALS = N_("Goals")
TARGET_DATE = N_("Target date")
ACTIONS = N_("Actions")
WHO = N_("Who")
DUE = N_("By")
DONE = N_("Done")
OWNER_CLIENT = N_("You")
OWNER_WORKER = N_("Your settlement worker")
OWNER_BOTH = N_("You and your settlement worker")
REFERRALS = N_("Referrals")
CONTACT = N_("Contact")
PHONE = N_("Phone")
EMAIL = N_("Email")
ADDRESS = N_("Address")
FOLLOW_UP = N_("Follow-up")
NEXT_APPOINTMENT = N_("Next appointment")
PLACE = N_("Place")
WITH = N_("With")
NOTES = N_("Notes")
NONE_RECORDED = N_("None recorded")
INTERPRETER = N_("Interpreter")
CONSENT = N_("Consent")
CONSENT_STATEMENT = N_(
    "This plan was explained to me in a language I understand. I agree with the goals and actions in it. "
    "I agree that my settlement worker may share the information needed for the referrals listed above "
    "with those organisations, and I know I can withdraw this consent at any time."
)
SIGNATURES = N_("Signatures")
CLIENT_SIGNATURE = N_("Client signature")
WORKER_SIGNATURE = N_("Settlement worker signature")
DATE = N_("Date")
PAGE_OF = N_("Page {page} of {pages}")
CONTINUED = N_("(continued in file)")
NO_TRANSLATION = N_("(no translation entered)")

DOMAIN_LABELS: dict[str, str] = {
    "housing": N_("Housing"),
    "employment": N_("Employment"),
    "language": N_("Language learning"),
    "education": N_("Education"),
    "health": N_("Health"),
    "mental_health": N_("Mental health"),
    "legal_immigration": N_("Legal and immigration"),
    "financial": N_("Money and benefits"),
    "childcare": N_("Childcare"),
    "transportation": N_("Transportation"),
    "community": N_("Community connections"),
    "digital_skills": N_("Digital skills"),
}

MSGIDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [v for k, v in list(globals().items()) if k.isupper() and isinstance(v, str) and k not in ("DOMAIN",)]
        + list(DOMAIN_LABELS.values())
    )
)

# Babel has no "tl" locale data; Filipino (fil) is the CLDR locale for Tagalog text.
_BABEL_LOCALE = {"tl": "fil", "zh_Hans": "zh_Hans_CN", "pa": "pa_Guru", "ps": "ps"}


def babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(_BABEL_LOCALE.get(code, code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass
class Templates:
    """Template strings and locale formatting for one language."""

    language: str
    root: Path | None = None

    def __post_init__(self) -> None:
        self._tr = catalogs.translations(DOMAIN, self.language, self.root)
        self._missing = set(catalogs.missing(DOMAIN, self.language, list(MSGIDS), self.root))
        self.locale = babel_locale(self.language)

    def has(self, msgid: str) -> bool:
        return msgid not in self._missing

    def get(self, msgid: str) -> str | None:
        """The translation, or None when the catalog lacks it (English returns the msgid)."""
        if self.language == "en":
            return msgid
        if msgid in self._missing:
            return None
        return self._tr.gettext(msgid)

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return ""
        return format_date(value, format="long", locale=self.locale)

    def datetime(self, value: dt.datetime) -> str:
        # Long date + short time: numeric "16/11/2026" mixes badly with right-to-left text.
        day = format_date(value.date(), format="long", locale=self.locale)
        return f"{day}, {format_time(value, format='short', locale=self.locale)}"

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def page_of(self, page: int, pages: int) -> str | None:
        tmpl = self.get(PAGE_OF)
        if tmpl is None:
            return None
        try:
            return tmpl.format(page=self.number(page), pages=self.number(pages))
        except (KeyError, IndexError, ValueError):
            # A broken translation (wrong placeholder) must not stop a print: fall back to the msgid.
            return PAGE_OF.format(page=self.number(page), pages=self.number(pages))


def write_pot(path: Path) -> None:
    """Regenerate ``translations/plans.pot`` from :data:`MSGIDS`: ``python -m caseworker.plans.templates``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    cat = Catalog(project="Caseworker", domain=DOMAIN, charset="utf-8")
    for msgid in MSGIDS:
        flags = ("python-brace-format",) if "{" in msgid else ()
        cat.add(msgid, locations=[("caseworker/plans/templates.py", 0)], flags=flags)
    with path.open("wb") as fh:
        write_po(fh, cat, omit_header=False, no_location=True, sort_output=False, width=110)


if __name__ == "__main__":  # pragma: no cover
    write_pot(catalogs.TRANSLATIONS_DIR / f"{DOMAIN}.pot")
