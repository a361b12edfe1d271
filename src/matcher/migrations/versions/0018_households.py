"""households: members, network, goals and their results

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "huishouden",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("regisseur_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["regisseur_id"],
            ["user_account.id"],
            name=op.f("fk_huishouden_regisseur_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_huishouden_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_huishouden")),
        sa.UniqueConstraint("code", name=op.f("uq_huishouden_code")),
    )
    with op.batch_alter_table("huishouden", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_huishouden_regisseur_id"), ["regisseur_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_huishouden_team_id"), ["team_id"], unique=False)

    op.create_table(
        "huishouden_lid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=60), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "role IN ('bewoner', 'partner', 'ouder', 'kind', 'huisgenoot')",
            name=op.f("ck_huishouden_lid_role"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hulpvraag.id"],
            name=op.f("fk_huishouden_lid_case_id_hulpvraag"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["huishouden.id"],
            name=op.f("fk_huishouden_lid_household_id_huishouden"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_huishouden_lid")),
        sa.UniqueConstraint("case_id", name=op.f("uq_huishouden_lid_case_id")),
    )
    with op.batch_alter_table("huishouden_lid", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_huishouden_lid_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "netwerk_persoon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("relation", sa.String(length=60), nullable=False),
        sa.Column("can", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["huishouden.id"],
            name=op.f("fk_netwerk_persoon_household_id_huishouden"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_netwerk_persoon")),
    )
    with op.batch_alter_table("netwerk_persoon", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_netwerk_persoon_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "doel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=True),
        sa.Column("helper", sa.String(length=20), nullable=False),
        sa.Column("network_contact_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=100), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "area IN ('daginvulling', 'sociaal_netwerk', 'gezondheid', 'wonen', 'financien', 'huishouden', 'opvoeding')",
            name=op.f("ck_doel_area"),
        ),
        sa.CheckConstraint(
            "helper IN ('netwerk', 'swt', 'organisatie')", name=op.f("ck_doel_helper")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["huishouden_lid.id"],
            name=op.f("fk_doel_member_id_huishouden_lid"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_contact_id"],
            ["netwerk_persoon.id"],
            name=op.f("fk_doel_network_contact_id_netwerk_persoon"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doel")),
    )
    with op.batch_alter_table("doel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doel_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_doel_network_contact_id"), ["network_contact_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_doel_review_on"), ["review_on"], unique=False)

    op.create_table(
        "doel_resultaat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("sentence", sa.String(length=300), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "result IN ('bereikt', 'deels', 'niet')", name=op.f("ck_doel_resultaat_result")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["doel.id"],
            name=op.f("fk_doel_resultaat_goal_id_doel"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doel_resultaat")),
    )
    with op.batch_alter_table("doel_resultaat", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doel_resultaat_goal_id"), ["goal_id"], unique=False)

    with op.batch_alter_table("opplusvraag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_opplusvraag_goal_id"), ["goal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_opplusvraag_goal_id_doel"),
            "doel",
            ["goal_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("plan_onderdeel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_plan_onderdeel_goal_id"), ["goal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_plan_onderdeel_goal_id_doel"),
            "doel",
            ["goal_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("verwijzing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_verwijzing_goal_id"), ["goal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_verwijzing_goal_id_doel"),
            "doel",
            ["goal_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("verwijzing", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_verwijzing_goal_id_doel"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_verwijzing_goal_id"))
        batch_op.drop_column("goal_id")

    with op.batch_alter_table("plan_onderdeel", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_plan_onderdeel_goal_id_doel"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_plan_onderdeel_goal_id"))
        batch_op.drop_column("goal_id")

    with op.batch_alter_table("opplusvraag", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_opplusvraag_goal_id_doel"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_opplusvraag_goal_id"))
        batch_op.drop_column("goal_id")

    with op.batch_alter_table("doel_resultaat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doel_resultaat_goal_id"))

    op.drop_table("doel_resultaat")
    with op.batch_alter_table("doel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doel_review_on"))
        batch_op.drop_index(batch_op.f("ix_doel_network_contact_id"))
        batch_op.drop_index(batch_op.f("ix_doel_member_id"))

    op.drop_table("doel")
    with op.batch_alter_table("netwerk_persoon", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_netwerk_persoon_household_id"))

    op.drop_table("netwerk_persoon")
    with op.batch_alter_table("huishouden_lid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_huishouden_lid_household_id"))

    op.drop_table("huishouden_lid")
    with op.batch_alter_table("huishouden", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_huishouden_team_id"))
        batch_op.drop_index(batch_op.f("ix_huishouden_regisseur_id"))

    op.drop_table("huishouden")
