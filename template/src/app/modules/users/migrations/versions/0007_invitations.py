"""Invitations: adding a person to a tenant no longer creates their account.

Users that exist already count as accepted: they stay as they are. With row-level
security, the table gets its policy and a crossing function that finds the tenant of a
token (acceptance happens before the tenant is known).

Revision ID: 0007_invitations
Revises: 0006_tenant_wall_without_bypass (with postgres_rls), 0004_audit (without)
Create Date: 2026-12-06
"""

from collections.abc import Sequence
from importlib import import_module

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.features import enabled_feature_names

DATABASE_WALL = "postgres_rls" in enabled_feature_names()
"""Whether the service was generated with postgres_rls (its migrations come before this)."""

revision: str = "0007_invitations"
down_revision: str | Sequence[str] | None = (
    "0006_tenant_wall_without_bypass" if DATABASE_WALL else "0004_audit"
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_OF_INVITATION = "app_tenant_of_invitation(token_hash text)"


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("roles", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.Uuid(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_invitations_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    op.create_index(op.f("ix_invitations_email"), "invitations", ["email"])
    op.create_index(op.f("ix_invitations_tenant_id"), "invitations", ["tenant_id"])
    if DATABASE_WALL:
        ddl = import_module("app.core.database.rls.ddl")  # rendered only with postgres_rls
        ddl.enable_tenant_rls("invitations")
        ddl.allow_crossing("invitations")
        ddl.create_crossing_function(
            TENANT_OF_INVITATION,
            "uuid",
            "SELECT tenant_id FROM invitations WHERE invitations.token_hash = $1",
        )


def downgrade() -> None:
    if DATABASE_WALL:
        op.execute("DROP FUNCTION IF EXISTS app_tenant_of_invitation(text)")
    op.drop_index(op.f("ix_invitations_tenant_id"), table_name="invitations")
    op.drop_index(op.f("ix_invitations_email"), table_name="invitations")
    op.drop_table("invitations")
