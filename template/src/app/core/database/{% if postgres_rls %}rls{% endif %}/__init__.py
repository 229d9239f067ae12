"""PostgreSQL row-level security: the second wall of tenant isolation.

The first wall, `app.core.database.tenant`, filters ORM statements. It cannot see raw SQL,
Core statements on tables, or a query someone forgot to write through a model. This wall
lives in the database: every table with a `tenant_id` column (and `tenants`, on `id`) has
a forced policy that shows and accepts only the rows of the transaction's tenant.

How it holds together:
- The app connects (DATABASE_URL) as a login role that belongs to the `app_runtime` group,
  owns no table and has no BYPASSRLS; migrations run as the owner
  (MIGRATION_DATABASE_URL). `just db-app-role` creates the login role (the owner needs
  CREATEROLE for it, as for the migration that creates the group).
- Before a session's statements run, `listeners` sets `app.tenant_id` and `app.bypass_rls`
  on its connection with `set_config(..., true)`: transaction-local, so a pooled connection
  never leaks one request's tenant into the next.
- `bypass_tenant(session)`, the documented way to cross tenants (sign-in by email,
  refresh-token lookup, email uniqueness, superuser listing, tenant deletion), turns on
  `app.bypass_rls`, which the policies honour.

Trade-offs:
- The bypass is a setting the runtime role may change, as is the tenant itself. The wall
  stops mistakes: a missing filter, raw SQL, a query in the wrong tenant. It does not stop
  an attacker who can run arbitrary SQL as the runtime role (SQL injection could call
  `set_config`); the defence there is bound parameters, which the ORM always uses. A
  stricter bypass (a separate BYPASSRLS role behind SET ROLE) needs superuser grants that
  managed databases rarely give and would be just as reachable from injected SQL.
- The policies are forced, so they bind the owner too. Data migrations on tenant tables
  call `ddl.bypass_for_data_migration()` first. Superusers always bypass row-level
  security: never let the app connect as one.
- Each transaction that touches the database with a tenant or a bypass pays one extra round
  trip for `set_config`, and again whenever the session switches tenant or bypass. The
  policy's `bypass OR tenant_id = ...` condition is a filter, not an index condition: the
  ORM filter's own `tenant_id = :tenant` keeps indexes in use, so raw SQL on large tables
  should filter on `tenant_id` explicitly as well.
- Foreign-key checks and cascades (deleting a tenant deletes its rows) run as the owner and
  ignore policies, as PostgreSQL specifies; they never expose rows to the caller.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import FastAPI
from structlog.typing import Processor

from app.config import Settings
from app.core.database.rls.listeners import install_listeners

if TYPE_CHECKING:
    from app.core.resources import Resources


class RowLevelSecurity:
    name = "postgres_rls"
    log_processors: Sequence[Processor] = ()

    def install(self, app: FastAPI, settings: Settings) -> None:  # noqa: ARG002 - protocol
        install_listeners()

    async def startup(self, app: FastAPI, resources: "Resources") -> None:
        """Nothing to open: the settings travel on the connections the app already has."""

    async def shutdown(self, app: FastAPI) -> None:
        """Nothing to close."""


feature = RowLevelSecurity()
