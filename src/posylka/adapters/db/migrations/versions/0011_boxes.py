"""Box catalogue, per-posting limits and box choices (recommendations and overrides).

Revision ID: 0011
Revises: 0010
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MONEY = sa.Numeric(14, 2)


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _int(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "box_catalogue",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("warehouse_id", ID, nullable=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        _int("length_mm"),
        _int("width_mm"),
        _int("height_mm"),
        _int("max_weight_g"),
        _int("own_weight_g"),
        sa.Column("cost", MONEY, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _at("created_at"),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_box_catalogue"),
        _fk("box_catalogue", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_index("ix_box_catalogue_code", "box_catalogue", ["store_id", "code"], unique=True)
    op.create_table(
        "posting_limits",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("posting_number", sa.String(64), nullable=False),
        _int("max_weight_g", nullable=True),
        _int("min_weight_g", nullable=True),
        _int("max_length_mm", nullable=True),
        _int("max_width_mm", nullable=True),
        _int("max_height_mm", nullable=True),
        sa.Column("max_price", MONEY, nullable=True),
        sa.Column("min_price", MONEY, nullable=True),
        _at("fetched_at"),
        sa.PrimaryKeyConstraint("store_id", "posting_number", name="pk_posting_limits"),
        _fk("posting_limits", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_table(
        "box_choices",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("posting_number", sa.String(64), nullable=False),
        sa.Column("solver", sa.String(10), nullable=False),
        sa.Column("boxes", sa.JSON(), nullable=False),
        sa.Column("cost", MONEY, nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("recommended", sa.JSON(), nullable=True),
        sa.Column("recommended_cost", MONEY, nullable=True),
        sa.Column("user_id", ID, nullable=True),
        _at("chosen_at"),
        sa.PrimaryKeyConstraint("id", name="pk_box_choices"),
        _fk("box_choices", "store_id", "stores", ondelete="CASCADE"),
        _fk("box_choices", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_box_choices_posting", "box_choices", ["store_id", "posting_number", "id"])


def downgrade() -> None:
    op.drop_index("ix_box_choices_posting", table_name="box_choices")
    op.drop_table("box_choices")
    op.drop_table("posting_limits")
    op.drop_index("ix_box_catalogue_code", table_name="box_catalogue")
    op.drop_table("box_catalogue")
