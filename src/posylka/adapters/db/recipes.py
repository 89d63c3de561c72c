"""Packing rules (recipes) and their versions in the database (the ``RecipeRepository`` port)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select
from sqlalchemy.exc import IntegrityError

from posylka.adapters.db.tables import postings
from posylka.adapters.db.tables.recipes import recipe_versions
from posylka.domain.ids import PostingNumber, RecipeVersionId, StoreId, UserId
from posylka.domain.recipe_rules import parse_rules
from posylka.domain.recipes import SavedRuleSet, VersionTaken


class SqlRecipeRepository:
    """Rule versions on one connection; never commits (the unit of work does)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def current(self, store_id: StoreId) -> SavedRuleSet | None:
        found = self.versions(store_id, limit=1)
        return found[0] if found else None

    def version(self, store_id: StoreId, version: int) -> SavedRuleSet | None:
        row = (
            self._conn.execute(
                select(recipe_versions).where(
                    recipe_versions.c.store_id == store_id, recipe_versions.c.version == version
                )
            )
            .mappings()
            .first()
        )
        return _saved(row) if row is not None else None

    def versions(self, store_id: StoreId, *, limit: int = 50) -> list[SavedRuleSet]:
        rows = self._conn.execute(
            select(recipe_versions)
            .where(recipe_versions.c.store_id == store_id)
            .order_by(recipe_versions.c.version.desc())
            .limit(limit)
        ).mappings()
        return [_saved(row) for row in rows]

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
    ) -> SavedRuleSet:
        try:
            new_id = self._conn.execute(
                insert(recipe_versions).values(
                    store_id=store_id,
                    version=version,
                    rules=list(rules),
                    note=note,
                    saved_at=saved_at,
                    saved_by=saved_by,
                    user_id=user_id,
                )
            ).inserted_primary_key
        except IntegrityError as exc:
            # The (store, version) key: another save took this number since it was read.
            raise VersionTaken(store_id, version) from exc
        assert new_id is not None
        return SavedRuleSet(
            id=RecipeVersionId(int(new_id[0])),
            store_id=store_id,
            ruleset=parse_rules(list(rules), version=version),
            note=note,
            saved_at=saved_at,
            saved_by=saved_by,
            user_id=user_id,
        )

    def recent_postings(self, store_id: StoreId, *, limit: int) -> list[PostingNumber]:
        # Latest by ship-by, read backwards along ix_postings_store_ship_by.
        rows = self._conn.execute(
            select(postings.c.posting_number)
            .where(postings.c.store_id == store_id, postings.c.ship_by.is_not(None))
            .order_by(postings.c.ship_by.desc(), postings.c.id.desc())
            .limit(limit)
        )
        return [PostingNumber(number) for (number,) in rows]


def _saved(row: RowMapping) -> SavedRuleSet:
    return SavedRuleSet(
        id=RecipeVersionId(row["id"]),
        store_id=StoreId(row["store_id"]),
        ruleset=parse_rules(row["rules"], version=row["version"]),
        note=row["note"],
        saved_at=row["saved_at"],
        saved_by=row["saved_by"],
        user_id=UserId(row["user_id"]) if row["user_id"] is not None else None,
    )
