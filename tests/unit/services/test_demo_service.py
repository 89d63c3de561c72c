"""Preparing the demo: accounts and a store connected to the sandbox, safe to repeat."""

from __future__ import annotations

from datetime import timedelta

from memory_ports import FixedClock, MemoryDatabase, PlainHasher
from posting_builder import BASE

from posylka.domain.stores import Role, StoreCredentials
from posylka.services.accounts import log_in
from posylka.services.demo import DEMO_ACCOUNTS, DEMO_STORE, prepare_demo

HOUR = timedelta(hours=1)
SANDBOX = StoreCredentials("100500", "sandbox-key", "http://127.0.0.1:8765")


def test_demo_creates_one_account_per_role_that_can_log_in():
    db, clock, hasher = MemoryDatabase(), FixedClock(BASE), PlainHasher()
    logins = prepare_demo(SANDBOX, uow=db, hasher=hasher, clock=clock)
    assert {login.role for login in logins} == {Role.ADMIN, Role.MANAGER, Role.PACKER}
    assert all(login.created for login in logins)
    for login in logins:
        session = log_in(
            login.username, login.password, uow=db, hasher=hasher, clock=clock, lifetime=HOUR
        )
        assert session.account.role is login.role


def test_demo_store_holds_the_sandbox_credentials():
    db = MemoryDatabase()
    prepare_demo(SANDBOX, uow=db, hasher=PlainHasher(), clock=FixedClock(BASE))
    [store] = db.state.stores.values()
    assert store.name == DEMO_STORE
    assert db.state.credentials[store.id] == SANDBOX


def test_running_the_demo_again_keeps_accounts_and_moves_the_store_to_the_new_sandbox():
    db, clock, hasher = MemoryDatabase(), FixedClock(BASE), PlainHasher()
    prepare_demo(SANDBOX, uow=db, hasher=hasher, clock=clock)
    moved = StoreCredentials("100500", "sandbox-key", "http://127.0.0.1:40001")
    logins = prepare_demo(moved, uow=db, hasher=hasher, clock=clock)
    assert not any(login.created for login in logins)
    assert len(db.state.users) == len(DEMO_ACCOUNTS)
    [store] = db.state.stores.values()
    assert db.state.credentials[store.id].base_url == "http://127.0.0.1:40001"
    assert [entry.action for entry in db.state.audit if entry.object_type == "store"] == [
        "store.created",
        "store.credentials_changed",
    ]
