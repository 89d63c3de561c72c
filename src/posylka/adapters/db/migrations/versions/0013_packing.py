"""Packing station: sessions, scans, weights, evidence.

Revision ID: 0013
Revises: 0012
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "packing_sessions",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        _text("posting_number", 64),
        _text("status", 20),
        sa.Column("user_id", ID, nullable=True),
        _text("started_by", 100),
        _at("started_at"),
        _at("completed_at", nullable=True),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("expected_weight_g", sa.Integer(), nullable=True),
        _text("weight_verdict", 20),
        sa.PrimaryKeyConstraint("id", name="pk_packing_sessions"),
        _fk("packing_sessions", "store_id", "stores", ondelete="CASCADE"),
        _fk("packing_sessions", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index(
        "ix_packing_sessions_posting", "packing_sessions", ["store_id", "posting_number", "id"]
    )
    op.create_table(
        "packing_scans",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        _text("code", 200),
        _text("outcome", 20),
        sa.Column("sku", sa.BigInteger(), nullable=True),
        _at("scanned_at"),
        sa.Column("user_id", ID, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_packing_scans"),
        _fk("packing_scans", "session_id", "packing_sessions", ondelete="CASCADE"),
        _fk("packing_scans", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_packing_scans_session", "packing_scans", ["session_id", "id"])
    op.create_table(
        "packing_evidence",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        _text("posting_number", 64),
        _text("kind", 10),
        _text("content_type", 100),
        sa.Column("size", sa.Integer(), nullable=False),
        _text("sha256", 64),
        _text("path", 300),
        sa.Column("user_id", ID, nullable=True),
        _text("created_by", 100),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_packing_evidence"),
        _fk("packing_evidence", "store_id", "stores", ondelete="CASCADE"),
        _fk("packing_evidence", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index("ix_packing_evidence_posting", "packing_evidence", ["posting_number", "id"])


def downgrade() -> None:
    op.drop_index("ix_packing_evidence_posting", table_name="packing_evidence")
    op.drop_table("packing_evidence")
    op.drop_index("ix_packing_scans_session", table_name="packing_scans")
    op.drop_table("packing_scans")
    op.drop_index("ix_packing_sessions_posting", table_name="packing_sessions")
    op.drop_table("packing_sessions")
