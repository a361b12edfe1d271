"""the beleid role (aggregated figures only)

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29 12:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

_OLD_ROLES = "role IN ('consulent', 'swt', 'aanbieder', 'beheerder')"
_NEW_ROLES = "role IN ('consulent', 'swt', 'aanbieder', 'beheerder', 'beleid')"


def upgrade() -> None:
    # --- The role check widened for `beleid` (issue 12; migration 0006 does the same). ---
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", _NEW_ROLES)


def downgrade() -> None:
    # The accounts of a role that no longer exists go; their audit lines stay.
    op.execute("DELETE FROM user_account WHERE role = 'beleid'")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", _OLD_ROLES)
