"""An asyncpg connection that sends a transaction's tenant settings with its BEGIN.

Setting `app.tenant_id` is a statement of its own, and a statement is
a round trip. When a transaction is about to start (the connection is idle), `listeners`
leaves the wanted settings on the connection instead, and the BEGIN that SQLAlchemy's
asyncpg driver sends ahead of the transaction's first statement carries them: BEGIN and
`SELECT set_config(...)` go as one simple-protocol message, one round trip for both.

Simple-protocol messages take no bind parameters, so the value is written into the SQL.
It can only be a tenant UUID (re-parsed here) or nothing; anything else is refused before
it reaches the database.
"""

from typing import Any
from uuid import UUID

import asyncpg

from app.core.database.rls.ddl import TENANT_SETTING

type Settings = str
"""The transaction's tenant id as text, or "" for none."""

SET_SETTINGS_SQL = f"SELECT set_config('{TENANT_SETTING}', {{tenant}}, true)"
"""The tenant, local to the transaction; `{tenant}` is filled in."""


def settings_sql(settings: Settings) -> str:
    tenant = str(UUID(settings)) if settings else ""
    return SET_SETTINGS_SQL.format(tenant=f"'{tenant}'") + ";"


class TenantSettingsConnection(asyncpg.Connection):  # type: ignore[misc]
    settings_for_begin: Settings | None = None

    async def start_tenant_transaction(
        self, tenant: Settings, *, readonly: bool
    ) -> asyncpg.transaction.Transaction:
        """A transaction in `tenant`, for reads that bypass the session (`core.database.reads`).

        On an idle connection the setting rides on the BEGIN, as for sessions; inside a
        transaction already (a shared test connection) it is a savepoint, and the setting a
        statement of its own, undone when the savepoint is rolled back.
        """
        nested = self.is_in_transaction()
        transaction = self.transaction(readonly=readonly and not nested)
        if not nested:
            self.settings_for_begin = tenant
        await transaction.start()
        if nested:
            await super().execute(settings_sql(tenant))
        return transaction

    async def execute(
        self,
        query: str,
        *args: Any,
        timeout: float | None = None,  # noqa: ASYNC109 - asyncpg's own signature
    ) -> str:
        settings, self.settings_for_begin = self.settings_for_begin, None
        if settings is not None and not args and query.startswith("BEGIN"):
            query = f"{query} {settings_sql(settings)}"
        status: str = await super().execute(query, *args, timeout=timeout)
        return status
