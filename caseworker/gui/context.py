"""The app context: built once in ``main()`` (or by a test) and handed to every constructor.

No module-level singletons (the opposite of Anki's ``mw`` or qutebrowser's ``objreg``): a test builds
its own context with a temporary settings folder, a fake clock and an in-memory keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseworker.gui.clock import Clock, SystemClock
from caseworker.gui.dbop import DbExecutor
from caseworker.gui.i18n import UiI18n
from caseworker.gui.settings import CASELOAD_DIR, LANGUAGE, Settings, data_dir

if TYPE_CHECKING:
    from caseworker.store.caseload import Caseload
    from caseworker.store.secrets import SecretStore


@dataclass
class AppContext:
    settings: Settings
    secrets: SecretStore
    i18n: UiI18n
    clock: Clock = field(default_factory=SystemClock)
    caseload_dir: Path = field(default_factory=lambda: data_dir() / "caseload")
    #: Open caseload and its worker; both None while locked.
    caseload: Caseload | None = None
    db: DbExecutor | None = None
    #: Extra arguments for Caseload.create/open (tests pass cheap KDF parameters).
    store_options: dict[str, Any] = field(default_factory=dict)

    @property
    def _(self) -> Callable[[str], str]:
        return self.i18n.gettext

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        secrets: SecretStore,
        clock: Clock | None = None,
        caseload_dir: Path | None = None,
    ) -> AppContext:
        i18n = UiI18n(settings.get(LANGUAGE))
        chosen = caseload_dir or (Path(settings.get(CASELOAD_DIR)) if settings.get(CASELOAD_DIR) else None)
        ctx = cls(settings=settings, secrets=secrets, i18n=i18n, clock=clock or SystemClock())
        if chosen is not None:
            ctx.caseload_dir = chosen
        return ctx
