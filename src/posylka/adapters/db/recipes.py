"""Packing rules (recipes) and their versions in the database (the ``RecipeRepository`` port)."""

from __future__ import annotations

from sqlalchemy import Connection


class SqlRecipeRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
