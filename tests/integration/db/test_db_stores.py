"""Stores: API keys are encrypted at rest, survive a key rotation, and warehouses are replaced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from db_samples import T0, add_store
from sqlalchemy import Engine, select

from posylka.adapters.db.stores import UnknownStore
from posylka.adapters.db.tables import stores
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.errors import ConfigurationError
from posylka.domain.ids import DeliveryMethodId, StoreId, WarehouseId
from posylka.domain.postings import IntegrationType
from posylka.domain.stores import DeliveryMethod, Store, StoreCredentials, Warehouse

API_KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def raw_key_column(engine: Engine) -> bytes:
    with engine.connect() as conn:
        return bytes(conn.execute(select(stores.c.api_key_encrypted)).scalar_one())


def test_the_stored_api_key_is_not_the_key_and_decrypts_to_it(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_store(uow_factory, api_key=API_KEY)

    raw = raw_key_column(engine)
    with uow_factory() as uow:
        credentials = uow.stores.credentials(store_id)

    assert API_KEY.encode() not in raw
    assert credentials == StoreCredentials("123456", API_KEY, "https://api-seller.ozon.ru")


def test_another_secret_cannot_read_the_key(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_store(uow_factory, api_key=API_KEY)
    stranger = SqlUnitOfWorkFactory(engine, ApiKeyCipher("some other secret"))

    with stranger() as uow, pytest.raises(ConfigurationError, match="POSYLKA_SECRET_KEY"):
        uow.stores.credentials(store_id)


def test_after_rotation_the_previous_secret_still_reads_until_reencrypted(engine: Engine) -> None:
    old = SqlUnitOfWorkFactory(engine, ApiKeyCipher("old secret"))
    rotated = SqlUnitOfWorkFactory(engine, ApiKeyCipher("new secret", ["old secret"]))
    new_only = SqlUnitOfWorkFactory(engine, ApiKeyCipher("new secret"))
    store_id = add_store(old, api_key=API_KEY)
    before = raw_key_column(engine)

    with rotated() as uow:
        assert uow.stores.credentials(store_id).api_key == API_KEY
        assert uow.stores.reencrypt_api_keys() == 1
        uow.commit()

    assert raw_key_column(engine) != before
    with new_only() as uow:
        assert uow.stores.credentials(store_id).api_key == API_KEY
    with old() as uow, pytest.raises(ConfigurationError):
        uow.stores.credentials(store_id)


def test_updated_credentials_replace_the_old_key(uow_factory: SqlUnitOfWorkFactory) -> None:
    store_id = add_store(uow_factory, api_key=API_KEY)
    fresh = StoreCredentials("654321", "new-key", "http://127.0.0.1:8765")

    with uow_factory() as uow:
        uow.stores.update_credentials(store_id, fresh)
        uow.commit()
    with uow_factory() as uow:
        assert uow.stores.credentials(store_id) == fresh
        store = uow.stores.get(store_id)

    assert store == Store(store_id, "Магазин 1", "654321", "http://127.0.0.1:8765")


def test_stores_are_found_by_id_and_name_and_listed_by_name(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    beta, alpha = add_store(uow_factory, "Бета"), add_store(uow_factory, "Альфа")
    with uow_factory() as uow:
        uow.stores.set_active(beta, False)
        uow.commit()

    with uow_factory() as uow:
        assert [s.name for s in uow.stores.list()] == ["Альфа"]
        assert [s.name for s in uow.stores.list(active_only=False)] == ["Альфа", "Бета"]
        assert uow.stores.by_name("Альфа") == uow.stores.get(alpha)
        assert uow.stores.by_name("Гамма") is None
        assert uow.stores.get(StoreId(999)) is None
        with pytest.raises(UnknownStore):
            uow.stores.credentials(StoreId(999))


def test_a_failed_sync_keeps_the_last_good_time_and_a_good_one_clears_the_error(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store_id = add_store(uow_factory)
    good, bad, again = T0, T0 + timedelta(minutes=5), T0 + timedelta(minutes=10)

    with uow_factory() as uow:
        uow.stores.record_sync(store_id, at=good)
        uow.stores.record_sync(store_id, at=bad, error="Invalid Api-Key, please check the key")
        failed = uow.sync_state.status(store_id)
        uow.stores.record_sync(store_id, at=again)
        recovered = uow.sync_state.status(store_id)

    assert [(s.last_sync_at, s.last_error, s.last_error_at) for s in failed] == [
        (good, "Invalid Api-Key, please check the key", bad)
    ]
    assert [(s.last_sync_at, s.last_error, s.last_error_at) for s in recovered] == [
        (again, "", None)
    ]


def test_warehouses_and_delivery_methods_are_replaced_as_a_whole(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store_id = add_store(uow_factory)
    first = [
        Warehouse(store_id, WarehouseId(11), "Москва"),
        Warehouse(store_id, WarehouseId(12), "Тула"),
    ]
    second = [Warehouse(store_id, WarehouseId(12), "Тула (новый)", is_rfbs=True)]
    method = DeliveryMethod(
        store_id, DeliveryMethodId(21), "Курьер", WarehouseId(12), IntegrationType.NON_INTEGRATED
    )

    with uow_factory() as uow:
        uow.stores.replace_warehouses(store_id, first, now=T0)
        uow.stores.replace_warehouses(store_id, second, now=T0)
        uow.stores.replace_delivery_methods(store_id, [method, method], now=T0)
        uow.stores.replace_delivery_methods(store_id, [method], now=T0)
        kept = uow.stores.warehouses(store_id)

    assert kept == second
