"""Ports of stock on Ozon: the stock gateway of one store, and the push state and runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from posylka.domain import stock_push as stock_push_rules
from posylka.domain.ids import ProductId, StoreId, WarehouseId
from posylka.domain.stores import StoreCredentials


class StockGateway(Protocol):
    """Stock on one store's Ozon account (``/v2/products/stocks`` and Ozon's view of it)."""

    @property
    def api_calls(self) -> int: ...

    async def push_stocks(
        self, items: list[stock_push_rules.StockPushItem]
    ) -> list[stock_push_rules.StockUpdate]: ...

    async def fetch_warehouse_stocks(self) -> list[stock_push_rules.OzonStock]: ...

    async def aclose(self) -> None: ...


class StockGatewayFactory(Protocol):
    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> StockGateway: ...


class StockPushRepository(Protocol):
    """Push state per product × warehouse pair and the push and reconcile runs."""

    def states(
        self, store_id: StoreId, product_ids: Iterable[ProductId] | None = None
    ) -> dict[tuple[ProductId, WarehouseId], stock_push_rules.PairState]: ...
    def apply_changes(
        self, store_id: StoreId, changes: Sequence[stock_push_rules.PairChange], *, now: datetime
    ) -> None: ...
    def due(
        self, store_id: StoreId, *, now: datetime, limit: int
    ) -> list[stock_push_rules.StockPushItem]: ...
    def next_due_at(self, store_id: StoreId) -> datetime | None: ...
    def record_answers(
        self,
        store_id: StoreId,
        sent: Sequence[stock_push_rules.StockPushItem],
        answers: Sequence[stock_push_rules.StockUpdate],
        *,
        now: datetime,
        pair_interval: timedelta,
    ) -> None: ...
    def record_failure(
        self,
        store_id: StoreId,
        sent: Sequence[stock_push_rules.StockPushItem],
        message: str,
        *,
        retry_at: datetime,
    ) -> None: ...
    def record_reconcile(
        self,
        store_id: StoreId,
        observed: Sequence[tuple[tuple[ProductId, WarehouseId], int | None, int | None]],
        *,
        now: datetime,
    ) -> None: ...
    def record_run(self, store_id: StoreId, run: stock_push_rules.PushRunView) -> None: ...
    def last_run(self, store_id: StoreId, kind: str) -> stock_push_rules.PushRunView | None: ...
    def overview(
        self, store_id: StoreId, *, limit: int = 200
    ) -> stock_push_rules.StockPushOverview: ...
