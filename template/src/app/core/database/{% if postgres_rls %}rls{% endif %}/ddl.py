"""The database side of the tenant wall, as Alembic operations for migrations to call.

A module migration that creates a tenant-scoped table calls `enable_tenant_rls("projects")`
after `op.create_table(...)`; the default privileges granted by `grant_runtime_access()`
already let the runtime role use the new table. A test reads the catalogue and fails for a
table with a `tenant_id` column but no policy, so a forgotten call cannot ship.

The policies name no way out: no setting, role switch or session trick available to the
runtime role widens what it sees. The few questions that must cross tenants (sign-in by
email, a refresh token, a provider account, housekeeping) are SECURITY DEFINER functions
owned by `app_crossing`, a NOLOGIN role no login role belongs to, with `search_path`
pinned: `create_crossing_function()`. Only that role has a policy that shows every row,
on the tables its functions read.

The policies are forced, so they bind the table owner too, except that the migration owner
is made a member of `app_crossing` (it owns the functions' role), so migrations, data
migrations included, see every tenant.
"""

from alembic import op

RUNTIME_ROLE = "app_runtime"
"""Group role (NOLOGIN) that holds the app's privileges; login roles join it."""

CROSSING_ROLE = "app_crossing"
"""NOLOGIN role that owns the crossing functions; no login role is ever a member."""

TENANT_SETTING = "app.tenant_id"
POLICY = "tenant_isolation"
CROSSING_POLICY = "tenant_crossing"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def policy_condition(column: str) -> str:
    """Visible and writable: the rows of the transaction's tenant, nothing else."""
    return f"{_quote(column)} = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid"


def enable_tenant_rls(table: str, column: str = "tenant_id") -> None:
    """Enable and force row-level security on `table`, filtered on `column`; members of
    `app_crossing` (the crossing functions, the migration owner) see every row."""
    name = _quote(table)
    condition = policy_condition(column)
    op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({condition}) WITH CHECK ({condition})")
    add_crossing_policy(table)


def add_crossing_policy(table: str) -> None:
    """Members of `app_crossing` see and write every row of `table` (privileges permitting)."""
    name = _quote(table)
    op.execute(f"DROP POLICY IF EXISTS {CROSSING_POLICY} ON {name}")
    op.execute(
        f"CREATE POLICY {CROSSING_POLICY} ON {name} TO {CROSSING_ROLE} "
        "USING (true) WITH CHECK (true)"
    )


def bypass_for_data_migration() -> None:
    """Check that this migration sees every tenant's rows, as a data migration must.

    The owner sees them as a member of `app_crossing` (`create_runtime_role()`); this
    refuses to go on, with one clear line, where that membership is missing.
    """
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT pg_has_role(current_user, '{CROSSING_ROLE}', 'USAGE') THEN
                RAISE EXCEPTION 'the migration owner must be a member of {CROSSING_ROLE} to '
                    'see every tenant (GRANT {CROSSING_ROLE} TO %I)', current_user;
            END IF;
        END
        $$
        """
    )


def disable_tenant_rls(table: str) -> None:
    """Undo `enable_tenant_rls` (dropping the table also drops its policy)."""
    name = _quote(table)
    op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
    op.execute(f"DROP POLICY IF EXISTS {CROSSING_POLICY} ON {name}")
    op.execute(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")


def replace_tenant_policy(table: str, column: str = "tenant_id") -> None:
    """Recreate `table`'s policy from today's `policy_condition` (RLS already enabled)."""
    name = _quote(table)
    condition = policy_condition(column)
    op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
    op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({condition}) WITH CHECK ({condition})")


def create_runtime_role() -> None:
    """Create the NOLOGIN roles once per cluster (safe when migrations race): the runtime
    group, and `app_crossing` with the migration owner as a member."""
    _create_role(RUNTIME_ROLE)
    create_crossing_role()


def create_crossing_role() -> None:
    """Create `app_crossing` (NOLOGIN) and make the migration owner a member of it.

    Membership lets the owner hand the crossing functions to the role (ALTER ... OWNER)
    and lets migrations see every tenant through the crossing policies. The role may create
    in the schema, because an owner must be able to; nobody can log in as it.
    """
    _create_role(CROSSING_ROLE)
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT pg_has_role(current_user, '{CROSSING_ROLE}', 'MEMBER') THEN
                EXECUTE format('GRANT {CROSSING_ROLE} TO %I', current_user);
            END IF;
        END
        $$
        """
    )
    _in_current_schema("GRANT USAGE, CREATE ON SCHEMA %1$I TO {role}", role=CROSSING_ROLE)


def _create_role(role: str) -> None:
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{role}') THEN
                BEGIN
                    CREATE ROLE {role} NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;  -- another database of the cluster created it concurrently
                END;
            END IF;
        END
        $$
        """
    )


def allow_crossing(table: str, privileges: str = "SELECT") -> None:
    """Let the crossing functions use `table` in every tenant (`privileges`, e.g. "SELECT")."""
    op.execute(f"GRANT {privileges} ON {_quote(table)} TO {CROSSING_ROLE}")


def create_crossing_function(
    signature: str, returns: str, body: str, *, volatility: str = "STABLE"
) -> None:
    """A SECURITY DEFINER SQL function owned by `app_crossing`, callable by the runtime role.

    `signature` is `name(arg type, ...)`; `search_path` is pinned to the migration's
    schema, so a caller's objects (the runtime role creates none) are never resolved.
    """
    op.execute(
        f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE sql {volatility} "
        f"SECURITY DEFINER AS $crossing$ {body} $crossing$"
    )
    name = signature.split("(", 1)[0]
    arguments = "(" + ", ".join(argument.split()[-1] for argument in _arguments(signature)) + ")"
    function = f"{name}{arguments}"
    _in_current_schema(
        f"ALTER FUNCTION %1$I.{function} SET search_path = %1$I, pg_temp",
        f"ALTER FUNCTION %1$I.{function} OWNER TO {{role}}",
        role=CROSSING_ROLE,
    )
    op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {RUNTIME_ROLE}")


def _arguments(signature: str) -> list[str]:
    inside = signature.split("(", 1)[1].rsplit(")", 1)[0].strip()
    return [argument.strip() for argument in inside.split(",")] if inside else []


def read_only_for_runtime(table: str) -> None:
    """A global (not tenant-scoped) table: the runtime role may read it, never change it."""
    op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {_quote(table)} FROM {RUNTIME_ROLE}")


def hidden_from_runtime(table: str) -> None:
    """A table the app has no business with (e.g. `alembic_version`)."""
    op.execute(f"REVOKE ALL ON {_quote(table)} FROM {RUNTIME_ROLE}")


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


def _in_current_schema(*templates: str, role: str = RUNTIME_ROLE) -> None:
    """Run statements naming the migration's schema (`%1$I`), whatever the search_path."""
    steps = "\n".join(
        f"EXECUTE format('{template.format(role=role)}', current_schema());"
        for template in templates
    )
    op.execute(f"DO $$\nBEGIN\n{steps}\nEND\n$$")
