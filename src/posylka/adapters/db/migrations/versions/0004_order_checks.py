"""Order checks: each posting's verdict and the reasons behind it.

Revision ID: 0004
Revises: 0003
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _fk(child: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "posting_checks",
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("posting_id", name="pk_posting_checks"),
        _fk("posting_checks", "posting_id", "postings"),
        _fk("posting_checks", "store_id", "stores"),
    )
    op.create_index("ix_posting_checks_verdict", "posting_checks", ["verdict", "posting_id"])
    op.create_index("ix_posting_checks_store_verdict", "posting_checks", ["store_id", "verdict"])
    op.create_table(
        "posting_check_reasons",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_posting_check_reasons"),
        _fk("posting_check_reasons", "posting_id", "postings"),
        sa.UniqueConstraint(
            "posting_id", "code", "subject", name="uq_posting_check_reasons_reason"
        ),
    )
    op.create_table(
        "posting_check_acceptances",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("posting_id", ID, nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_posting_check_acceptances"),
        _fk("posting_check_acceptances", "posting_id", "postings"),
        sa.UniqueConstraint(
            "posting_id", "code", "subject", name="uq_posting_check_acceptances_reason"
        ),
    )
    op.create_table(
        "order_check_settings",
        sa.Column("store_id", ID, nullable=False),
        sa.Column("duplicate_window_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_id", name="pk_order_check_settings"),
        _fk("order_check_settings", "store_id", "stores"),
    )


def downgrade() -> None:
    op.drop_table("order_check_settings")
    op.drop_table("posting_check_acceptances")
    op.drop_table("posting_check_reasons")
    op.drop_index("ix_posting_checks_store_verdict", table_name="posting_checks")
    op.drop_index("ix_posting_checks_verdict", table_name="posting_checks")
    op.drop_table("posting_checks")
