"""An asyncpg connection that sends a transaction's tenant settings with its BEGIN.

Setting `app.tenant_id` and `app.bypass_rls` is a statement of its own, and a statement is
a round trip. When a transaction is about to start (the connection is idle), `listeners`
leaves the wanted settings on the connection instead, and the BEGIN that SQLAlchemy's
asyncpg driver sends ahead of the transaction's first statement carries them: BEGIN and
`SELECT set_config(...)` go as one simple-protocol message, one round trip for both.

Simple-protocol messages take no bind parameters, so the values are written into the SQL.
They can only be a tenant UUID (re-parsed here) or nothing, and `on`/`off`; anything else
is refused before it reaches the database.
"""

from typing import Any
from uuid import UUID

import asyncpg

from app.core.database.rls.ddl import BYPASS_SETTING, TENANT_SETTING

type Settings = tuple[str, str]

SET_SETTINGS_SQL = (
    f"SELECT set_config('{TENANT_SETTING}', {{tenant}}, true), "
    f"set_config('{BYPASS_SETTING}', {{bypass}}, true)"
)
"""Both settings, local to the transaction; `{tenant}` and `{bypass}` are filled in."""


def settings_sql(settings: Settings) -> str:
    tenant, bypass = settings
    if tenant:
        tenant = str(UUID(tenant))
    if bypass not in {"on", "off"}:
        msg = f"bypass must be 'on' or 'off', not {bypass!r}"
        raise ValueError(msg)
    return SET_SETTINGS_SQL.format(tenant=f"'{tenant}'", bypass=f"'{bypass}'") + ";"


class TenantSettingsConnection(asyncpg.Connection):  # type: ignore[misc]
    settings_for_begin: Settings | None = None

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
