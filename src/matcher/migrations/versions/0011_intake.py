"""aanmelding: a resident's request to search together, or a partner passing someone on

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aanmelding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("best_time", sa.String(length=100), nullable=True),
        sa.Column("about", sa.String(length=500), nullable=True),
        sa.Column("consent", sa.String(length=300), nullable=False),
        sa.Column("referrer", sa.String(length=100), nullable=True),
        sa.Column("referrer_phone", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "source IN ('inwoner', 'huisarts', 'poh', 'wijkverpleging')",
            name=op.f("ck_aanmelding_source"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_aanmelding_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aanmelding")),
        sa.UniqueConstraint("case_id", name=op.f("uq_aanmelding_case_id")),
    )


def downgrade() -> None:
    op.drop_table("aanmelding")
