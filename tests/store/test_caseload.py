"""Caseload lifecycle on real SQLCipher files: create, unlock every way, users, keyring, errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from keyring.backends import fail

from caseworker.core.domain import Role
from caseworker.core.errors import KnownError, ValidationError
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload, Unlocker, change_passphrase
from caseworker.store.errors import (
    CaseloadExists,
    CaseloadNotFound,
    DiskFull,
    InsecureKeyring,
    KeyringUnavailable,
    WrongPassphrase,
    WrongRecoveryKey,
)
from caseworker.store.secrets import KeyringSecretStore
from tests.helpers.memkeyring import MemoryKeyring
from tests.store.conftest import PASSPHRASE, USERNAME, CreatedCaseload


def snapshot(directory: Path) -> dict[str, tuple[int, str]]:
    """Every file's mtime and content hash (recursively)."""
    return {
        str(p.relative_to(directory)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_create_then_open_with_passphrase(created: CreatedCaseload) -> None:
    assert created.caseload.user.username == USERNAME
    assert created.caseload.user.role == Role.SUPERVISOR
    assert Caseload.exists(created.dir)
    assert created.dir.stat().st_mode & 0o077 == 0  # a new caseload folder is the owner's only
    created.caseload.close()
    with created.reopen() as again:
        assert again.user.username == USERNAME
        with again.session() as session:
            assert session.execute(sa.text("SELECT count(*) FROM users")).scalar() == 1


def test_create_refuses_an_existing_caseload(created: CreatedCaseload) -> None:
    before = snapshot(created.dir)
    with pytest.raises(CaseloadExists):
        Caseload.create(created.dir, "bashir", "another passphrase")
    assert snapshot(created.dir) == before


def test_interrupted_create_is_named(tmp_path: Path) -> None:
    (tmp_path / "caseload.db").write_bytes(b"\0" * 4096)  # left by a set-up killed before its key slots
    with pytest.raises(CaseloadExists, match="unfinished"):
        Caseload.create(tmp_path, "amina", PASSPHRASE)
    assert not Caseload.exists(tmp_path)


def test_create_in_an_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    caseload, _ = Caseload.create(tmp_path / "empty", "amina", PASSPHRASE)
    caseload.close()
    assert Caseload.exists(tmp_path / "empty")


def test_create_with_bad_input_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Caseload.create(tmp_path / "c", "amina", "short")
    with pytest.raises(ValidationError):
        Caseload.create(tmp_path / "c", "two words", PASSPHRASE)
    assert not (tmp_path / "c").exists() or list((tmp_path / "c").iterdir()) == []


def test_open_a_folder_without_caseload(tmp_path: Path) -> None:
    with pytest.raises(CaseloadNotFound):
        Caseload.open(tmp_path, Unlocker.passphrase("amina", PASSPHRASE))


def test_wrong_passphrase_touches_no_file(created: CreatedCaseload) -> None:
    created.caseload.close()
    before = snapshot(created.dir)
    with pytest.raises(WrongPassphrase) as info:
        Caseload.open(created.dir, Unlocker.passphrase(USERNAME, PASSPHRASE + "x"))
    assert info.value.message == "The passphrase is incorrect."
    with pytest.raises(WrongPassphrase):
        Caseload.open(created.dir, Unlocker.passphrase("nobody", PASSPHRASE))
    with pytest.raises(WrongRecoveryKey):
        Caseload.open(created.dir, Unlocker.recovery(keyslots.new_recovery_key()))
    assert snapshot(created.dir) == before


def test_recovery_key_opens_as_the_slot_user(created: CreatedCaseload) -> None:
    created.caseload.close()
    with Caseload.open(created.dir, Unlocker.recovery(created.recovery_key.lower())) as again:
        assert again.user.username == USERNAME


def test_add_user_and_their_passphrase(created: CreatedCaseload) -> None:
    cl = created.caseload
    user = cl.add_user("bashir", "bashir passphrase", Role.CASEWORKER, display_name="Bashir Test")
    assert (user.username, user.role) == ("bashir", Role.CASEWORKER)
    with pytest.raises(ValidationError):
        cl.add_user("Bashir", "other passphrase")
    cl.close()
    with Caseload.open(created.dir, Unlocker.passphrase("bashir", "bashir passphrase")) as again:
        assert again.user.username == "bashir"
        assert again.user.role == Role.CASEWORKER


def test_user_row_without_slot_gets_one(created: CreatedCaseload) -> None:
    """An add-user interrupted between the row and the slot can simply be run again."""
    from caseworker.store.repos import users

    cl = created.caseload
    with cl.session() as session:
        users.create_user(
            session, username="chen", role=Role.VOLUNTEER, display_name="C", actor_id=cl.user.id
        )
    cl.add_user("chen", "chen passphrase", Role.VOLUNTEER)
    cl.close()
    with Caseload.open(created.dir, Unlocker.passphrase("chen", "chen passphrase")) as again:
        assert again.user.role == Role.VOLUNTEER


def test_passwd_never_touches_the_database(created: CreatedCaseload) -> None:
    created.caseload.close()
    db_before = {k: v for k, v in snapshot(created.dir).items() if k.startswith("caseload.db")}
    change_passphrase(created.dir, USERNAME, PASSPHRASE, "a new passphrase 2026")
    db_after = {k: v for k, v in snapshot(created.dir).items() if k.startswith("caseload.db")}
    assert db_after == db_before
    with pytest.raises(WrongPassphrase):
        Caseload.open(created.dir, Unlocker.passphrase(USERNAME, PASSPHRASE))
    with Caseload.open(created.dir, Unlocker.passphrase(USERNAME, "a new passphrase 2026")) as again:
        assert again.user.username == USERNAME
    with pytest.raises(WrongPassphrase):
        change_passphrase(created.dir, USERNAME, PASSPHRASE, "whatever passphrase")


def test_supervisor_resets_a_forgotten_passphrase(created: CreatedCaseload) -> None:
    cl = created.caseload
    cl.add_user("bashir", "bashir passphrase")
    cl.set_passphrase("bashir", "reset by supervisor")
    cl.close()
    with Caseload.open(created.dir, Unlocker.passphrase("bashir", "reset by supervisor")) as again:
        with pytest.raises(KnownError, match="supervisor"):
            again.set_passphrase(USERNAME, "hijack attempt 123")


def test_remove_user_slot_and_last_slot_refused(created: CreatedCaseload) -> None:
    cl = created.caseload
    with pytest.raises(KnownError, match="last passphrase"):
        cl.remove_user_slot(USERNAME)
    cl.add_user("bashir", "bashir passphrase")
    cl.remove_user_slot("bashir")
    with cl.session() as session:
        active = session.execute(sa.text("SELECT active FROM users WHERE username = 'bashir'")).scalar()
        assert not active  # the row stays (history names them) but is inactive
    cl.close()
    with pytest.raises(WrongPassphrase):
        Caseload.open(created.dir, Unlocker.passphrase("bashir", "bashir passphrase"))
    with created.reopen() as again:  # bashir comes back with a new passphrase
        again.add_user("bashir", "bashir returns 2027", Role.VOLUNTEER)
    with Caseload.open(created.dir, Unlocker.passphrase("bashir", "bashir returns 2027")) as back:
        assert back.user.role == Role.VOLUNTEER


def test_keyring_unlock_and_lost_keyring(created: CreatedCaseload, memory_keyring: MemoryKeyring) -> None:
    cl = created.caseload
    where = cl.enable_keyring()
    assert where  # a description to show the user
    assert len(memory_keyring.store) == 1
    (secret,) = memory_keyring.store.values()
    assert secret not in (created.dir / "keyslots.json").read_text()
    cl.close()
    with Caseload.open(created.dir, Unlocker.keyring()) as again:
        assert again.user.username == USERNAME

    # The device's keyring is wiped: keyring unlock says so; passphrase and recovery still work.
    memory_keyring.store.clear()
    with pytest.raises(KeyringUnavailable) as info:
        Caseload.open(created.dir, Unlocker.keyring())
    assert "passphrase" in info.value.hint
    # The backend changes to one that does not work at all (headless machine).
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable):
        Caseload.open(created.dir, Unlocker.keyring())
    Caseload.open(created.dir, created.unlocker()).close()
    Caseload.open(created.dir, Unlocker.recovery(created.recovery_key)).close()


def test_disable_keyring_forgets_the_secret(created: CreatedCaseload, memory_keyring: MemoryKeyring) -> None:
    cl = created.caseload
    cl.enable_keyring()
    cl.disable_keyring()
    assert memory_keyring.store == {}
    assert cl.slots().keyring_slot() is None
    with pytest.raises(KeyringUnavailable):
        Caseload.open(created.dir, Unlocker.keyring())


def test_enable_keyring_refused_on_insecure_backend(created: CreatedCaseload, tmp_path: Path) -> None:
    from keyrings.alt.file import PlaintextKeyring

    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "plain.cfg")  # type: ignore[misc]
    keyring.set_keyring(plain)
    cl = created.caseload
    cl.secrets = KeyringSecretStore()
    before = (created.dir / "keyslots.json").read_bytes()
    with pytest.raises(InsecureKeyring):
        cl.enable_keyring()
    assert (created.dir / "keyslots.json").read_bytes() == before
    assert not (tmp_path / "plain.cfg").exists()


