"""Staff accounts, server-side sessions and the audit log."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from db_samples import T0, add_store
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from posylka.adapters.db.tables import users, web_sessions
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import UserId
from posylka.domain.stores import Role
from posylka.domain.views import Account

TOKEN_HASH = hashlib.sha256(b"browser token").hexdigest()


def add_user(factory: SqlUnitOfWorkFactory, username: str = "packer1") -> Account:
    with factory() as uow:
        account = uow.users.add(username, "hash-1", Role.PACKER, language="zh-CN", now=T0)
        uow.commit()
    return account


def test_an_account_is_found_by_name_and_id_with_its_hash(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    account = add_user(uow_factory)

    with uow_factory() as uow:
        by_name = uow.users.by_username("packer1")
        by_id = uow.users.get(account.id)
        missing = uow.users.by_username("nobody")

    assert account == Account(account.id, "packer1", Role.PACKER, "zh-CN", True)
    assert by_name == (account, "hash-1")
    assert by_id == account
    assert missing is None


def test_language_password_and_role_changes_are_kept(uow_factory: SqlUnitOfWorkFactory) -> None:
    account = add_user(uow_factory)

    with uow_factory() as uow:
        uow.users.set_language(account.id, "ru")
        uow.users.set_password_hash(account.id, "hash-2")
        uow.users.set_role(account.id, Role.MANAGER)
        uow.commit()
    with uow_factory() as uow:
        found = uow.users.by_username("packer1")
        everyone = uow.users.list()

    changed = Account(account.id, "packer1", Role.MANAGER, "ru", True)
    assert found == (changed, "hash-2")
    assert everyone == [changed]


def test_usernames_are_unique(uow_factory: SqlUnitOfWorkFactory) -> None:
    add_user(uow_factory)

    with uow_factory() as uow, pytest.raises(IntegrityError):
        uow.users.add("packer1", "hash", Role.ADMIN, language="en", now=T0)


def test_a_live_session_gives_its_account_and_csrf_token(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    account = add_user(uow_factory)
    with uow_factory() as uow:
        uow.sessions.create(
            TOKEN_HASH, account.id, "csrf-1", now=T0, expires_at=T0 + timedelta(hours=12)
        )
        uow.commit()

    with uow_factory() as uow:
        live = uow.sessions.lookup(TOKEN_HASH, now=T0 + timedelta(hours=1))
        expired = uow.sessions.lookup(TOKEN_HASH, now=T0 + timedelta(hours=12))
        unknown = uow.sessions.lookup("0" * 64, now=T0)

    assert live == (account, "csrf-1")
    assert expired is None
    assert unknown is None
    with engine.connect() as conn:
        assert conn.execute(select(web_sessions.c.token_hash)).scalars().all() == [TOKEN_HASH]


def test_a_deactivated_accounts_sessions_stop_working(uow_factory: SqlUnitOfWorkFactory) -> None:
    account = add_user(uow_factory)
    with uow_factory() as uow:
        uow.sessions.create(TOKEN_HASH, account.id, "c", now=T0, expires_at=T0 + timedelta(days=1))
        uow.users.set_active(account.id, False)
        uow.commit()

    with uow_factory() as uow:
        assert uow.sessions.lookup(TOKEN_HASH, now=T0) is None


def test_sessions_are_deleted_one_by_one_per_user_or_when_expired(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    first, second = add_user(uow_factory, "first"), add_user(uow_factory, "second")
    day = timedelta(days=1)
    with uow_factory() as uow:
        uow.sessions.create("a" * 64, first.id, "c", now=T0, expires_at=T0 + day)
        uow.sessions.create("b" * 64, first.id, "c", now=T0, expires_at=T0 + 3 * day)
        uow.sessions.create("c" * 64, second.id, "c", now=T0, expires_at=T0 + 2 * day)
        uow.sessions.create("d" * 64, second.id, "c", now=T0, expires_at=T0 + 3 * day)
        uow.commit()

    with uow_factory() as uow:
        uow.sessions.delete("d" * 64)
        purged = uow.sessions.purge_expired(now=T0 + 2 * day)
        ended = uow.sessions.delete_for_user(first.id)
        left = [uow.sessions.lookup(h * 64, now=T0) for h in "abcd"]

    assert (purged, ended) == (2, 1)
    assert left == [None, None, None, None]


def test_audit_entries_are_kept_with_their_details(uow_factory: SqlUnitOfWorkFactory) -> None:
    store_id = add_store(uow_factory)
    account = add_user(uow_factory)

    with uow_factory() as uow:
        uow.audit.record(
            "store.created",
            at=T0,
            actor="admin",
            user_id=account.id,
            store_id=store_id,
            object_type="store",
            object_id=str(store_id),
            details={"name": "Магазин 1", "client_id": "123456"},
        )
        uow.audit.record("sync.requested", at=T0 + timedelta(minutes=1), actor="system")
        uow.commit()
    with uow_factory() as uow:
        latest = uow.audit.latest()

    assert [(e["action"], e["actor"], e["user_id"]) for e in latest] == [
        ("sync.requested", "system", None),
        ("store.created", "admin", account.id),
    ]
    assert latest[1]["details"] == {"name": "Магазин 1", "client_id": "123456"}
    assert latest[1]["at"] == T0


def test_deleting_a_user_keeps_their_audit_entries(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    account = add_user(uow_factory)
    with uow_factory() as uow:
        uow.audit.record("user.created", at=T0, actor="admin", user_id=account.id)
        uow.commit()

    with engine.begin() as conn:
        conn.execute(users.delete().where(users.c.id == UserId(account.id)))
    with uow_factory() as uow:
        [entry] = uow.audit.latest()

    assert (entry["action"], entry["user_id"]) == ("user.created", None)
