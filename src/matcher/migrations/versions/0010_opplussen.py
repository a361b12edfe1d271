"""opplussen: support offers, requests for support, expertise on call, volunteers, the
ondersteuner role

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_OLD_ROLES = "role IN ('consulent', 'swt', 'aanbieder', 'beheerder', 'beleid')"
_NEW_ROLES = "role IN ('consulent', 'swt', 'aanbieder', 'ondersteuner', 'beheerder', 'beleid')"


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column])


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", _NEW_ROLES)

    op.create_table(
        "steunaanbod",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("supports", sa.JSON(), nullable=False),
        sa.Column("wijken", sa.JSON(), nullable=False),
        sa.Column("expertise", sa.JSON(), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=False),
        sa.Column("contact_phone", sa.String(length=30), nullable=False),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_steunaanbod_capacity")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_steunaanbod_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steunaanbod")),
        sa.UniqueConstraint("code", name=op.f("uq_steunaanbod_code")),
    )
    _indexes("steunaanbod", "organisation_id")

    op.create_table(
        "vrijwilliger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("supports", sa.JSON(), nullable=False),
        sa.Column("wijk", sa.String(length=40), nullable=True),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("trainings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_vrijwilliger_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vrijwilliger")),
    )
    _indexes("vrijwilliger", "organisation_id")

    op.create_table(
        "opplusvraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("activity_title", sa.String(length=200), nullable=False),
        sa.Column("activity_organisation_id", sa.Integer(), nullable=True),
        sa.Column("wijk", sa.String(length=40), nullable=True),
        sa.Column("supports", sa.JSON(), nullable=False),
        sa.Column("expertise", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("contact_first_name", sa.String(length=60), nullable=True),
        sa.Column("contact_phone", sa.String(length=30), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("override_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('aangevraagd', 'toegezegd', 'geregeld', 'afgerond', 'niet_mogelijk')",
            name=op.f("ck_opplusvraag_state"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_opplusvraag_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["steunaanbod.id"], name=op.f("fk_opplusvraag_offer_id_steunaanbod")
        ),
        sa.ForeignKeyConstraint(
            ["activity_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_opplusvraag_activity_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["vrijwilliger.id"],
            name=op.f("fk_opplusvraag_volunteer_id_vrijwilliger"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opplusvraag")),
    )
    _indexes(
        "opplusvraag",
        "case_id",
        "offer_id",
        "activity_organisation_id",
        "volunteer_id",
        "created_at",
    )

    op.create_table(
        "expertisevraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_organisation_id", sa.Integer(), nullable=False),
        sa.Column("to_organisation_id", sa.Integer(), nullable=False),
        sa.Column("expertise", sa.String(length=20), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=True),
        sa.Column("answer", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IS NULL OR kind IN ('advies', 'training')", name=op.f("ck_expertisevraag_kind")
        ),
        sa.ForeignKeyConstraint(
            ["from_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_expertisevraag_from_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_expertisevraag_to_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expertisevraag")),
    )
    _indexes("expertisevraag", "from_organisation_id", "to_organisation_id", "created_at")


def downgrade() -> None:
    op.drop_table("expertisevraag")
    op.drop_table("opplusvraag")
    op.drop_table("vrijwilliger")
    op.drop_table("steunaanbod")
    # The accounts of a role that no longer exists go; their audit lines stay.
    op.execute("DELETE FROM user_account WHERE role = 'ondersteuner'")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", _OLD_ROLES)
