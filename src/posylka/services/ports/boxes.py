"""Ports of the boxes area: the box catalogue with its records, and the exact packer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from posylka.domain.box_packing import Dims, Placement, Unit
from posylka.domain.boxes import Box, BoxChoiceRecord, BoxSpec
from posylka.domain.ids import BoxId, PostingNumber, StoreId, WarehouseId
from posylka.domain.shipping import PostingRestrictions


class BoxRepository(Protocol):
    """The box catalogue per warehouse, Ozon's per-posting limits and the packers' box overrides."""

    def boxes(
        self,
        store_id: StoreId,
        *,
        warehouse_id: WarehouseId | None = None,
        active_only: bool = False,
    ) -> list[Box]:
        """The store's boxes (with ``warehouse_id``: those that serve it, including the boxes of
        every warehouse), ordered by kind, cost and code."""
        ...

    def get(self, box_id: BoxId) -> Box | None: ...
    def by_code(self, store_id: StoreId, code: str) -> Box | None: ...
    def count(self, store_id: StoreId) -> int: ...
    def add(self, store_id: StoreId, spec: BoxSpec, *, now: datetime) -> Box: ...
    def update(self, box_id: BoxId, spec: BoxSpec, *, now: datetime) -> None: ...

    def restrictions(
        self, store_id: StoreId, posting_number: PostingNumber
    ) -> PostingRestrictions | None:
        """The drop-off point's limits for a posting as last fetched from Ozon."""
        ...

    def save_restrictions(
        self, store_id: StoreId, restrictions: PostingRestrictions, *, now: datetime
    ) -> None: ...

    def record_choice(self, record: BoxChoiceRecord) -> None: ...
    def latest_choice(
        self, store_id: StoreId, posting_number: PostingNumber, *, solver: str | None = None
    ) -> BoxChoiceRecord | None:
        """The newest choice for a posting (of one solver, when given)."""
        ...

    def overrides(self, store_id: StoreId, *, limit: int = 100) -> list[BoxChoiceRecord]:
        """The latest packers' overrides of a store, newest first."""
        ...


class ExactPacker(Protocol):
    """Places units in a box exactly (a constraint solver with a time limit per box).

    ``None`` when the units do not fit, or when the solver could not prove they do in its time.
    """

    def place(self, box: Dims, units: Sequence[Unit]) -> tuple[Placement, ...] | None: ...
