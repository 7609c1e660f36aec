"""Settings declared once, typed (after Picard's options.py and KeePassXC's Config.cpp).

Each :class:`Setting` names its key, type, default, a translatable label and a scope: a *preference*
(what the user chose, in ``caseworker.ini``) or *window state* (geometry, splitters, the last view,
in ``caseworker-state.ini``, which can be deleted without losing any choice). Secrets never go here:
passphrases and keys live in the caseload's key slots or the OS keyring (:mod:`caseworker.store.secrets`).

``SCHEMA_VERSION`` and :func:`_upgrade` migrate stored values when a key or type changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

T = TypeVar("T")


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


class Scope(Enum):
    PREFERENCE = "preference"
    WINDOW_STATE = "window_state"


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T
    label: str
    scope: Scope = Scope.PREFERENCE
    validate: Callable[[Any], bool] | None = None


def _minutes_ok(value: Any) -> bool:
    return isinstance(value, int) and 1 <= value <= 240


def _language_ok(value: Any) -> bool:
    return value in ("en", "fr")


LANGUAGE: Setting[str] = Setting(
    "ui/language", str, "en", N_("Language of the application"), validate=_language_ok
)
IDLE_MINUTES: Setting[int] = Setting(
    "security/idle_lock_minutes", int, 5, N_("Lock after this many idle minutes"), validate=_minutes_ok
)
SERVER_URL: Setting[str] = Setting("intake/server_url", str, "", N_("Intake server address"))
AGENCY_NAME: Setting[str] = Setting("agency/name", str, "", N_("Agency name (printed on plans)"))
AGENCY_LOGO: Setting[str] = Setting("agency/logo_path", str, "", N_("Agency logo (printed on plans)"))
CASELOAD_DIR: Setting[str] = Setting("caseload/directory", str, "", N_("Caseload folder"))
LAST_USERNAME: Setting[str] = Setting("caseload/last_username", str, "", N_("Last user name"))

PREFERENCES: tuple[Setting[Any], ...] = (
    LANGUAGE,
    IDLE_MINUTES,
    SERVER_URL,
    AGENCY_NAME,
    AGENCY_LOGO,
    CASELOAD_DIR,
    LAST_USERNAME,
)

GEOMETRY: Setting[bytes] = Setting("main/geometry", bytes, b"", "", Scope.WINDOW_STATE)
WINDOW_STATE: Setting[bytes] = Setting("main/state", bytes, b"", "", Scope.WINDOW_STATE)
LAST_VIEW: Setting[str] = Setting("main/last_view", str, "caseload", "", Scope.WINDOW_STATE)

SCHEMA_VERSION = 1


def config_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base or Path.home() / ".config") / "caseworker"


def data_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "caseworker"


class Settings:
    """Typed access to the two settings files; unknown or invalid stored values fall back to the default."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        fmt = QSettings.Format.IniFormat
        self._prefs = QSettings(str(self.directory / "caseworker.ini"), fmt)
        self._state = QSettings(str(self.directory / "caseworker-state.ini"), fmt)
        self._upgrade()

    def _store(self, setting: Setting[Any]) -> QSettings:
        return self._prefs if setting.scope is Scope.PREFERENCE else self._state

    def get(self, setting: Setting[T]) -> T:
        raw = self._store(setting).value(setting.key)
        if raw is None:
            return setting.default
        try:
            value: Any
            if setting.type is bool:
                value = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
            elif setting.type is bytes:
                value = bytes(raw.data()) if isinstance(raw, QByteArray) else bytes(raw)
            else:
                value = setting.type(raw)
        except (TypeError, ValueError):
            return setting.default
        if setting.validate is not None and not setting.validate(value):
            return setting.default
        return value  # type: ignore[no-any-return]

    def set(self, setting: Setting[T], value: T) -> None:
        if not isinstance(value, setting.type):
            raise TypeError(f"{setting.key} takes {setting.type.__name__}")
        if setting.validate is not None and not setting.validate(value):
            raise ValueError(f"invalid value for {setting.key}")
        stored: Any = QByteArray(value) if isinstance(value, bytes) else value
        self._store(setting).setValue(setting.key, stored)

    def sync(self) -> None:
        self._prefs.sync()
        self._state.sync()

    def _upgrade(self) -> None:
        version = int(str(self._prefs.value("meta/version", 0) or 0))
        # Version 0 -> 1: nothing stored yet under other names; future renames go here in order.
        if version < SCHEMA_VERSION:
            self._prefs.setValue("meta/version", SCHEMA_VERSION)
