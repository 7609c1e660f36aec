"""The form's catalogs: the template is current, every language is complete, placeholders survive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from caseworker.i18n import catalogs
from caseworker.server.form.i18n import DOMAIN, FORM_LANGUAGE_ORDER, available_languages, translator

FORM_DIR = Path(__file__).resolve().parents[3] / "caseworker" / "server" / "form"
POT = catalogs.TRANSLATIONS_DIR / f"{DOMAIN}.pot"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def template_ids() -> set[str]:
    with POT.open("rb") as fh:
        return {str(m.id) for m in read_po(fh) if m.id}


def source_ids() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    return {
        str(msg[2])
        for msg in extract_from_dir(str(FORM_DIR), method_map, keywords=keywords)
        if isinstance(msg[2], str)
    }


def test_the_template_holds_exactly_the_strings_in_the_sources() -> None:
    found, template = source_ids(), template_ids()
    assert found - template == set(), "run the pybabel extract command in caseworker/server/form/babel.cfg"
    assert template - found == set(), "the template has strings the form no longer uses"


def test_the_form_offers_the_eight_languages() -> None:
    codes = [lang.code for lang in available_languages()]
    assert codes[: len(FORM_LANGUAGE_ORDER)] == list(FORM_LANGUAGE_ORDER)


@pytest.mark.parametrize("code", [c for c in FORM_LANGUAGE_ORDER if c != "en"])
def test_every_string_is_translated(code: str) -> None:
    assert catalogs.missing(DOMAIN, code) == []


@pytest.mark.parametrize("code", [c for c in FORM_LANGUAGE_ORDER if c != "en"])
def test_placeholders_survive_translation_and_formatting(code: str) -> None:
    cat = catalogs.catalog(DOMAIN, code)
    assert cat is not None
    tr = translator(code)
    for msgid in template_ids():
        names = set(_PLACEHOLDER.findall(msgid))
        translated = tr.gettext(msgid)
        assert set(_PLACEHOLDER.findall(translated)) == names, (code, msgid)
        if names:
            translated % dict.fromkeys(names, 7)  # formats without KeyError/ValueError


@pytest.mark.parametrize("code", [c for c in FORM_LANGUAGE_ORDER if c != "en"])
def test_drafts_are_marked_for_a_translator(code: str) -> None:
    """Developer-written translations are fuzzy until a human translator has reviewed them."""
    fuzzy = set(catalogs.fuzzy(DOMAIN, code))
    assert fuzzy <= template_ids()
    assert fuzzy, "reviewed catalogs clear the fuzzy flags; drop this test's expectation then"


def test_translations_differ_from_english_where_they_should() -> None:
    same_everywhere = {"WhatsApp", "For example NWD-7K4M-2QX9", "Parent", "No", "Error:"}
    for code in ("ar", "fa", "uk", "ti", "zh_Hans"):
        tr = translator(code)
        untranslated = [m for m in template_ids() - same_everywhere if tr.gettext(m) == m]
        assert untranslated == [], (code, untranslated[:5])
