"""the 'voel je je welkom?' check-in at 4 and 12 weeks of taking part

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "welkom_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("moment", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("moment IN (4, 12)", name=op.f("ck_welkom_checkin_moment")),
        sa.CheckConstraint(
            "answer IN ('ja', 'beetje', 'nee')", name=op.f("ck_welkom_checkin_answer")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["verwijzing.id"],
            name=op.f("fk_welkom_checkin_referral_id_verwijzing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welkom_checkin")),
        sa.UniqueConstraint("referral_id", "moment", name="uq_welkom_checkin_moment"),
    )
    with op.batch_alter_table("welkom_checkin", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_welkom_checkin_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("welkom_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_welkom_checkin_referral_id"))
    op.drop_table("welkom_checkin")
