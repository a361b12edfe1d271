"""a case handed over between teams, with the reason, until the receiving team opens it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overdracht",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_team_id", sa.Integer(), nullable=False),
        sa.Column("to_team_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("from_team_id <> to_team_id", name=op.f("ck_overdracht_other_team")),
        sa.CheckConstraint("length(reason) <= 300", name=op.f("ck_overdracht_reason_length")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_overdracht_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_team_id"], ["team.id"], name=op.f("fk_overdracht_from_team_id_team")
        ),
        sa.ForeignKeyConstraint(
            ["to_team_id"], ["team.id"], name=op.f("fk_overdracht_to_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overdracht")),
    )
    with op.batch_alter_table("overdracht", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_overdracht_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_overdracht_to_team_id"), ["to_team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("overdracht", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_overdracht_to_team_id"))
        batch_op.drop_index(batch_op.f("ix_overdracht_case_id"))
    op.drop_table("overdracht")
