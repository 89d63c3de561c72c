"""Packing rules (recipes) and their versions.

Revision ID: 0010
Revises: 0009
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "recipe_versions",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(100), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_recipe_versions"),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name="fk_recipe_versions_store_id_stores",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_recipe_versions_user_id_users",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("store_id", "version", name="uq_recipe_versions_store_version"),
    )


def downgrade() -> None:
    op.drop_table("recipe_versions")
