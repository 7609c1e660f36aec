"""An encrypted caseload on disk: create, unlock, use, change keys, rekey, back up, restore, verify.

Layout of a caseload folder::

    caseload.db       SQLCipher database (and caseload.db-wal / -shm while open), random 256-bit key
    keyslots.json     the data key wrapped per user passphrase / recovery key / keyring (keyslots.py)
    keyslots.lock     empty; locked while key slots change or a rekey runs
    backups/          default target of ``caseworker-admin backup``

Unlocking never writes anything before the key is proven (a wrong passphrase touches no file).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlcipher3
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from caseworker.core.domain import Role
from caseworker.core.errors import KnownError, ValidationError
from caseworker.store import keyslots as ks_mod
from caseworker.store.engine import (
    DB_NAME,
    KeyRejected,
    connect_raw,
    key_pragma_value,
    open_engine,
    translate,
)
from caseworker.store.errors import (
    CaseloadDamaged,
    CaseloadExists,
    CaseloadLocked,
    CaseloadNotFound,
    InsecureKeyring,
)
from caseworker.store.keyslots import KdfParams, KeySlots, Unwrapped
from caseworker.store.secrets import KeyringSecretStore, SecretStore

UnlockKind = Literal["passphrase", "recovery", "keyring"]

#: Caseloads up to this size get a full HMAC check of every page at each unlock (~0.5 s at 100 MB).
INTEGRITY_AT_OPEN_MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Unlocker:
    """One way to open a caseload. Build it with the class methods; the secret never shows in repr."""

    kind: UnlockKind
    username: str | None = None
    secret: str | None = field(default=None, repr=False)

    @classmethod
    def passphrase(cls, username: str, secret: str) -> Unlocker:
        return cls("passphrase", username, secret)

    @classmethod
    def recovery(cls, key: str) -> Unlocker:
        return cls("recovery", None, key)

    @classmethod
    def keyring(cls) -> Unlocker:
        return cls("keyring")


@dataclass(frozen=True)
class CaseloadUser:
    """Snapshot of the unlocking user's row (safe to pass between threads)."""

    id: int
    username: str
    role: Role
    display_name: str = ""


@dataclass
class VerifyReport:
    """What ``verify`` found. ``ok`` only when every check held; ``problems`` name what failed."""

    checks: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: Not a damage: the current recovery key was never shown (see Caseload.recovery_key_unconfirmed).
    recovery_key_unconfirmed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, check: str, problem: str | None) -> None:
        self.checks[check] = "ok" if problem is None else "FAILED"
        if problem is not None:
            self.problems.append(f"{check}: {problem}")


def _load_slots(directory: Path) -> KeySlots:
    try:
        return ks_mod.load(directory)
    except FileNotFoundError as exc:
        raise CaseloadNotFound() from exc


def _unwrap(directory: Path, ks: KeySlots, unlocker: Unlocker, secrets: SecretStore) -> Unwrapped:
    if unlocker.kind == "passphrase":
        return ks_mod.unwrap_passphrase(ks, unlocker.username or "", unlocker.secret or "")
    if unlocker.kind == "recovery":
        return ks_mod.unwrap_recovery(ks, unlocker.secret or "")
    if unlocker.kind == "keyring":
        return ks_mod.unwrap_keyring(ks, secrets)
    raise ValueError(f"unknown unlocker {unlocker.kind!r}")


def _user_snapshot(row: Any) -> CaseloadUser:
    return CaseloadUser(
        id=int(row.id),
        username=str(row.username),
        role=Role(row.role),
        display_name=str(getattr(row, "display_name", "") or ""),
    )


