"""Keep what new tenants' system roles start with in a table that migrations fill.

Until this revision a rule in code decided each default role's permissions; from here on
each module declares its grants and its migrations write them (app.core.permissions.
migration_ops). The rows below are that former rule, frozen: owner everything, admin all
but `tenants:delete`, member and viewer every read but `audit:read`, and members also every
action of a resource outside the core four.

Revision ID: 0008_default_grants
Revises: 0007_invitations
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_default_grants"
down_revision: str | Sequence[str] | None = "0007_invitations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CORE_RESOURCES = "('tenants', 'users', 'roles', 'audit')"
FORMER_RULES = {
    "owner": "TRUE",
    "admin": "NOT (resource = 'tenants' AND action = 'delete')",
    "member": f"(action = 'read' AND resource <> 'audit') OR resource NOT IN {CORE_RESOURCES}",
    "viewer": "action = 'read' AND resource <> 'audit'",
}


def upgrade() -> None:
    op.create_table(
        "default_grants",
        sa.Column("role", sa.String(length=50), nullable=False),
        sa.Column("permission_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["permission_id"],
            ["permissions.id"],
            name=op.f("fk_default_grants_permission_id_permissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role", "permission_id", name=op.f("pk_default_grants")),
    )
    op.create_index(op.f("ix_default_grants_permission_id"), "default_grants", ["permission_id"])
    # A global table like `permissions`: where row-level security made a runtime role, that
    # role may read it (sign-up copies it) but never change it.
    op.execute(
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_runtime') THEN "
        "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON default_grants FROM app_runtime; "
        "END IF; END $$"
    )
    for role, condition in FORMER_RULES.items():
        granted = f"SELECT :role, id FROM permissions WHERE {condition}"  # noqa: S608 - constants
        op.execute(
            sa.text("INSERT INTO default_grants (role, permission_id) " + granted).bindparams(
                role=role
            )
        )


def downgrade() -> None:
    op.drop_table("default_grants")
