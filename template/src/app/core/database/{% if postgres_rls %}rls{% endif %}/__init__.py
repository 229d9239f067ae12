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
- Before a session's statements run, `listeners` sets `app.tenant_id` on its connection
  with `set_config(..., true)`: transaction-local, so a pooled connection never leaks one
  request's tenant into the next.
- The policies have no way out: no setting, `SET ROLE`, `RESET ROLE` or new session shows
  the runtime role a row outside the tenant it names. The questions that must cross
  tenants (sign-in by email, refresh-token, provider-account and invitation lookups,
  email uniqueness, the superuser's tenant list, expired-token cleanup) are SECURITY DEFINER
  functions owned by `app_crossing`, a NOLOGIN role no login role belongs to, each
  answering one question for one exact key (`app.core.database.crossing`). The runtime
  role may only read the global `permissions` table and cannot see `alembic_version`.
  `scripts/check_tenant_wall.py` (`just db-wall-check`) tries every known way out.

Trade-offs:
- The tenant itself is a setting the runtime role chooses, as it must be: the app names
  the tenant of the request. SQL injected as the runtime role could name another tenant
  whose id it knows (ids are random UUIDs, never shown across tenants) and read that one
  tenant; it can never see every tenant at once, nor lift the wall. The defence against
  injection stays bound parameters, which the ORM always uses.
- The policies are forced, so they bind the owner too; the owner is a member of
  `app_crossing`, whose policies show every row, so migrations (data migrations included)
  see every tenant. Superusers always bypass row-level security: never let the app
  connect as one.
- Each transaction that touches the database with a tenant pays for `set_config`, usually
  on its BEGIN (no extra round trip), and again whenever the session switches tenant. The
  policy is a filter, not an index condition: the ORM filter's own `tenant_id = :tenant`
  keeps indexes in use, so raw SQL on large tables should filter on `tenant_id` as well.
- Foreign-key checks and cascades (deleting a tenant deletes its rows) run as the owner and
  ignore policies, as PostgreSQL specifies; they never expose rows to the caller.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import FastAPI
from structlog.typing import Processor

from app.config import Settings
from app.core.database.hooks import Hook
from app.core.database.rls.listeners import RLS_HOOKS

if TYPE_CHECKING:
    from app.core.resources import Resources


class RowLevelSecurity:
    name = "postgres_rls"
    log_processors: Sequence[Processor] = ()
    session_hooks: Sequence[Hook] = RLS_HOOKS  # registered by `install_session_hooks()`

    def install(self, app: FastAPI, settings: Settings) -> None:
        """Nothing to add to the app: the listeners are session hooks."""

    async def startup(self, app: FastAPI, resources: "Resources") -> None:
        """Nothing to open: the settings travel on the connections the app already has."""

    async def shutdown(self, app: FastAPI) -> None:
        """Nothing to close."""


feature = RowLevelSecurity()