def test_new_recovery_key_replaces_the_old(created: CreatedCaseload) -> None:
    cl = created.caseload
    fresh = cl.new_recovery_key()
    cl.close()
    with pytest.raises(WrongRecoveryKey):
        Caseload.open(created.dir, Unlocker.recovery(created.recovery_key))
    Caseload.open(created.dir, Unlocker.recovery(fresh)).close()


def test_session_disk_full_rolls_back_and_keeps_data(caseload: Caseload) -> None:
    with caseload.session() as session:
        session.execute(sa.text("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT)"))
        session.execute(sa.text("INSERT INTO scratch (body) VALUES ('kept')"))
    with caseload.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    # max_page_count is per connection: limit every pooled connection the session may use.
    caseload.engine.dispose()
    sa.event.listen(
        caseload.engine, "connect", lambda c, r: c.execute(f"PRAGMA max_page_count = {pages + 2}")
    )
    with pytest.raises(DiskFull) as info:
        with caseload.session() as session:
            session.execute(sa.text("INSERT INTO scratch (body) VALUES ('lost')"))
            session.execute(sa.text("INSERT INTO scratch (body) VALUES (:b)"), {"b": "x" * 500_000})
    assert "intact" in info.value.hint
    with caseload.session() as session:
        assert session.execute(sa.text("SELECT body FROM scratch")).scalars().all() == ["kept"]


def test_unlocker_repr_hides_the_secret() -> None:
    assert PASSPHRASE not in repr(Unlocker.passphrase("amina", PASSPHRASE))


def test_keyslot_file_names_no_secret(created: CreatedCaseload) -> None:
    text = (created.dir / "keyslots.json").read_text()
    data = json.loads(text)
    assert PASSPHRASE not in text
    assert created.recovery_key.replace("-", "") not in text.replace("-", "")
    assert {s["type"] for s in data["slots"]} == {"passphrase", "recovery"}


def test_switched_off_user_cannot_unlock_as_anyone(created: CreatedCaseload) -> None:
    from caseworker.store.repos import users

    cl = created.caseload
    bashir = cl.add_user("bashir", "bashir passphrase")
    with cl.session() as session:
        users.update_user(session, cl.user.id, bashir.id, active=False)  # switched off in the app
    cl.close()
    with pytest.raises(KnownError, match="switched off"):
        Caseload.open(created.dir, Unlocker.passphrase("bashir", "bashir passphrase"))
