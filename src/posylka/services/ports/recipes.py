"""Ports of the recipes area."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.recipes import SavedRuleSet


class RecipeRepository(Protocol):
    """Packing rules: their saved versions and the one in force per store.

    Versions are only ever added: the one in force is a store's highest version."""

    def current(self, store_id: StoreId) -> SavedRuleSet | None: ...
    def version(self, store_id: StoreId, version: int) -> SavedRuleSet | None: ...
    def versions(self, store_id: StoreId, *, limit: int = 50) -> list[SavedRuleSet]:
        """Saved versions, newest first."""
        ...

    def add(
        self,
        store_id: StoreId,
        *,
        version: int,
        rules: Sequence[dict[str, Any]],
        note: str,
        saved_at: datetime,
        saved_by: str,
        user_id: UserId | None,
    ) -> SavedRuleSet: ...
    def recent_postings(self, store_id: StoreId, *, limit: int) -> list[PostingNumber]:
        """The store's latest postings (by when Ozon created them), newest first."""
        ...
