"""Ports of the desk's accounts: users, their web sessions and password hashing."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from posylka.domain.ids import UserId
from posylka.domain.stores import Role
from posylka.domain.views import Account


class UserRepository(Protocol):
    def add(
        self, username: str, password_hash: str, role: Role, *, language: str, now: datetime
    ) -> Account: ...
    def by_username(self, username: str) -> tuple[Account, str] | None:
        """The account and its password hash."""
        ...

    def get(self, user_id: UserId) -> Account | None: ...
    def list(self) -> list[Account]: ...
    def set_language(self, user_id: UserId, language: str) -> None: ...
    def set_password_hash(self, user_id: UserId, password_hash: str) -> None: ...


class SessionRepository(Protocol):
    def create(
        self,
        token_hash: str,
        user_id: UserId,
        csrf_token: str,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None: ...
    def lookup(self, token_hash: str, *, now: datetime) -> tuple[Account, str] | None:
        """The session's account and CSRF token, if the session is live."""
        ...

    def delete(self, token_hash: str) -> None: ...
    def purge_expired(self, *, now: datetime) -> int: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