def _db_files(directory: Path) -> list[Path]:
    return [directory / n for n in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal")]


class Caseload:
    """An open caseload. Build with :meth:`create` or :meth:`open`; :meth:`close` when done."""

    def __init__(
        self,
        directory: Path,
        engine: Engine,
        data_key: bytes,
        user: CaseloadUser | None,
        *,
        secrets: SecretStore,
        kdf: KdfParams | None = None,
    ) -> None:
        self.dir = directory
        self.engine: Engine = engine
        self._key: bytes | None = data_key
        self.user: CaseloadUser = user if user is not None else CaseloadUser(0, "", Role.SUPERVISOR)
        self.secrets = secrets
        self._kdf = kdf
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    # ---------------------------------------------------------------- lifecycle

    @staticmethod
    def db_path(directory: Path) -> Path:
        return Path(directory) / DB_NAME

    @staticmethod
    def exists(directory: Path) -> bool:
        directory = Path(directory)
        return (directory / DB_NAME).is_file() and ks_mod.path_in(directory).is_file()

    @classmethod
    def create(
        cls,
        directory: Path,
        username: str,
        passphrase: str,
        *,
        display_name: str | None = None,
        role: Role = Role.SUPERVISOR,
        secrets: SecretStore | None = None,
        kdf: KdfParams | None = None,
    ) -> tuple[Caseload, str]:
        """A new caseload with its first user; returns it open and the recovery key (show it once)."""
        directory = Path(directory)
        if (directory / DB_NAME).exists() and not ks_mod.path_in(directory).exists():
            raise CaseloadExists(
                "An unfinished caseload is in this folder: its set-up was interrupted, it cannot be opened.",
                hint="Move caseload.db out of the folder (or choose another folder) and create it again.",
            )
        if (directory / DB_NAME).exists() or ks_mod.path_in(directory).exists():
            raise CaseloadExists()
        name = ks_mod.normalize_username(username)
        ks_mod.check_new_passphrase(passphrase)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder: owner only
        data_key = os.urandom(ks_mod.DATA_KEY_BYTES)
        slots, recovery_key = KeySlots.new(data_key, name, passphrase, kdf=kdf)
        db = directory / DB_NAME
        try:
            engine = open_engine(db, data_key, create=True)
        except BaseException:
            _remove_db_files(directory)
            raise
        try:
            _migrate(engine)
            from caseworker.store.repos import users as users_repo

            with _session_scope(sessionmaker(bind=engine, expire_on_commit=False)) as session:
                row = users_repo.create_user(
                    session, username=name, role=role, display_name=display_name or name, actor_id=None
                )
                session.flush()
                user = _user_snapshot(row)
            # The slots are written last: until then there is no caseload here (exists() is False).
            with ks_mod.locked(directory):
                ks_mod.save(directory, slots)
        except BaseException:
            engine.dispose()
            _remove_db_files(directory)
            raise
        return cls(directory, engine, data_key, user, secrets=_secrets(secrets), kdf=kdf), recovery_key

    @classmethod
    def open(
        cls,
        directory: Path,
        unlocker: Unlocker,
        *,
        secrets: SecretStore | None = None,
        kdf: KdfParams | None = None,
        check_integrity: bool | None = None,
        migrate: bool = True,
    ) -> Caseload:
        """Unwrap the key, open and verify the database, finish or drop an interrupted rekey, run
        migrations.

        ``check_integrity`` reads every page once (PRAGMA cipher_integrity_check, ~200 MB/s here) so a
        damaged file is refused now rather than half-way through someone's work. ``None`` (default)
        does it for files up to INTEGRITY_AT_OPEN_MAX_BYTES; beyond that a damaged page is still
        refused when it is read (CaseloadDamaged from :meth:`session`) and ``verify`` checks it all."""
        directory = Path(directory)
        if not (directory / DB_NAME).is_file():
            raise CaseloadNotFound()
        store = _secrets(secrets)
        ks = _load_slots(directory)
        got = _unwrap(directory, ks, unlocker, store)  # no file is touched before this succeeds
        engine, data_key = _open_resolving_rekey(directory, ks, got)
        try:
            if check_integrity is None:
                check_integrity = (directory / DB_NAME).stat().st_size <= INTEGRITY_AT_OPEN_MAX_BYTES
            if check_integrity:
                problem = _cipher_integrity(engine)
                if problem is not None:
                    raise CaseloadDamaged()
            if migrate:
                _migrate(engine)
            caseload = cls(directory, engine, data_key, None, secrets=store, kdf=kdf)
            caseload.user = caseload._find_user(got.slot.username, fallback=unlocker.kind != "passphrase")
        except BaseException as exc:
            engine.dispose()
            known = translate(exc) if not isinstance(exc, KnownError) else exc
            if known is not None and known is not exc:
                raise known from exc
            raise
        return caseload

    def close(self) -> None:
        """Dispose of every connection; the key reference is dropped (Python cannot wipe bytes)."""
        self.engine.dispose()
        self._key = None

    def __enter__(self) -> Caseload:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def data_key(self) -> bytes:
        if self._key is None:
            raise KnownError("The caseload is closed.", hint="Unlock it again.")
        return self._key

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error; SQLite failures a person can
        act on (disk full, damage, busy) come out as KnownErrors."""
        with _session_scope(self._sessions) as session:
            yield session

    def _find_user(self, username: str | None, *, fallback: bool) -> CaseloadUser:
        """The unlocking user's row. A passphrase opens only as its own, active user; the recovery
        and keyring slots fall back to the first active supervisor when their user is gone."""
        from caseworker.store.repos import users as users_repo

        with self.session() as session:
            row = users_repo.get_user_by_name(session, username) if username else None
            if (row is None or not row.active) and not fallback:
                raise KnownError(
                    "This user account is switched off on this caseload.",
                    hint="Ask a supervisor to switch it back on (caseworker-admin add-user).",
                )
            if row is None or not row.active:
                row = users_repo.first_supervisor(session)
            if row is None:
                raise CaseloadDamaged("The caseload has no active supervisor.")
            return _user_snapshot(row)

    # ---------------------------------------------------------------- key slots

    def _change_slots(self, change: Callable[[KeySlots], KeySlots]) -> KeySlots:
        with ks_mod.locked(self.dir):
            ks = _load_slots(self.dir)
            new = change(ks)
            ks_mod.save(self.dir, new)
            return new

    def slots(self) -> KeySlots:
        return _load_slots(self.dir)

    def add_user(
        self,
        username: str,
        passphrase: str,
        role: Role = Role.CASEWORKER,
        *,
        display_name: str | None = None,
        kdf: KdfParams | None = None,
    ) -> CaseloadUser:
        """A new local user (row + passphrase slot). A user row left without a slot by an interrupted
        earlier attempt just gets its slot."""
        from caseworker.store.repos import users as users_repo

        name = ks_mod.normalize_username(username)
        ks_mod.check_new_passphrase(passphrase)
        if self.slots().find_passphrase_slot(name) is not None:
            raise ValidationError("username", "This user name is already taken.")
        with self.session() as session:
            row = users_repo.get_user_by_name(session, name)
            if row is None:
                row = users_repo.create_user(
                    session,
                    username=name,
                    role=role,
                    display_name=display_name or name,
                    actor_id=self.user.id,
                )
                session.flush()
            elif not row.active:  # a user removed earlier comes back
                row = users_repo.update_user(session, self.user.id, row.id, role=role, active=True)
            user = _user_snapshot(row)
        key = self.data_key
        self._change_slots(lambda ks: ks.with_passphrase(key, name, passphrase, kdf=kdf or self._kdf))
        return user

    def change_passphrase(self, username: str, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Rewrap one slot; the database is not touched."""
        change_passphrase(self.dir, username, old, new, kdf=kdf or self._kdf)

    def set_passphrase(self, username: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """A supervisor sets a new passphrase for a user who forgot theirs (the caseload is open)."""
        if self.user.role != Role.SUPERVISOR:
            raise KnownError("Only a supervisor can reset another user's passphrase.")
        key = self.data_key
        ks = self.slots()
        if ks.find_passphrase_slot(username) is None:
            raise KnownError("This user has no passphrase on this caseload.", hint="Check the user name.")
        self._change_slots(lambda ks: ks.with_passphrase(key, username, new, kdf=kdf or self._kdf))

    def remove_user_slot(self, username: str) -> None:
        """Remove a user's passphrase (and their keyring) slot. The last passphrase slot is refused.
        To be sure a removed person's old copy of keyslots.json is useless, :meth:`rekey` afterwards."""
        from caseworker.store.repos import users as users_repo

        self._change_slots(lambda ks: ks.without_user(username))
        with self.session() as session:
            row = users_repo.get_user_by_name(session, username)
            if row is not None and row.active:
                users_repo.update_user(session, self.user.id, row.id, active=False)

    def enable_keyring(self, username: str | None = None) -> str:
        """Remember this caseload on this device through the OS keyring; returns where it is kept."""
        if not self.secrets.is_secure():
            raise InsecureKeyring()
        name = username or self.user.username
        secret = os.urandom(32)
        key = self.data_key
        with ks_mod.locked(self.dir):
            ks = _load_slots(self.dir)
            new = ks.with_keyring(key, name, secret)
            slot = new.keyring_slot()
            assert slot is not None and slot.secret_name is not None
            import base64

            self.secrets.set(slot.secret_name, base64.b64encode(secret).decode("ascii"))
            ks_mod.save(self.dir, new)
        return self.secrets.where()

    def disable_keyring(self) -> None:
        with ks_mod.locked(self.dir):
            ks = _load_slots(self.dir)
            name = ks_mod.keyring_secret_name(ks)
            ks_mod.save(self.dir, ks.without_keyring())
        if name is not None:
            with contextlib.suppress(KnownError):
                self.secrets.delete(name)

    def recovery_key_unconfirmed(self) -> bool:
        """True while the current recovery key has never been shown: set by :meth:`create`,
        :meth:`rekey` and :meth:`new_recovery_key` together with the new recovery slot, cleared by
        :meth:`confirm_recovery_key_shown`. If a program died in between (a rekey killed after it
        committed), nobody holds the recovery key: tell the user to issue a new one
        (:meth:`new_recovery_key`, or ``caseworker-admin recovery-key DIR``)."""
        return self.slots().recovery_key_unconfirmed(self.data_key)

    def confirm_recovery_key_shown(self) -> None:
        """Call once the recovery key returned by create/rekey/new_recovery_key has been shown."""
        if self.slots().recovery_unconfirmed is not None:
            self._change_slots(KeySlots.with_recovery_confirmed)

    def new_recovery_key(self) -> str:
        """Replace the recovery slot; the old recovery key stops working. Show the result once, then
        call :meth:`confirm_recovery_key_shown` (until then :meth:`recovery_key_unconfirmed` is True)."""
        key = self.data_key
        holder: dict[str, str] = {}

        def change(ks: KeySlots) -> KeySlots:
            new, recovery = ks.with_new_recovery(key, self.user.username)
            holder["key"] = recovery
            return new

        self._change_slots(change)
        return holder["key"]

    # ---------------------------------------------------------------- rekey

    def rekey(self, *, on_step: Callable[[str], None] | None = None) -> str:
        """Replace the database's data key (PRAGMA rekey) and the recovery key; returns the new
        recovery key. Passphrases and the keyring slot keep working (each slot's public key lets us
        wrap the new key without knowing them).

        Crash-safe: (1) the new key, wrapped for every slot, is written to keyslots.json as
        *pending*; (2) the database is rekeyed in one rollback-journal transaction (SQLCipher writes
        the journal with the old key, so an interrupted rekey rolls back to the old key); (3) the
        pending keys become the current ones. Killed anywhere, the next open tries the current key,
        then the pending one, and finishes or forgets the rekey accordingly.
        """
        step = on_step or (lambda _name: None)
        old_key = self.data_key
        new_key = os.urandom(ks_mod.DATA_KEY_BYTES)
        with ks_mod.locked(self.dir):
            ks = _load_slots(self.dir)
            if ks.pending is not None:
                raise CaseloadLocked(
                    "A previous rekey was interrupted.", hint="Unlock the caseload again first."
                )
            self.engine.dispose()
            pending: KeySlots | None = None
            try:
                conn = connect_raw(self.db_path(self.dir), old_key)
            except Exception as exc:
                known = translate(exc)
                if known is None:
                    raise
                raise known from exc
            try:
                _exclusive_delete_journal(conn)
                step("journal")
                pending, recovery_key = ks.begin_rekey(new_key, self.user.username)
                ks_mod.save(self.dir, pending)
                step("pending")
                conn.execute(f"PRAGMA rekey = {key_pragma_value(new_key)}")
                step("rekeyed")
            except Exception as exc:
                # Failed (disk full, I/O error...), not killed: settle it now. SQLite rolled the
                # transaction back, so the old key still reads the file; the pending keys go.
                conn.close()
                if pending is not None:
                    self._settle_failed_rekey(old_key, new_key)
                known = translate(exc)
                if known is None:
                    raise
                raise known from exc
            except BaseException:
                conn.close()  # KeyboardInterrupt and the like: the next open settles it
                raise
            conn.close()
            ks_mod.save(self.dir, pending.commit_pending())
            step("committed")
        self._key = new_key
        self.engine = open_engine(self.db_path(self.dir), new_key)
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        step("reopened")
        return recovery_key

    def _settle_failed_rekey(self, old_key: bytes, new_key: bytes) -> None:
        db = self.db_path(self.dir)
        for key, settle in ((old_key, KeySlots.abandon_pending), (new_key, KeySlots.commit_pending)):
            try:
                connect_raw(db, key).close()
            except KeyRejected:
                continue
            ks_mod.save(self.dir, settle(_load_slots(self.dir)))
            self._key = key
            return

    # ---------------------------------------------------------------- backup / restore

    def backup(self, dest: Path) -> Path:
        """A consistent encrypted copy (SQLite backup API, fine while the app writes) plus the key
        slots, in folder ``dest`` (created; must not hold a caseload). It opens with the same
        passphrases and recovery key as the caseload had at backup time."""
        dest = Path(dest)
        if Caseload.exists(dest) or (dest / DB_NAME).exists():
            raise CaseloadExists("A backup already exists in that folder.", hint="Choose a new folder.")
        dest.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = dest / f".{DB_NAME}.partial"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        key = self.data_key
        with ks_mod.locked(self.dir):  # no rekey may start while we copy
            slots_bytes = ks_mod.path_in(self.dir).read_bytes()
            try:
                src = connect_raw(self.db_path(self.dir), key)
            except sqlcipher3.Error as exc:
                known = translate(exc)
                if known is None:
                    raise
                raise known from exc
            try:
                dst = sqlcipher3.connect(str(tmp))
                try:
                    dst.execute("PRAGMA cipher_log_level = NONE")
                    dst.execute(f"PRAGMA key = {key_pragma_value(key)}")
                    dst.execute("PRAGMA cipher_page_size = 4096")
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
            except sqlcipher3.Error as exc:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                known = translate(exc)
                if known is None:
                    raise
                raise known from exc
            finally:
                src.close()
        _fsync_file(tmp)
        os.replace(tmp, dest / DB_NAME)
        ks_mod.write_atomic(ks_mod.path_in(dest), slots_bytes)
        return dest

    @classmethod
    def restore(
        cls,
        backup: Path,
        directory: Path,
        unlocker: Unlocker,
        *,
        force: bool = False,
        secrets: SecretStore | None = None,
    ) -> VerifyReport:
        """Verify ``backup`` (opening it with ``unlocker``), then put it in ``directory``.

        An existing caseload there is refused unless ``force``; then it is moved aside to
        ``directory/replaced-<time>/``, never deleted."""
        backup, directory = Path(backup), Path(directory)
        if not Caseload.exists(backup):
            raise CaseloadNotFound("There is no backup in that folder.", hint="Check the backup folder.")
        if Caseload.exists(directory) and not force:
            raise CaseloadExists(
                "A caseload already exists in the target folder.",
                hint="Add --force to replace it (the current one is moved aside, not deleted).",
            )
        staging = directory / f".restore-{datetime.now(UTC):%Y%m%dT%H%M%S}"
        directory.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        try:
            shutil.copy2(backup / DB_NAME, staging / DB_NAME)
            shutil.copy2(ks_mod.path_in(backup), ks_mod.path_in(staging))
            report = verify_directory(staging, unlocker, secrets=secrets)
            if not report.ok:
                raise CaseloadDamaged(
                    "The backup is damaged: " + "; ".join(report.problems),
                    hint="Try an older backup.",
                )
            for extra in (f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
                with contextlib.suppress(FileNotFoundError):
                    (staging / extra).unlink()
            with ks_mod.locked(directory):
                if Caseload.exists(directory) or (directory / DB_NAME).exists():
                    aside = directory / f"replaced-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
                    aside.mkdir()
                    for path in [*_db_files(directory), ks_mod.path_in(directory)]:
                        if path.exists():
                            os.replace(path, aside / path.name)
                os.replace(staging / DB_NAME, directory / DB_NAME)
                os.replace(ks_mod.path_in(staging), ks_mod.path_in(directory))
                ks_mod._fsync_dir(directory)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return report

    # ---------------------------------------------------------------- verify

    def check_encryption(self) -> str | None:
        """Every page's HMAC (``PRAGMA cipher_integrity_check``): None when all hold, else what failed.

        Slow on large files (seconds at 400 MB): the desktop runs it on a thread of its own after unlock.
        """
        return _cipher_integrity(self.engine)

    def verify(self) -> VerifyReport:
        """cipher_integrity_check (every page's HMAC), quick_check (b-tree structure), the audit chain."""
        report = VerifyReport()
        report.add("encryption (cipher_integrity_check)", self.check_encryption())
        try:
            with self.engine.connect() as conn:
                rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
            report.add("structure (quick_check)", None if rows == ["ok"] else "; ".join(rows[:5]))
        except Exception as exc:  # noqa: BLE001 - a damaged file may fail in many ways; report it
            report.add("structure (quick_check)", _describe(exc))
        try:
            from caseworker.store import audit

            with self.session() as session:
                broken = audit.verify_chain(session)
            report.add("audit trail", None if broken is None else str(broken))
        except ImportError:
            report.add("audit trail", "the audit module is missing from this installation")
        except Exception as exc:  # noqa: BLE001 - reported, not raised: verify must name the problem
            report.add("audit trail", _describe(exc))
        return report


# -------------------------------------------------------------------------------------- verify


def verify_directory(
    directory: Path, unlocker: Unlocker, *, secrets: SecretStore | None = None
) -> VerifyReport:
    """Verify a caseload folder, naming the problem even when the file is too damaged to open.

    Opens normally (no migrations, no check at open) and runs :meth:`Caseload.verify`; if the
    database cannot be opened at all, still runs ``PRAGMA cipher_integrity_check`` on a bare keyed
    connection (which reads pages without the schema) so the report names the damaged pages.
    Raises WrongPassphrase / WrongRecoveryKey / CaseloadNotFound like :meth:`Caseload.open`.
    """
    directory = Path(directory)
    try:
        caseload = Caseload.open(directory, unlocker, secrets=secrets, check_integrity=False, migrate=False)
    except CaseloadDamaged as exc:
        ks = _load_slots(directory)
        got = _unwrap(directory, ks, unlocker, _secrets(secrets))
        report = VerifyReport(recovery_key_unconfirmed=ks.recovery_key_unconfirmed(got.data_key))
        problem = _bare_integrity(directory / DB_NAME, got.data_key)
        report.add("encryption (cipher_integrity_check)", problem or exc.message)
        report.add("structure (quick_check)", "not checked: the database cannot be opened")
        report.add("audit trail", "not checked: the database cannot be opened")
        return report
    try:
        report = caseload.verify()
        report.recovery_key_unconfirmed = caseload.recovery_key_unconfirmed()
        return report
    finally:
        caseload.close()


def _bare_integrity(db: Path, key: bytes) -> str | None:
    conn = sqlcipher3.connect(str(db))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key_pragma_value(key)}")
        rows = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.Error as exc:
        return _describe(exc)
    finally:
        conn.close()
    return _summarize_integrity(rows)


def _summarize_integrity(rows: list[str]) -> str | None:
    if not rows:
        return None
    more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
    text = "; ".join(rows[:5]) + more
    if len(rows) > 1 and all("HMAC verification failed" in r for r in rows) and "page 1" in rows[0]:
        text += " - every page fails: the file header is damaged, or the file was replaced"
    return text + ": the file was changed outside Caseworker"


# -------------------------------------------------------------------------------------- helpers


def change_passphrase(
    directory: Path, username: str, old: str, new: str, *, kdf: KdfParams | None = None
) -> None:
    """Change ``username``'s passphrase without opening the database (only keyslots.json changes)."""
    directory = Path(directory)
    ks_mod.check_new_passphrase(new)
    with ks_mod.locked(directory):
        ks = _load_slots(directory)
        got = ks_mod.unwrap_passphrase(ks, username, old)
        if ks.pending is not None:
            raise CaseloadLocked("A rekey was interrupted.", hint="Unlock the caseload once, then try again.")
        slot = got.slot
        assert slot.username is not None
        ks_mod.save(directory, ks.with_passphrase(got.data_key, slot.username, new, kdf=kdf))


def _secrets(secrets: SecretStore | None) -> SecretStore:
    return secrets if secrets is not None else KeyringSecretStore()


@contextlib.contextmanager
def _session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException as exc:
        session.rollback()
        known = translate(exc)
        if known is not None and known is not exc:
            raise known from exc
        raise
    finally:
        session.close()


def _migrate(engine: Engine) -> None:
    from caseworker.store import migrate

    migrate.upgrade(engine)


def _describe(exc: BaseException) -> str:
    known = translate(exc)
    if known is not None:
        return known.message
    return f"{type(exc).__name__}: {exc}"


def _cipher_integrity(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
    except Exception as exc:  # noqa: BLE001
        return _describe(exc)
    return _summarize_integrity(rows)


def _exclusive_delete_journal(conn: sqlcipher3.Connection) -> None:
    """Leave WAL for a rollback journal so the rekey is one atomic transaction; needs sole access."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Keep every lock this connection takes until it closes: no other program can open the caseload
    # (and switch it back to WAL) between here and the end of the rekey.
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    row = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    if row is None or str(row[0]).lower() != "delete":
        raise CaseloadLocked(
            "The caseload is open in another program, so its key cannot be changed now.",
            hint="Close Caseworker everywhere this caseload is open, then run the rekey again.",
        )
    conn.execute("PRAGMA synchronous = FULL")


def _open_resolving_rekey(directory: Path, ks: KeySlots, got: Unwrapped) -> tuple[Engine, bytes]:
    """Open with the current key; if a rekey was interrupted, settle it (see Caseload.rekey)."""
    db = directory / DB_NAME
    try:
        engine = open_engine(db, got.data_key)
    except KeyRejected as exc:
        if got.pending_key is None:
            # The slot unwrapped with AES-GCM, so the key is right: the file is damaged.
            raise CaseloadDamaged() from exc
        try:
            engine = open_engine(db, got.pending_key)
        except KeyRejected as exc2:
            raise CaseloadDamaged() from exc2
        # The rekey reached the database: make the pending keys current.
        with ks_mod.locked(directory, timeout=30):
            latest = _load_slots(directory)
            if latest.pending is not None:
                ks_mod.save(directory, latest.commit_pending())
        return engine, got.pending_key
    except Exception as exc:
        known = translate(exc)
        if known is not None and known is not exc:
            raise known from exc
        raise
    if ks.pending is not None:
        # The old key still reads the database. Either the rekey rolled back (forget it), or another
        # program is rekeying right now (it holds the lock): never forget a rekey in flight.
        try:
            with ks_mod.locked(directory, timeout=0):
                latest = _load_slots(directory)
                if latest.pending is not None:
                    ks_mod.save(directory, latest.abandon_pending())
        except BaseException:
            engine.dispose()
            raise
    return engine, got.data_key


def _remove_db_files(directory: Path) -> None:
    for path in _db_files(directory):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
