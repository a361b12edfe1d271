"""catalogue: organisations, locations, activities, schedule slots

Revision ID: 0001
Revises:
Create Date: 2026-11-23 04:07:22.624850
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_state")),
    )
    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("postcode", sa.String(length=7), nullable=True),
        sa.Column("wijk", sa.String(length=40), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("support", sa.JSON(), nullable=False),
        sa.Column("expertise", sa.JSON(), nullable=False),
        sa.Column("vorm", sa.JSON(), nullable=False),
        sa.Column("aanbod", sa.String(length=20), nullable=False),
        sa.Column("cost_eur", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "aanbod IN ('regulier', 'opgeplust', 'aanvullend', 'maatwerk')",
            name=op.f("ck_activity_aanbod"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'wachtlijst', 'vol')", name=op.f("ck_activity_status")
        ),
        sa.CheckConstraint(
            "cost_eur IS NULL OR cost_eur >= 0", name=op.f("ck_activity_cost_not_negative")
        ),
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age",
            name=op.f("ck_activity_age_range"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_activity_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_activity_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_location_id"), ["location_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_activity_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "schedule_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=2), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "day IN ('ma', 'di', 'wo', 'do', 'vr', 'za', 'zo')", name=op.f("ck_schedule_slot_day")
        ),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_schedule_slot_starts_before_end")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_schedule_slot_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_slot")),
        sa.UniqueConstraint("activity_id", "position", name="uq_schedule_slot_position"),
    )
    with op.batch_alter_table("schedule_slot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedule_slot_activity_id"), ["activity_id"], unique=False
        )

    # The single row whose version keys every worker's ranking index.
    state = sa.table(
        "catalogue_state",
        sa.column("id", sa.Integer()),
        sa.column("version", sa.Integer()),
        sa.column("changed_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0, "changed_at": dt.datetime.now(dt.UTC)}])


def downgrade() -> None:
    with op.batch_alter_table("schedule_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_slot_activity_id"))

    op.drop_table("schedule_slot")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_activity_location_id"))

    op.drop_table("activity")
    op.drop_table("organisation")
    op.drop_table("location")
    op.drop_table("catalogue_state")
