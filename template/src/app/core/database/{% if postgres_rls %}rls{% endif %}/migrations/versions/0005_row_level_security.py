"""Row-level security on every tenant table, and the runtime role's privileges.

Creating the cluster-wide `app_runtime` group needs CREATEROLE once; where the migration
owner lacks it, a DBA creates the role (`CREATE ROLE app_runtime NOLOGIN`) beforehand.

Revision ID: 0005_row_level_security
Revises: 0004_audit
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from app.core.database.rls.ddl import (
    create_runtime_role,
    disable_tenant_rls,
    enable_tenant_rls,
    grant_runtime_access,
    revoke_runtime_access,
)

revision: str = "0005_row_level_security"
down_revision: str | Sequence[str] | None = "0004_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the column that names its tenant (tenants are their own tenant)
TENANT_TABLES = {
    "tenants": "id",
    "users": "tenant_id",
    "oauth_accounts": "tenant_id",
    "refresh_tokens": "tenant_id",
    "roles": "tenant_id",
    "role_permissions": "tenant_id",
    "user_roles": "tenant_id",
    "audit_logs": "tenant_id",
}


def upgrade() -> None:
    create_runtime_role()
    grant_runtime_access()
    for table, column in TENANT_TABLES.items():
        enable_tenant_rls(table, column)


def downgrade() -> None:
    for table in reversed(TENANT_TABLES):
        disable_tenant_rls(table)
    revoke_runtime_access()
    # The app_runtime role is cluster-wide and may serve other databases: it stays.
