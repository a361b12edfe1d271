"""help with costs: funds and arrangements kept by the beheerder (kostenhulp)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kostenhulp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("income", sa.String(length=300), nullable=False),
        sa.Column("pays", sa.String(length=300), nullable=False),
        sa.Column("max_eur_year", sa.Integer(), nullable=True),
        sa.Column("apply", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("example", sa.Boolean(), nullable=False),
        sa.CheckConstraint("min_age IS NULL OR min_age >= 0", name=op.f("ck_kostenhulp_min_age")),
        sa.CheckConstraint("max_age IS NULL OR max_age >= 0", name=op.f("ck_kostenhulp_max_age")),
        sa.CheckConstraint(
            "max_eur_year IS NULL OR max_eur_year >= 0", name=op.f("ck_kostenhulp_max_eur_year")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kostenhulp")),
    )


def downgrade() -> None:
    op.drop_table("kostenhulp")
