"""Fixtures for the store: cheap key derivation and a fresh encrypted caseload per test.

Production passphrase slots cost ~0.4 s of Argon2id each (benchmarks/unlock_bench.py). Here every test
under tests/store gets ``KdfParams.insecure_fast()`` instead; the parameters are stored in each slot, so
nothing else changes. Other test folders can pass ``kdf=KdfParams.insecure_fast()`` to
``Caseload.create`` / ``Caseload.open`` / ``add_user``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.keyslots import KdfParams

USERNAME = "amina"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> KdfParams:
    fast = KdfParams.insecure_fast()
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", fast)
    return fast


@dataclass
class CreatedCaseload:
    caseload: Caseload
    recovery_key: str
    dir: Path
    username: str = USERNAME
    passphrase: str = PASSPHRASE

    def unlocker(self) -> Unlocker:
        return Unlocker.passphrase(self.username, self.passphrase)

    def reopen(self, **options: object) -> Caseload:
        return Caseload.open(self.dir, self.unlocker(), **options)  # type: ignore[arg-type]


@pytest.fixture
def created(tmp_path: Path) -> Iterator[CreatedCaseload]:
    """A new caseload in ``tmp_path/caseload`` with supervisor ``amina``; closed afterwards."""
    directory = tmp_path / "caseload"
    caseload, recovery_key = Caseload.create(directory, USERNAME, PASSPHRASE, display_name="Amina Test")
    made = CreatedCaseload(caseload, recovery_key, directory)
    yield made
    made.caseload.close()


@pytest.fixture
def caseload(created: CreatedCaseload) -> Caseload:
    """A fresh, open, migrated encrypted caseload (user ``amina``, supervisor)."""
    return created.caseload
