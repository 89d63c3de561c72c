"""Tables of the recipes area: every saved version of a store's packing rules.

A version is never changed once written; the rules in force are the store's highest version,
and a store with no row follows the built-in rules (version 0).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from posylka.adapters.db.tables.base import Id, UtcDateTime, metadata

recipe_versions = Table(
    "recipe_versions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    # The rules as the rule file writes them (a JSON list of rules), already validated.
    Column("rules", JSON, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("saved_at", UtcDateTime, nullable=False),
    Column("saved_by", String(100), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    # Two managers saving at once: the second write of the same number fails, nothing is lost.
    UniqueConstraint("store_id", "version", name="uq_recipe_versions_store_version"),
)
