"""The "recovery key never shown" mark in keyslots.json: set with every new recovery slot, cleared
once shown, bound to the caseload, the recovery slot and the data key."""

from __future__ import annotations

import json

import pytest

from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker, verify_directory
from caseworker.store.errors import WrongRecoveryKey
from tests.store.conftest import CreatedCaseload


def test_create_marks_the_recovery_key_unconfirmed_until_shown(created: CreatedCaseload) -> None:
    cl = created.caseload
    assert cl.recovery_key_unconfirmed()
    assert verify_directory(created.dir, created.unlocker()).recovery_key_unconfirmed
    cl.confirm_recovery_key_shown()
    assert not cl.recovery_key_unconfirmed()
    assert "recovery_unconfirmed" not in json.loads(keyslots.path_in(created.dir).read_text())
    with created.reopen() as again:
        assert not again.recovery_key_unconfirmed()
    assert not verify_directory(created.dir, created.unlocker()).recovery_key_unconfirmed


def test_rekey_and_new_recovery_key_set_the_mark(created: CreatedCaseload) -> None:
    cl = created.caseload
    cl.confirm_recovery_key_shown()
    new = cl.rekey()
    assert cl.recovery_key_unconfirmed()  # committed, not shown yet
    cl.confirm_recovery_key_shown()
    other = cl.new_recovery_key()
    assert cl.recovery_key_unconfirmed()
    cl.confirm_recovery_key_shown()
    assert not cl.recovery_key_unconfirmed()
    with pytest.raises(WrongRecoveryKey):
        Caseload.open(created.dir, Unlocker.recovery(new))
    Caseload.open(created.dir, Unlocker.recovery(other)).close()


def test_pending_rekey_carries_the_mark_only_until_it_commits_or_is_abandoned(
    created: CreatedCaseload,
) -> None:
    cl = created.caseload
    cl.confirm_recovery_key_shown()
    ks = cl.slots()
    new_key = b"\x01" * 32
    pending, _ = ks.begin_rekey(new_key, "amina")
    assert not pending.recovery_key_unconfirmed(cl.data_key)  # the old recovery key still works
    assert pending.commit_pending().recovery_key_unconfirmed(new_key)
    assert not pending.abandon_pending().recovery_key_unconfirmed(cl.data_key)
    # Round trip through JSON keeps the mark in the pending part.
    again = keyslots.KeySlots.from_json(json.loads(json.dumps(pending.to_json())))
    assert again.commit_pending().recovery_key_unconfirmed(new_key)


def test_a_mark_that_does_not_verify_is_ignored(created: CreatedCaseload) -> None:
    """Edited in, copied from another caseload, or made under another key: not this key's mark."""
    cl = created.caseload
    ks = cl.slots()
    assert ks.recovery_key_unconfirmed(cl.data_key)
    assert not ks.recovery_key_unconfirmed(b"\x02" * 32)
    assert ks.recovery_unconfirmed is not None
    forged = {"slot": ks.recovery_unconfirmed["slot"], "mac": keyslots._b64(b"\x00" * 32)}
    raw = ks.to_json() | {"recovery_unconfirmed": forged}
    assert not keyslots.KeySlots.from_json(raw).recovery_key_unconfirmed(cl.data_key)
    other_slot = ks.to_json() | {"recovery_unconfirmed": {**ks.recovery_unconfirmed, "slot": "feedface"}}
    assert not keyslots.KeySlots.from_json(other_slot).recovery_key_unconfirmed(cl.data_key)


def test_a_malformed_mark_is_a_damaged_file(created: CreatedCaseload) -> None:
    path = keyslots.path_in(created.dir)
    raw = json.loads(path.read_text())
    raw["recovery_unconfirmed"] = "yes"
    path.write_text(json.dumps(raw))
    from caseworker.store.errors import CaseloadDamaged

    with pytest.raises(CaseloadDamaged):
        keyslots.load(created.dir)
