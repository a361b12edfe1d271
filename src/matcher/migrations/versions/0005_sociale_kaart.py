"""the sociale kaart: organisations with a stable id, revisions, history and review, reports,
and the statuses gepauzeerd and gestopt

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 11:00:00.000000
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_OLD_STATUSES = "status IN ('open', 'wachtlijst', 'vol')"
_NEW_STATUSES = "status IN ('open', 'wachtlijst', 'vol', 'gepauzeerd', 'gestopt')"


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "organisatie"


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=100), nullable=True))
    connection = op.get_bind()
    taken: set[str] = set()
    for org_id, name in connection.execute(
        sa.text("SELECT id, name FROM organisation ORDER BY id")
    ):
        base = code = _slug(name)[:90]
        number = 1
        while code in taken:
            number += 1
            code = f"{base}-{number}"
        taken.add(code)
        connection.execute(
            sa.text("UPDATE organisation SET code = :code WHERE id = :id"),
            {"code": code, "id": org_id},
        )
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.alter_column("code", existing_type=sa.String(length=100), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_organisation_code"), ["code"])

    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", _NEW_STATUSES)
    with op.batch_alter_table("activity") as batch_op:
        batch_op.alter_column("revision", existing_type=sa.Integer(), server_default=None)

    op.create_table(
        "activiteit_wijziging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=500), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('live', 'wacht', 'goedgekeurd', 'afgewezen')",
            name=op.f("ck_activiteit_wijziging_state"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_activiteit_wijziging_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activiteit_wijziging")),
    )
    with op.batch_alter_table("activiteit_wijziging") as batch_op:
        for column in ("activity_id", "organisation_id", "state"):
            batch_op.create_index(batch_op.f(f"ix_activiteit_wijziging_{column}"), [column])

    op.create_table(
        "melding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_melding")),
    )
    with op.batch_alter_table("melding") as batch_op:
        batch_op.create_index(batch_op.f("ix_melding_activity_id"), ["activity_id"])


def downgrade() -> None:
    op.drop_table("melding")
    op.drop_table("activiteit_wijziging")
    op.execute("UPDATE activity SET status = 'vol' WHERE status IN ('gepauzeerd', 'gestopt')")
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", _OLD_STATUSES)
        batch_op.drop_column("revision")
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.drop_constraint("uq_organisation_code", type_="unique")
        batch_op.drop_column("code")
