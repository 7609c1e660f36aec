"""The intake screens' words: the French catalog is complete, formats read well, fallbacks work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from caseworker.i18n import catalogs

pytestmark = pytest.mark.gui


def test_french_catalog_covers_every_intake_string() -> None:
    template = catalogs._template("intake_gui", None)
    french = catalogs.catalog("intake_gui", "fr")
    assert template is not None and french is not None
    untranslated = []
    for m in template:
        if not m.id:
            continue
        got = french.get(m.id)
        strings = got.string if got is not None else ""
        if not (all(strings) if isinstance(strings, tuple) else strings):
            untranslated.append(m.id)
    assert untranslated == []
    t = catalogs.translations("intake_gui", "fr")
    assert t.gettext("Not the same person") == "Pas la même personne"
    assert (
        t.ngettext(
            "Working offline — {n} decision will be sent when the connection returns.",
            "Working offline — {n} decisions will be sent when the connection returns.",
            3,
        ).format(n=3)
        == "Travail hors ligne — 3 décisions seront envoyées au retour de la connexion."
    )


def test_waiting_times_languages_and_reasons(qapp: Any) -> None:
    from caseworker.core.matching import Reason
    from caseworker.gui.i18n import UiI18n
    from caseworker.gui.intake.text import IntakeText

    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    en = IntakeText(UiI18n("en"), lambda s: s)
    assert en.waiting(now - timedelta(seconds=20), now) == "1 min"
    assert en.waiting(now - timedelta(hours=5, minutes=10), now) == "5 h"
    assert en.waiting(now - timedelta(days=3, hours=4), now) == "3 d 4 h"
    assert en.countdown(272.4) == "4:32"
    assert en.language("ar").strip("\u2068\u2069") == "العربية"
    assert en.language("prs") == "\u2068دری\u2069"  # Dari: not in the desktop registry nor in CLDR
    assert en.language("xx") == "xx"
    fr = IntakeText(UiI18n("fr"), lambda s: s)
    assert fr.waiting(now - timedelta(days=2, hours=1), now) == "2 j 1 h"
    assert fr.reason(Reason.DOB_SWAPPED) == "date de naissance avec jour et mois inversés"
