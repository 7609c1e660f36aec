"""The keyring slot's secret store: real encrypting backends accepted, the others refused."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from caseworker.store.errors import InsecureKeyring, KeyringUnavailable
from caseworker.store.secrets import KeyringSecretStore, SecretStore, backend_is_secure
from tests.helpers.memkeyring import MemoryKeyring


def _plaintext(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "plain.cfg")  # type: ignore[misc]
    return backend


def _insecure_backends(tmp_path: Path) -> dict[str, KeyringBackend]:
    return {
        "fail": fail.Keyring(),
        "null": null.Keyring(),
        "plaintext": _plaintext(tmp_path),
    }


@pytest.mark.parametrize("name", ["fail", "null", "plaintext"])
def test_unencrypted_backends_are_refused(tmp_path: Path, name: str) -> None:
    backend = _insecure_backends(tmp_path)[name]
    store = KeyringSecretStore(backend=backend)
    assert isinstance(store, SecretStore)
    assert store.is_secure() is False
    with pytest.raises(InsecureKeyring) as info:
        store.set("caseload-x", "c2VjcmV0")
    assert "does not encrypt" in info.value.message
    with pytest.raises(KeyringUnavailable):
        store.get("caseload-x")
    # Nothing reached the plaintext file.
    assert not (tmp_path / "plain.cfg").exists() or "c2VjcmV0" not in (tmp_path / "plain.cfg").read_text()


def test_plaintext_refused_when_it_is_the_active_keyring(tmp_path: Path) -> None:
    keyring.set_keyring(_plaintext(tmp_path))
    store = KeyringSecretStore()
    assert not store.is_secure()
    with pytest.raises(InsecureKeyring):
        store.set("caseload-x", "value")
    assert "unencrypted" in store.where()


def test_memory_backend_is_accepted(memory_keyring: MemoryKeyring) -> None:
    store = KeyringSecretStore()
    assert store.is_secure()
    store.set("caseload-x", "value")
    assert store.get("caseload-x") == "value"
    assert memory_keyring.store[("caseworker", "caseload-x")] == "value"
    store.delete("caseload-x")
    assert store.get("caseload-x") is None
    store.delete("caseload-x")  # deleting what is not there is not an error


class _Chainer(chainer.ChainerBackend):
    def __init__(self, inner: list[KeyringBackend]) -> None:
        super().__init__()
        self._inner = inner

    @property  # type: ignore[override]
    def backends(self) -> list[KeyringBackend]:
        return self._inner


def test_chainer_is_secure_only_if_every_backend_is(tmp_path: Path) -> None:
    assert backend_is_secure(_Chainer([MemoryKeyring()]))
    assert not backend_is_secure(_Chainer([]))
    assert not backend_is_secure(_Chainer([fail.Keyring(), null.Keyring()]))
    # The chainer writes to the first backend that accepts: one plaintext backend is enough to refuse.
    assert not backend_is_secure(_Chainer([_plaintext(tmp_path), MemoryKeyring()]))
    assert not backend_is_secure(_Chainer([MemoryKeyring(), _plaintext(tmp_path)]))


class _Broken(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("refused")


def test_backend_errors_become_keyring_unavailable() -> None:
    store = KeyringSecretStore(backend=_Broken())
    with pytest.raises(KeyringUnavailable) as info:
        store.get("caseload-x")
    assert "passphrase" in info.value.hint
    with pytest.raises(KeyringUnavailable):
        store.set("caseload-x", "v")


def test_where_describes_known_backends() -> None:
    from keyring.backends import SecretService

    assert "Secret Service" in KeyringSecretStore(backend=SecretService.Keyring()).where()
    assert "no keyring" in KeyringSecretStore(backend=fail.Keyring()).where()
