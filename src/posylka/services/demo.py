"""The demo installation: staff accounts and a store connected to the Ozon sandbox.

Running the demo again keeps what is there: existing accounts keep their passwords (and are
reported as such), and the demo store is pointed at wherever the sandbox listens this time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from posylka.domain.ids import StoreId
from posylka.domain.stock_entries import EntryKind, StockEntry
from posylka.domain.stores import Role, StoreCredentials
from posylka.services.accounts import SYSTEM_ACTOR, NewUser, create_user
from posylka.services.catalogue_pull import pull_catalogue
from posylka.services.intake import take_in
from posylka.services.inventory import record_stock
from posylka.services.ports import Clock, MarketplaceFactory, PasswordHasher, UnitOfWorkFactory
from posylka.services.sync_postings import sync_store

DEMO_STORE = "Demo store"
DEMO_ACCOUNTS = (
    ("admin", "demo-admin", Role.ADMIN),
    ("manager", "demo-manager", Role.MANAGER),
    ("packer", "demo-packer", Role.PACKER),
)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    created: bool
    """False when the account existed before; its password may have been changed since."""


def prepare_demo(
    sandbox: StoreCredentials,
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
) -> list[DemoLogin]:
    """Make sure the demo accounts exist and the demo store talks to ``sandbox``."""
    logins = []
    for username, password, role in DEMO_ACCOUNTS:
        with uow() as tx:
            exists = tx.users.by_username(username) is not None
        if not exists:
            create_user(
                NewUser(username, password, role), by=None, uow=uow, hasher=hasher, clock=clock
            )
        logins.append(DemoLogin(username, password, role, created=not exists))
    now = clock.now()
    with uow() as tx:
        store = tx.stores.by_name(DEMO_STORE)
        if store is None:
            store = tx.stores.add(DEMO_STORE, sandbox, now=now)
            action = "store.created"
        else:
            tx.stores.update_credentials(store.id, sandbox)
            action = "store.credentials_changed"
        tx.audit.record(
            action,
            at=now,
            actor=SYSTEM_ACTOR,
            store_id=store.id,
            object_type="store",
            object_id=str(store.id),
            details={"name": DEMO_STORE, "base_url": sandbox.base_url, "demo": True},
        )
        tx.commit()
    return logins


@dataclass(frozen=True, slots=True)
class DemoStock:
    products: int
    receipts: int


DEMO_STOCK_ACTOR = "demo"
SOLD_OUT_SHARE = 0.06
"""Share of the demo's product-warehouse pairs left empty, so some postings come up short."""
LOW_SHARE = 0.12
"""Share received in ones and twos, so the low-stock list and shortfalls have something to show."""


async def stock_demo_store(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    clock: Clock,
    seed: int,
) -> DemoStock | None:
    """On the demo's first start, fill the shelves: sync the store once, pull its catalogue from
    the sandbox and receive a seeded quantity of every product in every warehouse (a few left
    empty or nearly so), then take the postings in so they are checked and reserved. A demo that
    already holds stock is left as it is (``None``)."""
    with uow() as tx:
        if tx.inventory.levels(store_id):
            return None
    await sync_store(store_id, uow=uow, marketplace=marketplace, clock=clock)
    pulled = await pull_catalogue(store_id, uow=uow, marketplace=marketplace, clock=clock)
    with uow() as tx:
        offers = [product.offer_id for product in tx.catalogue.iterate(store_id)]
        warehouses = [ref.warehouse_id for ref in tx.inventory.warehouses(store_id)]
    rng = random.Random(seed)
    entries = []
    for offer_id in offers:
        for warehouse_id in warehouses:
            roll = rng.random()
            if roll < SOLD_OUT_SHARE:
                continue
            quantity = (
                rng.randint(1, 2) if roll < SOLD_OUT_SHARE + LOW_SHARE else rng.randint(5, 60)
            )
            entries.append(StockEntry(offer_id, int(warehouse_id), quantity, EntryKind.RECEIPT))
    if entries:
        record_stock(entries, store_id=store_id, actor=DEMO_STOCK_ACTOR, uow=uow, clock=clock)
    # The pull took the postings in against empty shelves; the receipts filled what they could.
    # Whatever the pull did not reach is taken in now.
    take_in(store_id, uow=uow, clock=clock)
    return DemoStock(pulled.seen, len(entries))
