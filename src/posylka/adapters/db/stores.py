"""The store repository: Ozon seller accounts with their API keys encrypted at rest, and the
warehouses and delivery methods Ozon lists for them.

The API key is encrypted by an injected cipher before it reaches SQL and decrypted only when the
marketplace client needs it; the database never sees it in the clear.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, delete, insert, select, update

from posylka.adapters.db.tables import delivery_methods, stores, warehouses
from posylka.domain.ids import StoreId
from posylka.domain.stores import DeliveryMethod, Store, StoreCredentials, Warehouse

_Item = TypeVar("_Item")


class Cipher(Protocol):
    """Symmetric encryption of short secrets (``posylka.adapters.security.ApiKeyCipher``)."""

    def encrypt(self, plaintext: str) -> bytes: ...
    def decrypt(self, token: bytes) -> str: ...
    def rotate(self, token: bytes) -> bytes: ...


class UnknownStore(LookupError):
    def __init__(self, store_id: StoreId) -> None:
        super().__init__(f"no store with id {store_id}")
        self.store_id = store_id


class SqlStoreRepository:
    """Stores on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection, cipher: Cipher) -> None:
        self._conn = connection
        self._cipher = cipher

    def add(self, name: str, credentials: StoreCredentials, *, now: datetime) -> Store:
        store_id = self._conn.execute(
            insert(stores)
            .values(
                name=name,
                client_id=credentials.client_id,
                api_key_encrypted=self._cipher.encrypt(credentials.api_key),
                base_url=credentials.base_url,
                is_active=True,
                created_at=now,
            )
            .returning(stores.c.id)
        ).scalar_one()
        return Store(StoreId(store_id), name, credentials.client_id, credentials.base_url)

    def list(self, *, active_only: bool = True) -> builtins.list[Store]:
        query = select(stores).order_by(stores.c.name)
        if active_only:
            query = query.where(stores.c.is_active.is_(True))
        return [_store(row) for row in self._conn.execute(query).mappings()]

    def get(self, store_id: StoreId) -> Store | None:
        row = self._conn.execute(select(stores).where(stores.c.id == store_id)).mappings().first()
        return _store(row) if row else None

    def by_name(self, name: str) -> Store | None:
        row = self._conn.execute(select(stores).where(stores.c.name == name)).mappings().first()
        return _store(row) if row else None

    def credentials(self, store_id: StoreId) -> StoreCredentials:
        row = self._conn.execute(
            select(stores.c.client_id, stores.c.api_key_encrypted, stores.c.base_url).where(
                stores.c.id == store_id
            )
        ).first()
        if row is None:
            raise UnknownStore(store_id)
        return StoreCredentials(
            row.client_id, self._cipher.decrypt(bytes(row.api_key_encrypted)), row.base_url
        )

    def update_credentials(self, store_id: StoreId, credentials: StoreCredentials) -> None:
        self._update(
            store_id,
            client_id=credentials.client_id,
            api_key_encrypted=self._cipher.encrypt(credentials.api_key),
            base_url=credentials.base_url,
        )

    def set_active(self, store_id: StoreId, active: bool) -> None:
        """Pause (or resume) syncing a store without forgetting its postings."""
        self._update(store_id, is_active=active)

    def record_sync(self, store_id: StoreId, *, at: datetime, error: str = "") -> None:
        """A finished sync: success moves ``last_sync_at`` and clears the error; a failure keeps
        the last good time and records the error with its time."""
        if error:
            self._update(store_id, last_sync_error=error, last_sync_error_at=at)
        else:
            self._update(store_id, last_sync_at=at, last_sync_error=None, last_sync_error_at=None)

    def reencrypt_api_keys(self) -> int:
        """Re-encrypt every stored API key with the current secret (after a key rotation);
        returns how many rows were rewritten."""
        rows = self._conn.execute(select(stores.c.id, stores.c.api_key_encrypted)).all()
        for row in rows:
            self._update(
                StoreId(row.id),
                api_key_encrypted=self._cipher.rotate(bytes(row.api_key_encrypted)),
            )
        return len(rows)

    def replace_warehouses(
        self, store_id: StoreId, items: Sequence[Warehouse], *, now: datetime
    ) -> None:
        self._conn.execute(delete(warehouses).where(warehouses.c.store_id == store_id))
        if items:
            self._conn.execute(
                insert(warehouses),
                [
                    {
                        "store_id": store_id,
                        "warehouse_id": w.warehouse_id,
                        "name": w.name,
                        "status": w.status,
                        "is_rfbs": w.is_rfbs,
                        "is_express": w.is_express,
                        "is_kgt": w.is_kgt,
                        "updated_at": now,
                    }
                    for w in _unique(items, lambda w: w.warehouse_id)
                ],
            )

    def replace_delivery_methods(
        self, store_id: StoreId, items: Sequence[DeliveryMethod], *, now: datetime
    ) -> None:
        self._conn.execute(delete(delivery_methods).where(delivery_methods.c.store_id == store_id))
        if items:
            self._conn.execute(
                insert(delivery_methods),
                [
                    {
                        "store_id": store_id,
                        "delivery_method_id": m.delivery_method_id,
                        "name": m.name,
                        "warehouse_id": m.warehouse_id,
                        "integration_type": m.integration_type.value,
                        "status": m.status,
                        "provider_id": m.provider_id,
                        "cutoff": m.cutoff,
                        "updated_at": now,
                    }
                    for m in _unique(items, lambda m: m.delivery_method_id)
                ],
            )

    def warehouses(self, store_id: StoreId) -> builtins.list[Warehouse]:
        query = (
            select(warehouses).where(warehouses.c.store_id == store_id).order_by(warehouses.c.name)
        )
        return [
            Warehouse(
                store_id=StoreId(row["store_id"]),
                warehouse_id=row["warehouse_id"],
                name=row["name"],
                status=row["status"],
                is_rfbs=row["is_rfbs"],
                is_express=row["is_express"],
                is_kgt=row["is_kgt"],
            )
            for row in self._conn.execute(query).mappings()
        ]

    def _update(self, store_id: StoreId, **values: Any) -> None:
        result = self._conn.execute(update(stores).where(stores.c.id == store_id).values(**values))
        if result.rowcount == 0:
            raise UnknownStore(store_id)


def _store(row: Any) -> Store:
    return Store(
        id=StoreId(row["id"]),
        name=row["name"],
        client_id=row["client_id"],
        base_url=row["base_url"],
        is_active=bool(row["is_active"]),
    )


def _unique(items: Sequence[_Item], key: Callable[[_Item], int]) -> builtins.list[_Item]:
    """One entry per Ozon id (the last one wins), as the primary key demands."""
    return list({key(item): item for item in items}.values())
