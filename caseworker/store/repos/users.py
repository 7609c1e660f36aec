"""Local users of a caseload (their passphrase key slots live in keyslots.json, see store/keyslots.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from caseworker.core import text as text_rules
from caseworker.core.domain import Role
from caseworker.core.errors import ValidationError
from caseworker.store import audit
from caseworker.store.models import AuditAction, User
from caseworker.store.repos import _common as v

_USERNAME_RE = re.compile(r"^[\w][\w.@-]{0,63}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR


def info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        active=user.active,
        created_at=user.created_at,
    )


def clean_username(username: object) -> str:
    if not isinstance(username, str):
        raise ValidationError("username", "must be text")
    value = text_rules.nfc(username.strip())
    if not _USERNAME_RE.match(value):
        raise ValidationError(
            "username", "use 1 to 64 letters, digits, dots, dashes, @ or underscores, without spaces"
        )
    return value


def create_user(
    session: Session,
    username: str,
    role: Role | str,
    display_name: str | None = None,
    actor_id: int | None = None,
) -> User:
    """Add a local user. ``actor_id`` None means the user creates themselves (the first user at init).

    Raises ValidationError("username") when the name is malformed or already taken."""
    name = clean_username(username)
    the_role = v.required_vocab("role", Role, role)
    shown = v.name("display_name", display_name if display_name is not None else name, max_len=200)
    if get_user_by_name(session, name) is not None:
        raise ValidationError("username", "this user name is already taken")
    user = User(username=name, role=the_role, display_name=shown or name, active=True, created_at=v.now())
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor_id if actor_id is not None else user.id,
        "users",
        user.id,
        AuditAction.CREATE,
        ["username", "display_name", "role", "active"],
    )
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_name(session: Session, username: str) -> User | None:
    """Exact user name, compared case-insensitively (so "Amina" and "amina" are one user)."""
    value = text_rules.nfc(username.strip())
    return session.scalars(sa.select(User).where(sa.func.lower(User.username) == value.lower())).first()


def list_users(session: Session, *, include_inactive: bool = False) -> list[UserInfo]:
    stmt = sa.select(User).order_by(User.username)
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    return [info(u) for u in session.scalars(stmt)]


def first_supervisor(session: Session) -> User | None:
    return session.scalars(
        sa.select(User).where(User.role == Role.SUPERVISOR, User.active.is_(True)).order_by(User.id)
    ).first()


def update_user(
    session: Session,
    actor_id: int,
    user_id: int,
    *,
    display_name: str | None = None,
    role: Role | str | None = None,
    active: bool | None = None,
) -> User:
    user = v.get_or_fail(session, User, user_id, "user_id")
    values: dict[str, object] = {}
    if display_name is not None:
        values["display_name"] = v.name("display_name", display_name, max_len=200, required=True)
    if role is not None:
        values["role"] = v.required_vocab("role", Role, role)
    if active is not None:
        values["active"] = bool(active)
    changed = v.apply(user, values)
    if changed:
        session.flush()
        audit.record(session, actor_id, "users", user.id, AuditAction.UPDATE, changed)
    return user
