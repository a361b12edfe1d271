"""cases, consents, referrals, attendance and plans

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 04:55:13.972694
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hulpvraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('open', 'gesloten')", name=op.f("ck_hulpvraag_status")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_hulpvraag_owner_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_hulpvraag_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hulpvraag")),
        sa.UniqueConstraint("code", name=op.f("uq_hulpvraag_code")),
    )
    with op.batch_alter_table("hulpvraag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hulpvraag_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hulpvraag_team_id"), ["team_id"], unique=False)

    op.create_table(
        "hulpvraag_notitie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(text) <= 500", name=op.f("ck_hulpvraag_notitie_length")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_hulpvraag_notitie_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hulpvraag_notitie")),
    )
    with op.batch_alter_table("hulpvraag_notitie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hulpvraag_notitie_case_id"), ["case_id"], unique=False)

    op.create_table(
        "plan_onderdeel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("day", sa.String(length=2), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_plan_onderdeel_starts_before_end")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_plan_onderdeel_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_onderdeel")),
    )
    with op.batch_alter_table("plan_onderdeel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_onderdeel_case_id"), ["case_id"], unique=False)

    op.create_table(
        "toestemming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=60), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_toestemming_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_toestemming_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toestemming")),
    )
    with op.batch_alter_table("toestemming", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toestemming_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_toestemming_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "verwijzing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("activity_title", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("companion", sa.String(length=100), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_verwijzing_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_verwijzing_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verwijzing")),
    )
    with op.batch_alter_table("verwijzing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verwijzing_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verwijzing_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "aanwezigheid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["verwijzing.id"],
            name=op.f("fk_aanwezigheid_referral_id_verwijzing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aanwezigheid")),
        sa.UniqueConstraint("referral_id", "week", name="uq_aanwezigheid_week"),
    )
    with op.batch_alter_table("aanwezigheid", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aanwezigheid_referral_id"), ["referral_id"], unique=False
        )

    op.create_table(
        "verwijzing_stap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["verwijzing.id"],
            name=op.f("fk_verwijzing_stap_referral_id_verwijzing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verwijzing_stap")),
    )
    with op.batch_alter_table("verwijzing_stap", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verwijzing_stap_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("verwijzing_stap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verwijzing_stap_referral_id"))

    op.drop_table("verwijzing_stap")
    with op.batch_alter_table("aanwezigheid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aanwezigheid_referral_id"))

    op.drop_table("aanwezigheid")
    with op.batch_alter_table("verwijzing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verwijzing_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_verwijzing_case_id"))

    op.drop_table("verwijzing")
    with op.batch_alter_table("toestemming", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_toestemming_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_toestemming_case_id"))

    op.drop_table("toestemming")
    with op.batch_alter_table("plan_onderdeel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_onderdeel_case_id"))

    op.drop_table("plan_onderdeel")
    with op.batch_alter_table("hulpvraag_notitie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hulpvraag_notitie_case_id"))

    op.drop_table("hulpvraag_notitie")
    with op.batch_alter_table("hulpvraag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hulpvraag_team_id"))
        batch_op.drop_index(batch_op.f("ix_hulpvraag_owner_id"))

    op.drop_table("hulpvraag")
