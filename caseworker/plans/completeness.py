"""Before printing: does the client language's catalog cover every template string of a plan?

A missing string is named, and the caller can offer to print those rows in the official language only
(``RenderOptions.official_only_rows_when_missing``) instead of printing English where the client expects
their own language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from caseworker.i18n import catalogs
from caseworker.i18n import languages as langs
from caseworker.plans.templates import DOMAIN, MSGIDS


@dataclass(frozen=True)
class CompletenessReport:
    language: str
    official: str
    missing: tuple[str, ...] = ()  # msgids the client-language catalog lacks
    missing_official: tuple[str, ...] = ()  # msgids the official-language (fr) catalog lacks
    fuzzy: tuple[str, ...] = field(default=())  # present but marked for review

    @property
    def complete(self) -> bool:
        return not self.missing and not self.missing_official

    def summary(self, limit: int = 8) -> str:
        """A plain-English sentence for a dialog or the CLI (msgids are our English, never client data)."""
        if self.complete:
            return f"The {self.language} plan catalog is complete."
        parts = []
        if self.missing:
            names = ", ".join(f"“{m[:60]}”" for m in self.missing[:limit])
            more = f" and {len(self.missing) - limit} more" if len(self.missing) > limit else ""
            parts.append(
                f"{len(self.missing)} template string(s) have no {self.language} translation: {names}{more}."
            )
        if self.missing_official:
            parts.append(
                f"{len(self.missing_official)} template string(s) have no {self.official} translation."
            )
        return " ".join(parts)


def check(language: str, official: str = "en", root: Path | None = None) -> CompletenessReport:
    """Compare the ``plans`` catalogs of ``language`` and ``official`` against every template msgid."""
    lang = langs.get(language).code
    ids = list(MSGIDS)
    missing = tuple(catalogs.missing(DOMAIN, lang, ids, root)) if lang != "en" else ()
    missing_official = tuple(catalogs.missing(DOMAIN, official, ids, root)) if official != "en" else ()
    fuzzy = tuple(m for m in catalogs.fuzzy(DOMAIN, lang, root) if m in set(ids))
    return CompletenessReport(lang, official, missing, missing_official, fuzzy)
