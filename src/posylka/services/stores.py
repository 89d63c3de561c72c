"""Stores (Ozon seller accounts): adding them, listing them with their sync state, syncing now.

The API key is handed to the store repository, which keeps it encrypted; it is never read back for
display and never written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from posylka.domain.errors import PosylkaError
from posylka.domain.ids import StoreId
from posylka.domain.stores import OZON_BASE_URL, Store, StoreCredentials
from posylka.services.accounts import SYSTEM_ACTOR, NotAllowed
from posylka.services.ports import Account, Clock, SyncStatus, UnitOfWorkFactory


class StoreError(PosylkaError):
    """A store could not be added; subclasses say which field is wrong."""

    field = ""


class StoreNameTaken(StoreError):
    field = "name"

    def __init__(self, name: str) -> None:
        super().__init__(f"a store named {name!r} exists")
        self.name = name


class MissingStoreName(StoreError):
    field = "name"


class InvalidClientId(StoreError):
    """Ozon's Client-Id is a number (shown in the seller account's API settings)."""

    field = "client_id"


class MissingApiKey(StoreError):
    field = "api_key"


class InvalidBaseUrl(StoreError):
    field = "base_url"


class UnknownStore(StoreError):
    field = "store_id"

    def __init__(self, store_id: StoreId) -> None:
        super().__init__(f"no store with id {store_id}")
        self.store_id = store_id


@dataclass(frozen=True, slots=True)
class NewStore:
    name: str
    client_id: str
    api_key: str
    base_url: str = OZON_BASE_URL


@dataclass(frozen=True, slots=True)
class StoreOverview:
    store: Store
    sync: SyncStatus | None


def add_store(new: NewStore, *, by: Account | None, uow: UnitOfWorkFactory, clock: Clock) -> Store:
    """Register an Ozon seller account so its postings can be synced. ``by`` is the admin doing
    it, or ``None`` for the command line."""
    if by is not None and not by.role.can_manage_settings:
        raise NotAllowed(by.role, "add stores")
    name, client_id = new.name.strip(), new.client_id.strip()
    api_key, base_url = new.api_key.strip(), new.base_url.strip().rstrip("/") or OZON_BASE_URL
    if not name:
        raise MissingStoreName("a store needs a name")
    if not client_id.isdigit():
        raise InvalidClientId(f"client id {client_id!r} is not a number")
    if not api_key:
        raise MissingApiKey("an API key is required")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidBaseUrl(f"{base_url!r} is not an http(s) address")
    now = clock.now()
    with uow() as tx:
        if tx.stores.by_name(name) is not None:
            raise StoreNameTaken(name)
        store = tx.stores.add(name, StoreCredentials(client_id, api_key, base_url), now=now)
        tx.audit.record(
            "store.created",
            at=now,
            actor=by.username if by else SYSTEM_ACTOR,
            user_id=by.id if by else None,
            store_id=store.id,
            object_type="store",
            object_id=str(store.id),
            details={"name": name, "client_id": client_id, "base_url": base_url},
        )
        tx.commit()
    return store


def list_stores(*, by: Account | None, uow: UnitOfWorkFactory) -> list[StoreOverview]:
    """Every store with its last sync and last error, for the settings page (``by`` is ``None``
    for the command line)."""
    if by is not None and not by.role.can_manage_settings:
        raise NotAllowed(by.role, "list stores")
    with uow() as tx:
        stores = tx.stores.list(active_only=False)
        status = {s.store_id: s for s in tx.sync_state.status()}
    return [StoreOverview(store, status.get(store.id)) for store in stores]


def request_sync(
    store_id: StoreId | None,
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
    enqueue: Callable[[StoreId | None], None],
) -> None:
    """Ask for a sync of one store (or all of them) now instead of at the next interval; ``by``
    is ``None`` for the command line."""
    if by is not None and not by.role.can_manage_postings:
        raise NotAllowed(by.role, "start a sync")
    with uow() as tx:
        if store_id is not None and tx.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        tx.audit.record(
            "sync.requested",
            at=clock.now(),
            actor=by.username if by else SYSTEM_ACTOR,
            user_id=by.id if by else None,
            store_id=store_id,
            object_type="store" if store_id is not None else "",
            object_id=str(store_id) if store_id is not None else "",
        )
        tx.commit()
    enqueue(store_id)
