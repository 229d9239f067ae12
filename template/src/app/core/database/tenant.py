"""The application wall of tenant isolation.

Every ORM SELECT, UPDATE and DELETE on a model that uses `TenantMixin` is filtered to the
session's tenant; every INSERT is stamped with it. A statement that touches such a model
while the session has no tenant raises `TenantContextRequired`. Crossing tenants takes an
explicit, greppable step: a `Crossing` (`crossing.py`: login by email, refresh-token and
OAuth account lookups, housekeeping), which uses `bypass_tenant(session)` when the
database keeps no wall of its own.

Raw SQL (`text()`) and Core table statements are not filtered here; with the
`postgres_rls` feature, PostgreSQL row-level security filters those too, and there
`bypass_tenant` lifts this filter only: the database still shows the session's tenant.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.interfaces import ORMOption
from sqlalchemy.sql import Select

from app.core.database.base import Base, TenantMixin
from app.core.database.hooks import Hook

TENANT_KEY = "tenant_id"
BYPASS_KEY = "bypass_tenant"


class TenantContextRequired(RuntimeError):  # noqa: N818 - the name is the project's vocabulary
    """A tenant-scoped table was queried or written without a tenant (a programming error)."""


def set_tenant(session: AsyncSession | Session, tenant_id: UUID) -> None:
    session.info[TENANT_KEY] = tenant_id


def session_tenant(session: AsyncSession | Session) -> UUID | None:
    tenant_id: UUID | None = session.info.get(TENANT_KEY)
    return tenant_id


@contextmanager
def in_tenant(session: AsyncSession | Session, tenant_id: UUID) -> Iterator[None]:
    """Run the block's statements in `tenant_id`, then restore the session's own tenant."""
    previous = session.info.get(TENANT_KEY)
    session.info[TENANT_KEY] = tenant_id
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(TENANT_KEY, None)
        else:
            session.info[TENANT_KEY] = previous


@contextmanager
def bypass_tenant(session: AsyncSession | Session) -> Iterator[None]:
    """Let the statements inside the block see every tenant's rows. Use sparingly."""
    previous = session.info.get(BYPASS_KEY, False)
    session.info[BYPASS_KEY] = True
    try:
        yield
    finally:
        session.info[BYPASS_KEY] = previous


def is_bypassed(session: Session) -> bool:
    return bool(session.info.get(BYPASS_KEY))


def tenant_tables() -> frozenset[Table]:
    return frozenset(
        mapper.local_table
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, TenantMixin) and isinstance(mapper.local_table, Table)
    )


def _touches_tenant_tables(state: ORMExecuteState) -> bool:
    if any(issubclass(mapper.class_, TenantMixin) for mapper in state.all_mappers):
        return True
    statement = state.statement
    if isinstance(statement, Select):
        # `select(func.count()).select_from(Model)` reports no mappers but still reads the table.
        scoped = tenant_tables()
        return any(table in scoped for table in _tables(statement.get_final_froms()))
    return False


def _tables(froms: Any) -> Iterator[Table]:
    for item in froms:
        if isinstance(item, Table):
            yield item
        else:
            yield from _tables(getattr(item, "get_children", list)())


def _scope_statement_to_tenant(state: ORMExecuteState) -> None:
    if state.is_insert:
        _stamp_bulk_insert(state)
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria of the parent statement already applies to these loads
    if state.execution_options.get("bypass_tenant") or is_bypassed(state.session):
        return
    tenant_id = session_tenant(state.session)
    if tenant_id is None:
        if _touches_tenant_tables(state):
            raise TenantContextRequired(
                "Query on a tenant-scoped table without a tenant: authenticate the request, "
                "call set_tenant(session, tenant_id), or use bypass_tenant(session) deliberately."
            )
        return
    state.statement = state.statement.options(tenant_criteria(tenant_id))


@lru_cache(maxsize=1024)
def tenant_criteria(tenant_id: UUID) -> ORMOption:
    """The filter option for one tenant, built once: building it costs more than the lookup."""
    return with_loader_criteria(
        TenantMixin, lambda cls: cls.tenant_id == tenant_id, include_aliases=True
    )


def _stamp_bulk_insert(state: ORMExecuteState) -> None:
    """`session.execute(insert(Model), [rows])` skips the flush: stamp and check rows here."""
    if is_bypassed(state.session) or not any(
        issubclass(mapper.class_, TenantMixin) for mapper in state.all_mappers
    ):
        return
    tenant_id = session_tenant(state.session)
    parameters: Any = state.parameters
    rows: list[dict[str, Any]] = parameters if isinstance(parameters, list) else [parameters or {}]
    for row in rows:
        stamped = row.get("tenant_id")
        if stamped is None:
            if tenant_id is None:
                raise TenantContextRequired(
                    "Bulk insert into a tenant-scoped table without a tenant"
                )
            row["tenant_id"] = tenant_id
        elif tenant_id is not None and stamped != tenant_id:
            raise TenantContextRequired("Bulk insert into another tenant than the session's")


def _stamp_tenant_on_write(session: Session, _context: object, _instances: object) -> None:
    if is_bypassed(session):
        return
    tenant_id = session_tenant(session)
    for obj in session.new:
        if not isinstance(obj, TenantMixin):
            continue
        stamped: UUID | None = obj.tenant_id
        if stamped is None:
            if tenant_id is None:
                raise TenantContextRequired(
                    f"Cannot insert {type(obj).__name__} without a tenant context"
                )
            obj.tenant_id = tenant_id
        elif tenant_id is not None and stamped != tenant_id:
            raise TenantContextRequired(
                f"Cannot insert {type(obj).__name__} into another tenant than the session's"
            )
    for obj in session.dirty:
        if isinstance(obj, TenantMixin) and tenant_id is not None and obj.tenant_id != tenant_id:
            raise TenantContextRequired(f"Cannot move {type(obj).__name__} to another tenant")


TENANT_WALL_HOOKS = (
    Hook(
        Session,
        "do_orm_execute",
        _scope_statement_to_tenant,
        "filter every ORM read, update and delete to the session's tenant; stamp bulk inserts",
    ),
    Hook(
        Session,
        "before_flush",
        _stamp_tenant_on_write,
        "stamp new rows with the session's tenant; refuse moving a row to another tenant",
    ),
)

# The wall is never missing: any process that imports the models has it, even a shell or a
# script that never calls `install_session_hooks()` (which registers it first, again).
for _hook in TENANT_WALL_HOOKS:
    _hook.install()
