"""every change that goes live keeps the catalogue version it made, so a worker whose ranking
index is of an older version reads only the activities changed since

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-09 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activiteit_wijziging") as batch_op:
        batch_op.add_column(sa.Column("catalogue_version", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_activiteit_wijziging_catalogue_version"), ["catalogue_version"]
        )


def downgrade() -> None:
    with op.batch_alter_table("activiteit_wijziging") as batch_op:
        batch_op.drop_index(batch_op.f("ix_activiteit_wijziging_catalogue_version"))
        batch_op.drop_column("catalogue_version")
