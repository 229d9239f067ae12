"""Keep each connection's tenant settings in step with the session that uses it.

Before a session runs a statement or flushes, the connection's `app.tenant_id` must say
what the session says (`set_tenant`). It is set with `set_config(..., true)`, local to
the transaction, so a pooled connection never carries one request's tenant into the next
(PgBouncer in transaction mode is fine too).
Setting it costs a round trip, so it happens only when the transaction is new or the
wanted tenant differs from the applied one; and when the transaction has not started yet
on the server, the setting rides on its BEGIN instead (`connection.py`), for no extra
round trip at all. Every connection the engines open is such a connection (`do_connect`).

What was applied is recorded on the connection, not the session: several sessions may
share one connection (the test suite joins them through savepoints), and it is the
connection's state the database sees. Ending the transaction or rolling back to a savepoint
can revert the setting, so those events forget the record and the next statement sets it
again.

`bypass_tenant(session)` lifts only the ORM's filter: the database keeps showing the
session's tenant alone. Questions across tenants are crossing functions (`crossing.py`).

SQL run on the session's own connection (`await session.connection()`, then `execute()` or
`exec_driver_sql()`) skips the session's statement hook; it runs under the settings the
session had when its transaction began on that connection, which `after_begin` applies.
"""

from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import ORMExecuteState, Session

from app.core.database.hooks import Hook
from app.core.database.rls.connection import SET_SETTINGS_SQL, TenantSettingsConnection
from app.core.database.tenant import session_tenant

APPLIED_KEY = "tenant_settings_applied"
"""`connection.info` key: the tenant in force in the current transaction."""

Settings = str

UNSET: Settings = ""
"""What a new transaction starts with: no tenant (the policies show nothing)."""

_APPLY = text(SET_SETTINGS_SQL.format(tenant=":tenant"))


def wanted_settings(session: Session) -> Settings:
    tenant_id = session_tenant(session)
    return str(tenant_id) if tenant_id is not None else ""


def apply_settings(connection: Connection, wanted: Settings) -> None:
    if connection.info.get(APPLIED_KEY) == wanted:
        return
    driver = _driver(connection)
    if driver is not None and not driver.is_in_transaction():
        driver.settings_for_begin = wanted  # sent with the BEGIN the next statement opens
    else:
        connection.execute(_APPLY, {"tenant": wanted})
    connection.info[APPLIED_KEY] = wanted


def _driver(connection: Connection) -> TenantSettingsConnection | None:
    driver = connection.connection.driver_connection
    return driver if isinstance(driver, TenantSettingsConnection) else None


def _before_statement(state: ORMExecuteState) -> None:
    session = state.session
    connection = session.connection(bind_arguments=state.bind_arguments)
    apply_settings(connection, wanted_settings(session))


def _after_begin(session: Session, _transaction: object, connection: Connection) -> None:
    apply_settings(connection, wanted_settings(session))


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    apply_settings(session.connection(), wanted_settings(session))


def _transaction_started(connection: Connection) -> None:
    _forget_pending(connection)
    connection.info[APPLIED_KEY] = UNSET


def _settings_may_have_reverted(connection: Connection, *_: object) -> None:
    if not (connection.closed or connection.invalidated):
        _forget_pending(connection)
        connection.info.pop(APPLIED_KEY, None)


def _forget_pending(connection: Connection) -> None:
    """Settings left for a BEGIN that never came belong to no later transaction."""
    driver = _driver(connection)
    if driver is not None:
        driver.settings_for_begin = None


def _settings_travel_with_begin(
    _dialect: Dialect, _record: object, _cargs: object, cparams: dict[str, Any]
) -> None:
    cparams.setdefault("connection_class", TenantSettingsConnection)


RLS_HOOKS = (
    Hook(Session, "after_begin", _after_begin, "the tenant setting rides on the BEGIN"),
    Hook(Session, "do_orm_execute", _before_statement, "the setting follows a tenant switch"),
    Hook(Session, "before_flush", _before_flush, "the setting is in force before a flush"),
    Hook(Engine, "begin", _transaction_started, "a new transaction starts with no tenant"),
    Hook(Engine, "commit", _settings_may_have_reverted, "forget the applied setting"),
    Hook(Engine, "rollback", _settings_may_have_reverted, "forget the applied setting"),
    Hook(Engine, "rollback_savepoint", _settings_may_have_reverted, "forget the applied setting"),
    Hook(
        Engine,
        "do_connect",
        _settings_travel_with_begin,
        "open connections that carry the setting on BEGIN",
    ),
)
