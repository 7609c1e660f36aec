"""GUI test fixtures: an app context with a private settings folder, a fake clock, the in-memory keyring
(tests/conftest.py) and a real encrypted caseload made with cheap key-derivation parameters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui

PASSPHRASE = "correct horse battery"  # synthetic test secret
USERNAME = "amina"


@pytest.fixture(autouse=True)
def _qt_clean_teardown(qapp: Any) -> Iterator[None]:
    """After each GUI test (pytest-qt has closed and deleteLater()'d the qtbot widgets, make_ctx has
    stopped the DB workers): close any other top-level window, then delete now what is pending deletion,
    so no window of this test is destroyed halfway through the next one (see docs/desktop.md, "Known
    platform issues"). pytest's faulthandler stays on: a crash prints every thread's traceback."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()


@pytest.fixture
def fast_kdf() -> Any:
    from caseworker.store.keyslots import KdfParams

    return KdfParams.insecure_fast()


@pytest.fixture
def make_ctx(tmp_path: Path, fast_kdf: Any, qapp: Any) -> Iterator[Any]:
    from caseworker.gui.clock import FakeClock
    from caseworker.gui.context import AppContext
    from caseworker.gui.i18n import UiI18n
    from caseworker.gui.settings import Settings
    from caseworker.store.secrets import KeyringSecretStore

    made: list[Any] = []

    def make(lang: str = "en", caseload_dir: Path | None = None) -> Any:
        settings = Settings(tmp_path / f"config-{len(made)}")
        ctx = AppContext(
            settings=settings,
            secrets=KeyringSecretStore(),
            i18n=UiI18n(lang),
            clock=FakeClock(),
            caseload_dir=caseload_dir or tmp_path / "caseload",
            store_options={"kdf": fast_kdf},
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        if ctx.db is not None:
            ctx.db.close(final=lambda cl: cl.close(), wait=True)
        elif ctx.caseload is not None:
            ctx.caseload.close()


@pytest.fixture
def caseload_dir(tmp_path: Path, fast_kdf: Any) -> Path:
    """A real encrypted caseload on disk (closed), first user amina/supervisor."""
    from caseworker.store.caseload import Caseload

    folder = tmp_path / "caseload"
    cl, _key = Caseload.create(folder, USERNAME, PASSPHRASE, display_name="Amina Haddad", kdf=fast_kdf)
    cl.close()
    return folder
