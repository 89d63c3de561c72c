"""Staff accounts: logging in and out, server-side sessions, users, languages and passwords.

A session is a random token the browser keeps in a cookie; only its SHA-256 digest is stored, so a
leaked copy of the database cannot be replayed as a login. Each session carries its own CSRF token.
Every change to an account is written to the audit log with who made it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from posylka.domain.errors import PosylkaError
from posylka.domain.stores import Role
from posylka.services.ports import Account, Clock, PasswordHasher, UnitOfWorkFactory

LANGUAGES = ("en", "ru", "zh-CN")
"""The languages the interface speaks, as stored on a user and sent in ``<html lang>``."""

MIN_PASSWORD_LENGTH = 8
USERNAME_PATTERN = re.compile(r"^[\w.@+-]{2,100}$")
SYSTEM_ACTOR = "system"
"""How the audit log names changes made from the command line rather than by a logged-in user."""


class AccountError(PosylkaError):
    """An account operation was refused; subclasses say why."""


class InvalidCredentials(AccountError):
    """Unknown user, wrong password or a deactivated account (deliberately not told apart)."""


class NotAllowed(AccountError):
    """The account's role does not permit the operation."""

    def __init__(self, role: Role, action: str) -> None:
        super().__init__(f"{role} may not {action}")
        self.role = role
        self.action = action


class UsernameTaken(AccountError):
    def __init__(self, username: str) -> None:
        super().__init__(f"username {username!r} is taken")
        self.username = username


class InvalidUsername(AccountError):
    def __init__(self, username: str) -> None:
        super().__init__(f"username {username!r} is not allowed")
        self.username = username


class WeakPassword(AccountError):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"a password needs at least {minimum} characters")
        self.minimum = minimum


class UnknownLanguage(AccountError):
    def __init__(self, language: str) -> None:
        super().__init__(f"unsupported language {language!r}")
        self.language = language


@dataclass(frozen=True, slots=True)
class Session:
    """A live login: the token goes to the browser, never to the database."""

    token: str
    account: Account
    csrf_token: str
    expires_at: datetime | None = None
    """Known when the session was just opened; a resumed session's expiry stays with the store."""


@dataclass(frozen=True, slots=True)
class NewUser:
    username: str
    password: str
    role: Role
    language: str = "en"


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def log_in(
    username: str,
    password: str,
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
    lifetime: timedelta,
    make_token: Callable[[], str] = new_token,
) -> Session:
    """Check the password and open a session; raise :class:`InvalidCredentials` otherwise."""
    now = clock.now()
    with uow() as tx:
        found = tx.users.by_username(username.strip())
        if found is None:
            # Spend the same effort as a real check so response time does not reveal usernames.
            hasher.hash(password)
            raise InvalidCredentials(username)
        account, password_hash = found
        if not hasher.verify(password_hash, password) or not account.is_active:
            raise InvalidCredentials(username)
        token, csrf = make_token(), make_token()
        expires_at = now + lifetime
        tx.sessions.purge_expired(now=now)
        tx.sessions.create(token_digest(token), account.id, csrf, now=now, expires_at=expires_at)
        tx.audit.record(
            "user.login", at=now, actor=account.username, user_id=account.id, object_type="user"
        )
        tx.commit()
    return Session(token=token, account=account, csrf_token=csrf, expires_at=expires_at)


def resume_session(token: str, *, uow: UnitOfWorkFactory, clock: Clock) -> Session | None:
    """The live session a cookie token belongs to, or ``None`` (unknown, expired, deactivated)."""
    if not token:
        return None
    with uow() as tx:
        found = tx.sessions.lookup(token_digest(token), now=clock.now())
    if found is None:
        return None
    account, csrf = found
    if not account.is_active:
        return None
    return Session(token=token, account=account, csrf_token=csrf)


def log_out(session: Session, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
    with uow() as tx:
        tx.sessions.delete(token_digest(session.token))
        tx.audit.record(
            "user.logout",
            at=clock.now(),
            actor=session.account.username,
            user_id=session.account.id,
            object_type="user",
        )
        tx.commit()


def create_user(
    new: NewUser,
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> Account:
    """Add a staff member. ``by`` is the admin doing it, or ``None`` for the command line."""
    if by is not None and not by.role.can_manage_settings:
        raise NotAllowed(by.role, "create users")
    username = new.username.strip()
    if not USERNAME_PATTERN.match(username):
        raise InvalidUsername(username)
    _check_password(new.password)
    _check_language(new.language)
    now = clock.now()
    with uow() as tx:
        if tx.users.by_username(username) is not None:
            raise UsernameTaken(username)
        account = tx.users.add(
            username, hasher.hash(new.password), new.role, language=new.language, now=now
        )
        tx.audit.record(
            "user.created",
            at=now,
            actor=by.username if by else SYSTEM_ACTOR,
            user_id=by.id if by else None,
            object_type="user",
            object_id=str(account.id),
            details={"username": username, "role": str(new.role)},
        )
        tx.commit()
    return account


def list_users(*, by: Account, uow: UnitOfWorkFactory) -> list[Account]:
    if not by.role.can_manage_settings:
        raise NotAllowed(by.role, "list users")
    with uow() as tx:
        return sorted(tx.users.list(), key=lambda a: a.username.casefold())


def change_language(
    account: Account, language: str, *, uow: UnitOfWorkFactory, clock: Clock
) -> None:
    """Remember the account's interface language."""
    _check_language(language)
    if language == account.language:
        return
    with uow() as tx:
        tx.users.set_language(account.id, language)
        tx.audit.record(
            "user.language_changed",
            at=clock.now(),
            actor=account.username,
            user_id=account.id,
            object_type="user",
            object_id=str(account.id),
            details={"from": account.language, "to": language},
        )
        tx.commit()


def change_password(
    account: Account,
    current: str,
    new: str,
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> None:
    """Replace one's own password after proving the current one."""
    _check_password(new)
    with uow() as tx:
        found = tx.users.by_username(account.username)
        if found is None or not hasher.verify(found[1], current):
            raise InvalidCredentials(account.username)
        tx.users.set_password_hash(account.id, hasher.hash(new))
        tx.audit.record(
            "user.password_changed",
            at=clock.now(),
            actor=account.username,
            user_id=account.id,
            object_type="user",
            object_id=str(account.id),
        )
        tx.commit()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(MIN_PASSWORD_LENGTH)


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
