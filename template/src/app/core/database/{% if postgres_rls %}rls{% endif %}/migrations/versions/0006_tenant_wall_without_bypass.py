"""A tenant wall the runtime role cannot lower.

The policies of 0005 also showed every row when the transaction's `app.bypass_rls` setting
was `on`, and any role may change a setting. They are recreated without that clause. The
questions that must cross tenants become SECURITY DEFINER functions owned by the NOLOGIN
role `app_crossing`, each answering one question for one exact key. The runtime role loses
write access to the global `permissions` table and all access to `alembic_version`.

Revision ID: 0006_tenant_wall_without_bypass
Revises: 0005_row_level_security
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.database.rls.ddl import (
    CROSSING_POLICY,
    CROSSING_ROLE,
    POLICY,
    RUNTIME_ROLE,
    add_crossing_policy,
    allow_crossing,
    create_crossing_function,
    create_runtime_role,
    hidden_from_runtime,
    read_only_for_runtime,
    replace_tenant_policy,
)

revision: str = "0006_tenant_wall_without_bypass"
down_revision: str | Sequence[str] | None = "0005_row_level_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table with the tenant policy: the kit's and those of the project's own modules.
POLICY_TABLES = """
SELECT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
WHERE p.polname = :policy AND c.relnamespace = current_schema()::regnamespace
ORDER BY c.relname
"""

# table -> what the crossing functions do with it
CROSSING_TABLES = {
    "tenants": "SELECT",
    "users": "SELECT",
    "oauth_accounts": "SELECT",
    "refresh_tokens": "SELECT, DELETE",
}

# signature, result, body (frozen here: later changes go in later migrations)
FUNCTIONS = [
    (
        "app_tenant_of_email(email text)",
        "uuid",
        "SELECT tenant_id FROM users WHERE users.email = $1",
    ),
    (
        "app_email_taken(email text)",
        "boolean",
        "SELECT EXISTS (SELECT FROM users WHERE users.email = $1)",
    ),
    (
        "app_tenant_of_refresh_token(token_hash text)",
        "uuid",
        "SELECT tenant_id FROM refresh_tokens WHERE refresh_tokens.token_hash = $1",
    ),
    (
        "app_tenant_of_oauth_account(provider text, subject text)",
        "uuid",
        (
            "SELECT tenant_id FROM oauth_accounts"
            " WHERE oauth_accounts.provider = $1 AND oauth_accounts.subject = $2"
        ),
    ),
    (
        "app_platform_tenants(actor uuid)",
        "SETOF tenants",
        # Every tenant, only for an active platform superuser named by id.
        (
            "SELECT t.* FROM tenants t WHERE EXISTS ("
            " SELECT FROM users u WHERE u.id = $1 AND u.is_superuser AND u.is_active)"
        ),
    ),
]

VOLATILE_FUNCTIONS = [
    (
        "app_delete_expired_refresh_tokens(expired_before timestamptz)",
        "bigint",
        (
            "WITH deleted AS (DELETE FROM refresh_tokens WHERE expires_at < $1 RETURNING 1)"
            " SELECT count(*) FROM deleted"
        ),
    ),
]

OLD_CONDITION = (
    "current_setting('app.bypass_rls', true) = 'on' "
    "OR \"{column}\" = NULLIF(current_setting('app.tenant_id', true), '')::uuid"
)


def tenant_tables() -> dict[str, str]:
    """table -> the column that names its tenant (tenants are their own tenant)."""
    tables = op.get_bind().execute(sa.text(POLICY_TABLES), {"policy": POLICY}).scalars()
    return {table: "id" if table == "tenants" else "tenant_id" for table in tables}


def upgrade() -> None:
    create_runtime_role()  # and app_crossing, with the migration owner as a member
    for table, column in tenant_tables().items():
        replace_tenant_policy(table, column)
        add_crossing_policy(table)
    for table, privileges in CROSSING_TABLES.items():
        allow_crossing(table, privileges)
    for signature, result, body in FUNCTIONS:
        create_crossing_function(signature, result, body)
    for signature, result, body in VOLATILE_FUNCTIONS:
        create_crossing_function(signature, result, body, volatility="VOLATILE")
    read_only_for_runtime("permissions")
    hidden_from_runtime("alembic_version")


def downgrade() -> None:
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON alembic_version TO {RUNTIME_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON permissions TO {RUNTIME_ROLE}")
    for signature, _, _ in [*FUNCTIONS, *VOLATILE_FUNCTIONS]:
        name = signature.split("(", 1)[0]
        types = ", ".join(
            argument.split()[-1] for argument in signature[len(name) + 1 : -1].split(",")
        )
        op.execute(f"DROP FUNCTION IF EXISTS {name}({types})")
    for table in CROSSING_TABLES:
        op.execute(f'REVOKE ALL ON "{table}" FROM {CROSSING_ROLE}')
    for table, column in tenant_tables().items():
        condition = OLD_CONDITION.format(column=column)
        op.execute(f'DROP POLICY IF EXISTS {CROSSING_POLICY} ON "{table}"')
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
        op.execute(
            f'CREATE POLICY {POLICY} ON "{table}" USING ({condition}) WITH CHECK ({condition})'
        )
    op.execute(
        f"DO $$ BEGIN EXECUTE format('REVOKE ALL ON SCHEMA %I FROM {CROSSING_ROLE}',"
        " current_schema()); END $$"
    )
    # app_crossing is cluster-wide and may serve other databases: it stays.
