"""gettext catalogs, read straight from the ``.po`` sources in ``translations/``.

Each part of Caseworker has its own domain so translators can work on one at a time:
``caseworker`` (desktop UI), ``intakeform`` (the public web form), ``plans`` (printed plan templates).
Layout: ``translations/<domain>.pot`` and ``translations/<lang>/LC_MESSAGES/<domain>.po``.

The ``.po`` files are compiled in memory with Babel on first use (no build step to forget);
``pybabel compile`` still works for packagers who want ``.mo`` files.
Fuzzy entries (machine-quality or uncertain translations) are used, and reported by
:func:`missing` / :func:`fuzzy` so a print or a review can warn about them.
"""

from __future__ import annotations

import gettext
import io
import threading
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"

_lock = threading.Lock()


def po_path(domain: str, locale: str, root: Path | None = None) -> Path:
    return (root or TRANSLATIONS_DIR) / locale / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=256)
def _catalog(domain: str, locale: str, root: Path | None) -> Catalog | None:
    path = po_path(domain, locale, root)
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=locale.split("_")[0], domain=domain)


def catalog(domain: str, locale: str, root: Path | None = None) -> Catalog | None:
    """The parsed catalog, or None when there is none for this locale."""
    with _lock:
        return _catalog(domain, locale, root)


@lru_cache(maxsize=256)
def _translations(domain: str, locale: str, root: Path | None) -> gettext.NullTranslations:
    cat = _catalog(domain, locale, root)
    if cat is None:
        return gettext.NullTranslations()
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=True)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translations(domain: str, locale: str, root: Path | None = None) -> gettext.NullTranslations:
    """A gettext translations object for ``domain`` in ``locale`` (English msgids as fallback)."""
    with _lock:
        return _translations(domain, locale, root)


def missing(domain: str, locale: str, msgids: list[str] | None = None, root: Path | None = None) -> list[str]:
    """The msgids with no translation in ``locale`` (all of the template's when ``msgids`` is None)."""
    if locale == "en":
        return []
    cat = catalog(domain, locale, root)
    if msgids is None:
        template = _template(domain, root)
        msgids = [str(m.id) for m in template if m.id] if template else []
    if cat is None:
        return list(msgids)
    out = []
    for mid in msgids:
        msg = cat.get(mid)
        if msg is None or not msg.string:
            out.append(mid)
    return out


def fuzzy(domain: str, locale: str, root: Path | None = None) -> list[str]:
    """The msgids whose translation is marked fuzzy (to be reviewed by a translator)."""
    cat = catalog(domain, locale, root)
    if cat is None:
        return []
    return [str(m.id) for m in cat if m.id and m.fuzzy]


def _template(domain: str, root: Path | None) -> Catalog | None:
    path = (root or TRANSLATIONS_DIR) / f"{domain}.pot"
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return read_po(fh, domain=domain)


def clear_cache() -> None:
    """Forget parsed catalogs (after a language switch in development, or in tests)."""
    with _lock:
        _catalog.cache_clear()
        _translations.cache_clear()
