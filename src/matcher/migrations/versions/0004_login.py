"""the last time step of each account's codes (each code logs in once); forms kept on the server

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user_account", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "kept_form",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_kept_form_account_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kept_form")),
    )
    with op.batch_alter_table("kept_form", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kept_form_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kept_form_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kept_form", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kept_form_expires_at"))
        batch_op.drop_index(batch_op.f("ix_kept_form_account_id"))
    op.drop_table("kept_form")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
