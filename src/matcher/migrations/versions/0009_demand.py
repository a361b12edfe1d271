"""anonymous demand: counters per ISO week and combination (vraag_teller)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vraag_teller",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("wijk", sa.String(length=40), nullable=False),
        sa.Column("interest", sa.String(length=40), nullable=False),
        sa.Column("support", sa.String(length=40), nullable=False),
        sa.Column("fit", sa.String(length=5), nullable=False),
        sa.Column("near_miss", sa.String(length=40), nullable=False),
        sa.Column("dagdeel", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("fit IN ('goed', 'deels', 'geen')", name="fit"),
        sa.CheckConstraint("count > 0", name="count"),
        sa.PrimaryKeyConstraint(
            "week", "wijk", "interest", "support", "fit", "near_miss", "dagdeel"
        ),
    )


def downgrade() -> None:
    op.drop_table("vraag_teller")
