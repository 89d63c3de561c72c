"""Tables of the boxes area: the box catalogue, the drop-off limits fetched per posting, and
every box choice made for a posting (recommendations and packers' overrides)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table

from posylka.adapters.db.tables.base import Id, Money, UtcDateTime, metadata

box_catalogue = Table(
    "box_catalogue",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    # Ozon's warehouse id; NULL: the box serves every warehouse of the store.
    Column("warehouse_id", Id),
    Column("code", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("kind", String(10), nullable=False),
    # Inner size in millimetres, weights in grams.
    Column("length_mm", Integer, nullable=False),
    Column("width_mm", Integer, nullable=False),
    Column("height_mm", Integer, nullable=False),
    Column("max_weight_g", Integer, nullable=False),
    Column("own_weight_g", Integer, nullable=False),
    Column("cost", Money, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_box_catalogue_code", "store_id", "code", unique=True),
)

posting_limits = Table(
    "posting_limits",
    metadata,
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
    Column("posting_number", String(64), primary_key=True),
    # /v1/posting/fbs/restrictions in grams, millimetres and roubles; NULL: no limit.
    Column("max_weight_g", Integer),
    Column("min_weight_g", Integer),
    Column("max_length_mm", Integer),
    Column("max_width_mm", Integer),
    Column("max_height_mm", Integer),
    Column("max_price", Money),
    Column("min_price", Money),
    Column("fetched_at", UtcDateTime, nullable=False),
)

box_choices = Table(
    "box_choices",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("posting_number", String(64), nullable=False),
    # heuristic | exact (posylka's recommendation) | override (a packer's own choice).
    Column("solver", String(10), nullable=False),
    # [{"id", "code"}] per box, in package order; codes stay readable if a box is deleted.
    Column("boxes", JSON, nullable=False),
    Column("cost", Money, nullable=False),
    Column("problems", JSON, nullable=False),
    # For an override: the recommendation it replaced, as [{"id", "code"}] and its cost.
    Column("recommended", JSON),
    Column("recommended_cost", Money),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("chosen_at", UtcDateTime, nullable=False),
    Index("ix_box_choices_posting", "store_id", "posting_number", "id"),
)
