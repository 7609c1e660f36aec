"""Secrets behind one interface (Vorta's keyring/abc.py), with no plaintext fallback, ever.

A :class:`SecretStore` keeps small secrets (the random key that opens a caseload's keyring slot) in the
operating system's credential store. A backend that does not encrypt (keyring's ``fail`` and ``null``
backends, anything from ``keyrings.alt``, or a chainer holding only those) is refused: ``is_secure()``
is False and ``set`` raises :class:`InsecureKeyring`. Losing the keyring never locks anyone out: the
caseload's passphrase and recovery slots do not depend on it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from caseworker.store.errors import InsecureKeyring, KeyringUnavailable

#: Module prefixes of backends that store secrets unencrypted, or not at all.
_INSECURE_MODULE_PREFIXES = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt",  # plaintext files, "encrypted" files keyed by a prompt, Google docs, legacy Gnome...
)

_DESCRIPTIONS = {
    "keyring.backends.SecretService": "the system keyring (Secret Service: GNOME Keyring or KWallet)",
    "keyring.backends.libsecret": "the system keyring (libsecret: GNOME Keyring or KWallet)",
    "keyring.backends.kwallet": "KDE Wallet (KWallet)",
    "keyring.backends.macOS": "the macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}


@runtime_checkable
class SecretStore(Protocol):
    """Where Caseworker may keep a secret on this device."""

    def get(self, name: str) -> str | None:
        """The secret, None when there is none; raises KeyringUnavailable when the store cannot answer."""

    def set(self, name: str, value: str) -> None:
        """Store a secret; raises InsecureKeyring on a store that does not encrypt."""

    def delete(self, name: str) -> None:
        """Forget a secret (no error when it was not there)."""

    def is_secure(self) -> bool:
        """True only for a real, encrypting OS store."""

    def where(self) -> str:
        """A human description of where secrets live, to tell the user."""


def _module_of(backend: KeyringBackend) -> str:
    return type(backend).__module__


def backend_is_secure(backend: KeyringBackend) -> bool:
    """True when ``backend`` encrypts what it stores (recursing into a chainer's backends)."""
    module = _module_of(backend)
    if isinstance(backend, ChainerBackend):
        inner = list(getattr(backend, "backends", []))
        # The chainer writes to the first backend that accepts: all of them must be acceptable.
        return bool(inner) and all(backend_is_secure(b) for b in inner)
    if any(module == p or module.startswith(p + ".") for p in _INSECURE_MODULE_PREFIXES):
        return False
    if module.startswith("keyrings.alt"):
        return False
    try:
        priority = float(backend.priority)
    except Exception:  # noqa: BLE001 - a backend that cannot say its priority is not viable
        return False
    return priority > 0


def describe_backend(backend: KeyringBackend) -> str:
    module = _module_of(backend)
    if isinstance(backend, ChainerBackend):
        inner = list(getattr(backend, "backends", []))
        return ", then ".join(describe_backend(b) for b in inner) or "no keyring"
    for prefix, text in _DESCRIPTIONS.items():
        if module == prefix or module.startswith(prefix + "."):
            return text
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return "no keyring (none is available on this device)"
    if module.startswith("keyrings.alt"):
        return f"an unencrypted keyring ({type(backend).__name__}), which Caseworker does not use"
    name = getattr(backend, "name", "") or type(backend).__name__
    return f"the keyring {name}"


class KeyringSecretStore:
    """:class:`SecretStore` over the ``keyring`` library.

    ``backend`` defaults to whatever ``keyring`` chose when a call is made (looked up each time, so a
    backend changed in the OS or by a test is honoured).
    """

    def __init__(self, service: str = "caseworker", backend: KeyringBackend | None = None) -> None:
        self.service = service
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def is_secure(self) -> bool:
        return backend_is_secure(self.backend)

    def where(self) -> str:
        return describe_backend(self.backend)

    def _require_secure(self) -> KeyringBackend:
        backend = self.backend
        if not backend_is_secure(backend):
            raise InsecureKeyring()
        return backend

    def get(self, name: str) -> str | None:
        try:
            backend = self._require_secure()
        except InsecureKeyring as exc:
            raise KeyringUnavailable() from exc
        try:
            value = backend.get_password(self.service, name)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable() from exc
        return value if isinstance(value, str) else None

    def set(self, name: str, value: str) -> None:
        backend = self._require_secure()
        try:
            backend.set_password(self.service, name, value)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(
                "The keyring on this device refused to store the key.",
                hint="Keep using your passphrase; agency IT can check the system keyring.",
            ) from exc

    def delete(self, name: str) -> None:
        try:
            self.backend.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError:
            return
