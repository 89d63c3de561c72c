"""Ports of the shortfalls area: the manager's decisions for postings short of stock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from posylka.domain import shortfalls as shortfall_rules
from posylka.domain.ids import StoreId


class ShortfallRepository(Protocol):
    """The manager's decisions for postings short of stock (one per posting)."""

    def posting_id(self, store_id: StoreId, posting_number: str) -> int | None: ...
    def decide(self, decision: shortfall_rules.ShortfallDecision) -> None: ...
    def clear(self, posting_ids: Sequence[int]) -> None: ...
    def decisions(
        self, posting_ids: Sequence[int]
    ) -> dict[int, shortfall_rules.ShortfallDecision]: ...
    def waiting(
        self, store_id: StoreId | None = None
    ) -> list[shortfall_rules.ShortfallDecision]: ...
