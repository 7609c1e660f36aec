"""Hypothesis over sequences of key-slot operations on a real encrypted caseload.

add-user, remove-user, passwd, supervisor reset, keyring on/off, new recovery key and rekey, in any
order: afterwards every current way in opens the caseload (as the right user), every retired one
does not, and the rows written along the way are all there.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from caseworker.core.domain import Role
from caseworker.core.errors import KnownError
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker, change_passphrase
from caseworker.store.errors import KeyringUnavailable, WrongPassphrase, WrongRecoveryKey
from caseworker.store.keyslots import KdfParams
from tests.helpers.memkeyring import MemoryKeyring

FAST = KdfParams.insecure_fast()
NAMES = st.sampled_from(["bashir", "chen", "dilnoza"])
SECRETS = st.sampled_from(["first passphrase", "second passphrase", "third one 2026", "Genève été 2026"])


class CaseloadKeys(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.backend = MemoryKeyring()
        self.previous_backend = keyring.get_keyring()
        keyring.set_keyring(self.backend)
        self.dir = Path(tempfile.mkdtemp(prefix="caseload-keys-"))
        cl, self.recovery = Caseload.create(self.dir, "amina", "amina passphrase", kdf=FAST)
        cl.close()
        self.model: dict[str, str] = {"amina": "amina passphrase"}
        self.retired: list[tuple[str, str]] = []
        self.old_recovery: list[str] = []
        self.keyring_on = False
        self.notes = 0

    def teardown(self) -> None:
        keyring.set_keyring(self.previous_backend)
        shutil.rmtree(self.dir, ignore_errors=True)

    def open_as_admin(self) -> Caseload:
        return Caseload.open(self.dir, Unlocker.passphrase("amina", self.model["amina"]), kdf=FAST)

    @rule(name=NAMES, secret=SECRETS)
    def add_user(self, name: str, secret: str) -> None:
        with self.open_as_admin() as cl:
            if name in self.model:
                with pytest.raises(KnownError):
                    cl.add_user(name, secret)
                return
            cl.add_user(name, secret, Role.CASEWORKER)
        self.model[name] = secret

    @rule(name=NAMES)
    def remove_user(self, name: str) -> None:
        with self.open_as_admin() as cl:
            if name not in self.model:
                with pytest.raises(KnownError):
                    cl.remove_user_slot(name)
                return
            cl.remove_user_slot(name)
        self.retired.append((name, self.model.pop(name)))

    @rule(name=st.sampled_from(["amina", "bashir", "chen", "dilnoza"]), secret=SECRETS)
    def passwd(self, name: str, secret: str) -> None:
        if name not in self.model:
            with pytest.raises(WrongPassphrase):
                change_passphrase(self.dir, name, "whatever it was", secret)
            return
        change_passphrase(self.dir, name, self.model[name], secret, kdf=FAST)
        if secret != self.model[name]:
            self.retired.append((name, self.model[name]))
        self.model[name] = secret

    @precondition(lambda self: len(self.model) > 1)
    @rule(secret=SECRETS)
    def supervisor_reset(self, secret: str) -> None:
        name = sorted(n for n in self.model if n != "amina")[0]
        with self.open_as_admin() as cl:
            cl.set_passphrase(name, secret)
        if secret != self.model[name]:
            self.retired.append((name, self.model[name]))
        self.model[name] = secret

    @rule(on=st.booleans())
    def keyring_switch(self, on: bool) -> None:
        with self.open_as_admin() as cl:
            if on:
                cl.enable_keyring("amina")
            else:
                cl.disable_keyring()
        self.keyring_on = on

    @rule()
    def new_recovery(self) -> None:
        with self.open_as_admin() as cl:
            fresh = cl.new_recovery_key()
        self.old_recovery.append(self.recovery)
        self.recovery = fresh

    @rule()
    def rekey(self) -> None:
        with self.open_as_admin() as cl:
            fresh = cl.rekey()
        self.old_recovery.append(self.recovery)
        self.recovery = fresh

    @rule()
    def write_a_row(self) -> None:
        with self.open_as_admin() as cl, cl.session() as session:
            session.execute(sa.text("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)"))
            session.execute(sa.text("INSERT INTO scratch (n) VALUES (:n)"), {"n": self.notes})
        self.notes += 1

    @invariant()
    def ways_in(self) -> None:
        for name, secret in self.model.items():
            with Caseload.open(self.dir, Unlocker.passphrase(name, secret), check_integrity=False) as cl:
                assert cl.user.username == name
        for name, secret in self.retired[-2:]:
            if self.model.get(name) == secret:
                continue
            with pytest.raises((WrongPassphrase, KnownError)):
                Caseload.open(self.dir, Unlocker.passphrase(name, secret))
        with Caseload.open(self.dir, Unlocker.recovery(self.recovery)) as cl:
            assert cl.user.role == Role.SUPERVISOR
            if self.notes:
                with cl.session() as session:
                    got = session.execute(sa.text("SELECT n FROM scratch ORDER BY n")).scalars().all()
                assert got == list(range(self.notes))
        for old in self.old_recovery[-1:]:
            with pytest.raises(WrongRecoveryKey):
                Caseload.open(self.dir, Unlocker.recovery(old))
        if self.keyring_on:
            Caseload.open(self.dir, Unlocker.keyring(), check_integrity=False).close()
        else:
            with pytest.raises(KeyringUnavailable):
                Caseload.open(self.dir, Unlocker.keyring())
        ks = keyslots.load(self.dir)
        assert sorted(ks.usernames()) == sorted(self.model) and ks.pending is None


TestCaseloadKeySequences = CaseloadKeys.TestCase
TestCaseloadKeySequences.settings = settings(
    max_examples=5,
    stateful_step_count=7,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
