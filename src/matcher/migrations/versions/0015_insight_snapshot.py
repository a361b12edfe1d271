"""the insight reports as last worked out (inzicht_stand), so /inzicht answers at once

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inzicht_stand",
        sa.Column("report", sa.String(length=20), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("report"),
    )


def downgrade() -> None:
    op.drop_table("inzicht_stand")
