"""The database side of the tenant wall, as Alembic operations for migrations to call.

A module migration that creates a tenant-scoped table calls `enable_tenant_rls("projects")`
after `op.create_table(...)`; the default privileges granted by `grant_runtime_access()`
already let the runtime role use the new table. A test reads the catalogue and fails for a
table with a `tenant_id` column but no policy, so a forgotten call cannot ship.

Because the policies are forced, they bind the owner as well: a data migration that reads
or rewrites tenant rows calls `bypass_for_data_migration()` first, or it sees no rows (an
UPDATE that silently changes nothing).
"""

from alembic import op

RUNTIME_ROLE = "app_runtime"
"""Group role (NOLOGIN) that holds the app's privileges; login roles join it."""

TENANT_SETTING = "app.tenant_id"
BYPASS_SETTING = "app.bypass_rls"
POLICY = "tenant_isolation"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def policy_condition(column: str) -> str:
    """Visible and writable: rows of the transaction's tenant, or every row when bypassed."""
    return (
        f"current_setting('{BYPASS_SETTING}', true) = 'on' "
        f"OR {_quote(column)} = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid"
    )


def enable_tenant_rls(table: str, column: str = "tenant_id") -> None:
    """Enable and force row-level security on `table`, filtered on `column`."""
    name = _quote(table)
    condition = policy_condition(column)
    op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({condition}) WITH CHECK ({condition})")


def disable_tenant_rls(table: str) -> None:
    """Undo `enable_tenant_rls` (dropping the table also drops its policy)."""
    name = _quote(table)
    op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
    op.execute(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")


def bypass_for_data_migration() -> None:
    """Let the rest of this migration run see every tenant's rows (transaction-local)."""
    op.execute(f"SELECT set_config('{BYPASS_SETTING}', 'on', true)")


def create_runtime_role() -> None:
    """Create the NOLOGIN group role once per cluster; safe when migrations race."""
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{RUNTIME_ROLE}') THEN
                BEGIN
                    CREATE ROLE {RUNTIME_ROLE} NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;  -- another database of the cluster created it concurrently
                END;
            END IF;
        END
        $$
        """
    )


def grant_runtime_access() -> None:
    """Data access (never TRUNCATE, which ignores policies) on today's and future tables."""
    _in_current_schema(
        "GRANT USAGE ON SCHEMA %1$I TO {role}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO {role}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO {role}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA %1$I"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA %1$I GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    )


def revoke_runtime_access() -> None:
    """Undo `grant_runtime_access`; the role itself stays (other databases may use it)."""
    _in_current_schema(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA %1$I REVOKE ALL ON SEQUENCES FROM {role}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA %1$I REVOKE ALL ON TABLES FROM {role}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA %1$I FROM {role}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA %1$I FROM {role}",
        "REVOKE USAGE ON SCHEMA %1$I FROM {role}",
    )


def _in_current_schema(*templates: str) -> None:
    """Run statements naming the migration's schema (`%1$I`), whatever the search_path."""
    steps = "\n".join(
        f"EXECUTE format('{template.format(role=RUNTIME_ROLE)}', current_schema());"
        for template in templates
    )
    op.execute(f"DO $$\nBEGIN\n{steps}\nEND\n$$")
