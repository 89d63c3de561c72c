"""Staff accounts and their server-side sessions.

Sessions are looked up by the digest of the browser's token (the web layer hashes it); the token
itself is never stored, so a copy of the database cannot be used to log in.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from posylka.adapters.db.tables import users, web_sessions
from posylka.domain.ids import UserId
from posylka.domain.stores import Role
from posylka.domain.views import Account


class SqlUserRepository:
    """Staff accounts on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add(
        self, username: str, password_hash: str, role: Role, *, language: str, now: datetime
    ) -> Account:
        user_id = self._conn.execute(
            insert(users)
            .values(
                username=username,
                password_hash=password_hash,
                role=role.value,
                language=language,
                is_active=True,
                created_at=now,
            )
            .returning(users.c.id)
        ).scalar_one()
        return Account(UserId(user_id), username, role, language, True)

    def by_username(self, username: str) -> tuple[Account, str] | None:
        row = self._conn.execute(select(users).where(users.c.username == username)).first()
        return (_account(row), row.password_hash) if row else None

    def get(self, user_id: UserId) -> Account | None:
        row = self._conn.execute(select(users).where(users.c.id == user_id)).first()
        return _account(row) if row else None

    def list(self) -> builtins.list[Account]:
        return [_account(row) for row in self._conn.execute(select(users).order_by(users.c.id))]

    def set_language(self, user_id: UserId, language: str) -> None:
        self._conn.execute(update(users).where(users.c.id == user_id).values(language=language))

    def set_password_hash(self, user_id: UserId, password_hash: str) -> None:
        self._conn.execute(
            update(users).where(users.c.id == user_id).values(password_hash=password_hash)
        )

    def set_active(self, user_id: UserId, active: bool) -> None:
        """Deactivate (or reactivate) an account; a deactivated account's sessions stop working."""
        self._conn.execute(update(users).where(users.c.id == user_id).values(is_active=active))

    def set_role(self, user_id: UserId, role: Role) -> None:
        self._conn.execute(update(users).where(users.c.id == user_id).values(role=role.value))


class SqlSessionRepository:
    """Server-side login sessions on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def create(
        self,
        token_hash: str,
        user_id: UserId,
        csrf_token: str,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        self._conn.execute(
            insert(web_sessions).values(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=now,
                expires_at=expires_at,
            )
        )

    def lookup(self, token_hash: str, *, now: datetime) -> tuple[Account, str] | None:
        """The session's account and CSRF token while it has not expired and the account is
        active; ``None`` otherwise."""
        row = self._conn.execute(
            select(users, web_sessions.c.csrf_token)
            .join(web_sessions, web_sessions.c.user_id == users.c.id)
            .where(
                web_sessions.c.token_hash == token_hash,
                web_sessions.c.expires_at > now,
                users.c.is_active.is_(True),
            )
        ).first()
        return (_account(row), row.csrf_token) if row else None

    def delete(self, token_hash: str) -> None:
        self._conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == token_hash))

    def delete_for_user(self, user_id: UserId) -> int:
        """End every session of one account (password change, deactivation)."""
        result = self._conn.execute(delete(web_sessions).where(web_sessions.c.user_id == user_id))
        return int(result.rowcount)

    def purge_expired(self, *, now: datetime) -> int:
        result = self._conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now))
        return int(result.rowcount)


def _account(row: Any) -> Account:
    return Account(
        id=UserId(row.id),
        username=row.username,
        role=Role(row.role),
        language=row.language,
        is_active=bool(row.is_active),
    )
