"""A store wired to the Ozon sandbox (in-process) and a real database, with products and stock
levels written straight into the tables the push reads, and clocks the tests move by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, insert, select, update

from posylka.adapters.db.tables import products, stock_levels, stock_push_pairs
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import ProductId, StoreId
from posylka.domain.stores import StoreCredentials
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.services.stock_push import (
    PushSummary,
    ReconcileSummary,
    StockPushOptions,
    push_stock,
    reconcile_stock,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
URL = "http://sandbox.test"


class Clock:
    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@dataclass
class StockWorld:
    engine: Engine
    load_offers: int = 300
    app: SandboxApp = field(init=False)

    def __post_init__(self) -> None:
        self.app = create_app(
            SandboxConfig(seed=3, postings=20, now=NOW, rate_limit=0, load_offers=self.load_offers)
        )
        self.uow = SqlUnitOfWorkFactory(self.engine, ApiKeyCipher("stock push test secret"))
        self.clock = Clock()
        config = self.app.config
        with self.uow() as tx:
            store = tx.stores.add(
                "Склад", StoreCredentials(config.client_id, config.accepted_api_key, URL), now=NOW
            )
            tx.commit()
        self.store_id: StoreId = store.id
        self.warehouses = [w.id for w in self.app.state.warehouses]
        self._products: dict[str, ProductId] = {}

    # --- the catalogue and the levels ------------------------------------------------------------

    def product(self, offer_id: str, *, safety_buffer: int = 0) -> ProductId:
        if offer_id not in self._products:
            with self.engine.begin() as conn:
                new_id = conn.execute(
                    insert(products)
                    .values(
                        store_id=self.store_id,
                        offer_id=offer_id,
                        safety_buffer=safety_buffer,
                        updated_at=NOW,
                    )
                    .returning(products.c.id)
                ).scalar_one()
            self._products[offer_id] = ProductId(new_id)
        return self._products[offer_id]

    def level(self, offer_id: str, warehouse: int, on_hand: int, reserved: int = 0) -> None:
        """Set a level as INVENTORY would, stamped with the test clock."""
        product_id = self.product(offer_id)
        values = {"on_hand": on_hand, "reserved": reserved, "changed_at": self.clock.now()}
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(stock_levels)
                .where(
                    stock_levels.c.product_id == product_id,
                    stock_levels.c.warehouse_id == warehouse,
                )
                .values(values)
            ).rowcount
            if not changed:
                conn.execute(
                    insert(stock_levels).values(
                        product_id=product_id, warehouse_id=warehouse, **values
                    )
                )

    def pair_row(self, offer_id: str, warehouse: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(stock_push_pairs).where(
                        stock_push_pairs.c.product_id == self._products[offer_id],
                        stock_push_pairs.c.warehouse_id == warehouse,
                    )
                )
                .mappings()
                .one()
            )
        return dict(row)

    # --- time ------------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move posylka's clock and the sandbox's together."""
        self.clock.at += timedelta(seconds=seconds)
        self.app.state.clock.advance(seconds)

    # --- Ozon ------------------------------------------------------------------------------------

    def gateway(self) -> OzonGateway:
        config = self.app.config
        client = OzonClient.connect(
            config.client_id,
            config.accepted_api_key,
            base_url=URL,
            transport=httpx.ASGITransport(app=self.app),
            limiter=RateLimiter(),
            retry=RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002),
        )
        return OzonGateway(self.store_id, client)

    def on_ozon(self, offer_id: str, warehouse: int) -> int | None:
        return self.app.state.stocks.stock.get((offer_id, warehouse))

    async def push(self, **options: Any) -> PushSummary:
        now_all = options.pop("now_all", False)
        gateway = self.gateway()
        try:
            return await push_stock(
                self.store_id,
                uow=self.uow,
                gateway=gateway,
                clock=self.clock,
                options=StockPushOptions(**options),
                now_all=now_all,
            )
        finally:
            await gateway.aclose()

    async def reconcile(self) -> ReconcileSummary:
        gateway = self.gateway()
        try:
            return await reconcile_stock(
                self.store_id, uow=self.uow, gateway=gateway, clock=self.clock
            )
        finally:
            await gateway.aclose()
