"""papers for the person: the times chosen per referral and what to bring; a team's phone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verwijzing") as batch_op:
        batch_op.add_column(sa.Column("chosen_slots", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("bring", sa.String(length=200), nullable=True))
    with op.batch_alter_table("team") as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team") as batch_op:
        batch_op.drop_column("phone")
    with op.batch_alter_table("verwijzing") as batch_op:
        batch_op.drop_column("bring")
        batch_op.drop_column("chosen_slots")
