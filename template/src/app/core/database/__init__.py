"""Engine, sessions, the declarative base and tenant scoping."""

from app.core.database.base import TENANTS_TABLE, Base, TenantMixin, TimestampMixin, UUIDMixin
from app.core.database.crossing import Crossing, database_wall
from app.core.database.engine import create_engine, create_sessionmaker
from app.core.database.session import (
    DbSession,
    app_session,
    commit,
    get_session,
    on_commit,
    pending_after_commit,
    rollback,
)
from app.core.database.tenant import (
    TenantContextRequired,
    bypass_tenant,
    in_tenant,
    session_tenant,
    set_tenant,
)

__all__ = [
    "TENANTS_TABLE",
    "Base",
    "Crossing",
    "DbSession",
    "TenantContextRequired",
    "TenantMixin",
    "TimestampMixin",
    "UUIDMixin",
    "app_session",
    "bypass_tenant",
    "commit",
    "create_engine",
    "create_sessionmaker",
    "database_wall",
    "get_session",
    "in_tenant",
    "on_commit",
    "pending_after_commit",
    "rollback",
    "session_tenant",
    "set_tenant",
]
