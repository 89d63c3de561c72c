"""Hand-overs, pallet checklist and rFBS tracking.

Revision ID: 0014
Revises: 0013
Created: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types frozen as they were at this revision (migrations must not follow later code changes).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    kind: sa.types.TypeEngine[str] = sa.String(length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False)


def _fk(child: str, column: str, parent: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=f"fk_{child}_{column}_{parent}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        sa.Column("delivery_method_id", sa.BigInteger(), nullable=False),
        _text("delivery_method_name", 300),
        sa.Column("departure_date", sa.Date(), nullable=False),
        _text("state", 20),
        sa.Column("carriage_id", sa.BigInteger(), nullable=True),
        _text("carriage_status", 40),
        sa.Column("containers_count", sa.Integer(), nullable=True),
        _text("error_code", 100),
        _text("error_message"),
        _text("created_by", 100),
        sa.Column("user_id", ID, nullable=True),
        _at("created_at"),
        _at("updated_at"),
        _at("handed_over_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_handovers"),
        _fk("handovers", "store_id", "stores", ondelete="CASCADE"),
        _fk("handovers", "user_id", "users", ondelete="SET NULL"),
    )
    op.create_index(
        "ix_handovers_group", "handovers", ["store_id", "delivery_method_id", "departure_date"]
    )
    op.create_index("ix_handovers_departure", "handovers", ["departure_date", "id"])
    op.create_table(
        "handover_postings",
        sa.Column("handover_id", ID, nullable=False),
        _text("posting_number", 64),
        _at("counted_at", nullable=True),
        _text("counted_by", 100),
        sa.PrimaryKeyConstraint("handover_id", "posting_number", name="pk_handover_postings"),
        _fk("handover_postings", "handover_id", "handovers", ondelete="CASCADE"),
    )
    op.create_index("ix_handover_postings_number", "handover_postings", ["posting_number"])
    op.create_table(
        "handover_documents",
        sa.Column("handover_id", ID, nullable=False),
        _text("kind", 20),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _at("fetched_at"),
        sa.PrimaryKeyConstraint("handover_id", "kind", name="pk_handover_documents"),
        _fk("handover_documents", "handover_id", "handovers", ondelete="CASCADE"),
    )
    op.create_table(
        "handover_scans",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("handover_id", ID, nullable=False),
        _text("code", 100),
        _text("outcome", 20),
        _text("posting_number", 64),
        _at("scanned_at"),
        _text("actor", 100),
        sa.PrimaryKeyConstraint("id", name="pk_handover_scans"),
        _fk("handover_scans", "handover_id", "handovers", ondelete="CASCADE"),
    )
    op.create_index("ix_handover_scans_handover", "handover_scans", ["handover_id", "id"])
    op.create_table(
        "rfbs_tracking_log",
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("store_id", ID, nullable=False),
        _text("posting_number", 64),
        _text("action", 20),
        _text("value", 100),
        sa.Column("ok", sa.Boolean(), nullable=False),
        _text("error", 300),
        _at("at"),
        _text("actor", 100),
        sa.PrimaryKeyConstraint("id", name="pk_rfbs_tracking_log"),
        _fk("rfbs_tracking_log", "store_id", "stores", ondelete="CASCADE"),
    )
    op.create_index(
        "ix_rfbs_tracking_log_posting", "rfbs_tracking_log", ["store_id", "posting_number", "id"]
    )
    op.create_index("ix_rfbs_tracking_log_at", "rfbs_tracking_log", ["at", "id"])


def downgrade() -> None:
    op.drop_index("ix_rfbs_tracking_log_at", table_name="rfbs_tracking_log")
    op.drop_index("ix_rfbs_tracking_log_posting", table_name="rfbs_tracking_log")
    op.drop_table("rfbs_tracking_log")
    op.drop_index("ix_handover_scans_handover", table_name="handover_scans")
    op.drop_table("handover_scans")
    op.drop_table("handover_documents")
    op.drop_index("ix_handover_postings_number", table_name="handover_postings")
    op.drop_table("handover_postings")
    op.drop_index("ix_handovers_departure", table_name="handovers")
    op.drop_index("ix_handovers_group", table_name="handovers")
    op.drop_table("handovers")
