"""Adding stores, listing them with their sync state, asking for a sync."""

from __future__ import annotations

import pytest
from memory_ports import FixedClock, MemoryDatabase
from posting_builder import BASE

from posylka.domain.ids import StoreId, UserId
from posylka.domain.stores import Role
from posylka.services.accounts import NotAllowed
from posylka.services.ports import Account
from posylka.services.stores import (
    InvalidBaseUrl,
    InvalidClientId,
    MissingApiKey,
    MissingStoreName,
    NewStore,
    StoreNameTaken,
    UnknownStore,
    add_store,
    list_stores,
    request_sync,
)

ADMIN = Account(UserId(1), "root", Role.ADMIN, "en", True)
MANAGER = Account(UserId(2), "olga", Role.MANAGER, "ru", True)
PACKER = Account(UserId(3), "li", Role.PACKER, "zh-CN", True)


@pytest.fixture
def db() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(BASE)


def test_admin_adds_store_with_audit_that_never_holds_the_key(db, clock):
    store = add_store(
        NewStore(" Чайный дом ", "123456", "secret-key-1", "https://api-seller.ozon.ru/"),
        by=ADMIN,
        uow=db,
        clock=clock,
    )
    assert (store.name, store.client_id, store.base_url) == (
        "Чайный дом",
        "123456",
        "https://api-seller.ozon.ru",
    )
    assert db.state.credentials[store.id].api_key == "secret-key-1"
    entry = db.state.audit[-1]
    assert (entry.action, entry.actor, entry.store_id) == ("store.created", "root", store.id)
    assert "secret-key-1" not in repr(entry)


def test_empty_base_url_means_ozon(db, clock):
    store = add_store(NewStore("A", "1", "k", ""), by=ADMIN, uow=db, clock=clock)
    assert store.base_url == "https://api-seller.ozon.ru"


@pytest.mark.parametrize(
    ("new", "error"),
    [
        (NewStore("  ", "1", "k"), MissingStoreName),
        (NewStore("A", "12ab", "k"), InvalidClientId),
        (NewStore("A", "1", "   "), MissingApiKey),
        (NewStore("A", "1", "k", "ftp://x"), InvalidBaseUrl),
        (NewStore("A", "1", "k", "api-seller.ozon.ru"), InvalidBaseUrl),
    ],
)
def test_invalid_store_is_refused_naming_the_field(db, clock, new, error):
    with pytest.raises(error) as caught:
        add_store(new, by=ADMIN, uow=db, clock=clock)
    assert caught.value.field in {"name", "client_id", "api_key", "base_url"}
    assert db.state.stores == {}


def test_store_names_are_unique(db, clock):
    add_store(NewStore("A", "1", "k"), by=ADMIN, uow=db, clock=clock)
    with pytest.raises(StoreNameTaken):
        add_store(NewStore("A", "2", "k"), by=ADMIN, uow=db, clock=clock)


@pytest.mark.parametrize("who", [MANAGER, PACKER])
def test_only_admins_add_and_list_stores(db, clock, who):
    with pytest.raises(NotAllowed):
        add_store(NewStore("A", "1", "k"), by=who, uow=db, clock=clock)
    with pytest.raises(NotAllowed):
        list_stores(by=who, uow=db)


def test_store_list_carries_last_sync_and_error(db, clock):
    store = add_store(NewStore("A", "1", "k"), by=ADMIN, uow=db, clock=clock)
    add_store(NewStore("B", "2", "k"), by=ADMIN, uow=db, clock=clock)
    with db() as tx:
        tx.stores.record_sync(store.id, at=BASE, error="HTTP 403: Invalid Api-Key")
        tx.commit()
    overview = {o.store.name: o.sync for o in list_stores(by=ADMIN, uow=db)}
    assert overview["A"].last_error == "HTTP 403: Invalid Api-Key"
    assert overview["B"].last_sync_at is None


def test_sync_request_is_audited_then_enqueued(db, clock):
    store = add_store(NewStore("A", "1", "k"), by=ADMIN, uow=db, clock=clock)
    asked: list[StoreId | None] = []
    request_sync(store.id, by=MANAGER, uow=db, clock=clock, enqueue=asked.append)
    request_sync(None, by=MANAGER, uow=db, clock=clock, enqueue=asked.append)
    assert asked == [store.id, None]
    assert [e.action for e in db.state.audit[-2:]] == ["sync.requested", "sync.requested"]


def test_packer_cannot_request_sync(db, clock):
    asked: list[StoreId | None] = []
    with pytest.raises(NotAllowed):
        request_sync(None, by=PACKER, uow=db, clock=clock, enqueue=asked.append)
    assert asked == []


def test_sync_of_unknown_store_is_refused(db, clock):
    asked: list[StoreId | None] = []
    with pytest.raises(UnknownStore):
        request_sync(StoreId(9), by=ADMIN, uow=db, clock=clock, enqueue=asked.append)
    assert asked == []


def test_command_line_adds_stores_and_syncs_as_the_system(db, clock):
    store = add_store(NewStore("A", "1", "k"), by=None, uow=db, clock=clock)
    asked: list[StoreId | None] = []
    request_sync(store.id, by=None, uow=db, clock=clock, enqueue=asked.append)
    assert [o.store.name for o in list_stores(by=None, uow=db)] == ["A"]
    assert asked == [store.id]
    assert [(e.action, e.actor, e.user_id) for e in db.state.audit] == [
        ("store.created", "system", None),
        ("sync.requested", "system", None),
    ]
