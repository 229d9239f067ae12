"""Automatic audit of ORM writes: one AuditLog row per created, updated or deleted object.

A `before_flush` listener on every Session looks at the objects the flush is about to
write whose class sets `__audit__ = True` and computes an entry for each while the old
values are still known; an `after_flush` listener inserts those entries in the SAME
transaction, after the rows they describe (an entry's tenant may be created by that very
flush, and the unit of work does not order tables it has no relationships for). The
trail commits or rolls back with the change, and no change is committed without it.

Each entry records the changed columns as `{"old": x, "new": y}` (secrets redacted, see
`values.py`), who acted and from where (the RequestContext), and the object's tenant (its
`tenant_id`; a tenant's own id for the tenants table), also in a session that bypasses
the tenant wall.

Class attributes that tune the capture:
  `__audit__ = True`          record this model's creates, updates and deletes
  `__audit_redact__ = {...}`  columns stored as "[redacted]" (plus the global deny-list)
  `__audit_ignore__ = {...}`  bookkeeping columns never recorded; an update that only
                              touches them writes no row (e.g. `last_login_at`, which the
                              login event already records)

Bulk statements (`session.execute(update(Model)...)`) bypass the unit of work and hence
this capture: record those with `AuditService.log`. Deleting a tenant deletes its trail
with it (foreign key cascade), so a tenant's own deletion is logged, not audited.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import structlog
from sqlalchemy import insert, inspect
from sqlalchemy.orm import InstanceState, Session
from sqlalchemy.schema import Column, ColumnDefault

from app.core.audit.actions import AuditAction
from app.core.audit.models import AuditLog
from app.core.audit.values import JsonValue, is_secret, json_safe, redacted
from app.core.context import RequestContext, current_context
from app.core.database import TENANTS_TABLE, TenantMixin, session_tenant
from app.core.database.hooks import Hook

NOT_RECORDED = frozenset({"tenant_id"})  # the entry's own column says it
PENDING_KEY = "audit_entries"

log = structlog.get_logger("app.audit")

type Changes = dict[str, dict[str, JsonValue]]


def is_audited(obj: object) -> bool:
    return bool(getattr(type(obj), "__audit__", False)) and not isinstance(obj, AuditLog)


def _collect_entries(session: Session, _flush_context: object, _instances: object) -> None:
    context = current_context()
    pending: list[tuple[object, AuditAction]] = [
        *((obj, AuditAction.CREATE) for obj in session.new),
        *((obj, AuditAction.UPDATE) for obj in session.dirty),
        *((obj, AuditAction.DELETE) for obj in session.deleted),
    ]
    entries = [
        entry
        for obj, action in pending
        if is_audited(obj) and (entry := _entry(session, obj, action, context)) is not None
    ]
    session.info[PENDING_KEY] = entries  # replaces what a failed flush left behind


def _write_entries(session: Session, _flush_context: object) -> None:
    entries: list[dict[str, Any]] = session.info.pop(PENDING_KEY, [])
    if entries:
        session.execute(insert(AuditLog), entries)


def _entry(
    session: Session, obj: object, action: AuditAction, context: RequestContext | None
) -> dict[str, Any] | None:
    state: InstanceState[Any] = inspect(obj)
    resource_type = str(getattr(type(obj), "__tablename__", type(obj).__name__))
    changes = _changes(state, action)
    if action is AuditAction.UPDATE and not changes:
        return None  # touched, but nothing worth recording changed
    resource_id = _primary_key(state, generate=action is AuditAction.CREATE)
    if resource_type == TENANTS_TABLE and action is AuditAction.DELETE:
        return None  # its audit trail goes with it; TenantService.delete logs the deletion
    tenant_id = _tenant_of(session, obj, resource_type)
    if tenant_id is None:
        log.warning("audit_entry_without_tenant", resource_type=resource_type, action=action)
        return None
    return {
        "id": uuid4(),
        "tenant_id": tenant_id,
        "actor_id": context.user_id if context else None,
        "action": action.value,
        "resource_type": resource_type,
        "resource_id": resource_id,
        "ip_address": context.client_ip if context else None,
        "user_agent": context.user_agent if context else None,
        "request_id": context.request_id if context else None,
        "changes": changes or None,
        "details": None,
        "created_at": datetime.now(UTC),
    }


def _tenant_of(session: Session, obj: object, resource_type: str) -> UUID | None:
    if isinstance(obj, TenantMixin):
        # None until the tenant wall stamps it; that listener runs before this one.
        stamped: UUID | None = obj.tenant_id
        return stamped or session_tenant(session)
    if resource_type == TENANTS_TABLE:
        tenant_id: UUID | None = getattr(obj, "id", None)
        return tenant_id
    context = current_context()
    return session_tenant(session) or (context.tenant_id if context else None)


def _primary_key(state: InstanceState[Any], *, generate: bool) -> str | None:
    """The object's id as text; for a new object, its client-side default is applied now."""
    values = []
    for column in state.mapper.primary_key:
        key = state.mapper.get_property_by_column(column).key
        value = state.dict.get(key)
        if value is None and generate and isinstance(column, Column):
            value = _client_default(column)
            if value is not None:
                setattr(state.obj(), key, value)
        if value is None:
            return None  # assigned by the database (a sequence) during the flush
        values.append(str(value))
    return ",".join(values)


def _client_default(column: Column[Any]) -> object:
    """A primary key's Python-side default (uuid4), produced now instead of in the flush."""
    default = column.default
    if isinstance(default, ColumnDefault) and default.is_callable:
        try:
            return default.arg(None)  # SQLAlchemy wraps a zero-argument callable to take one
        except (AttributeError, TypeError):  # a default that needs the insert's context
            return None
    return _scalar_default(column)


def _scalar_default(column: Column[Any]) -> object:
    """A constant default (`is_active=True`): the value the insert will store."""
    default = column.default
    return default.arg if isinstance(default, ColumnDefault) and default.is_scalar else None


def _changes(state: InstanceState[Any], action: AuditAction) -> Changes:
    model = state.class_
    changes: Changes = {}
    for key, column in _recorded_columns(state):
        if action is AuditAction.UPDATE:
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        elif action is AuditAction.CREATE:
            old, new = None, state.dict.get(key, _scalar_default(column))
        else:
            old, new = state.dict.get(key), None
        if old is None and new is None:
            continue
        if is_secret(model, key):
            changes[key] = {"old": redacted(old), "new": redacted(new)}
        else:
            changes[key] = {"old": json_safe(old), "new": json_safe(new)}
    return changes


def _recorded_columns(state: InstanceState[Any]) -> Iterable[tuple[str, Column[Any]]]:
    ignored: frozenset[str] = getattr(state.class_, "__audit_ignore__", frozenset())
    primary = {column.key for column in state.mapper.primary_key}
    for prop in state.mapper.column_attrs:
        key = prop.key
        column = prop.columns[0]
        if key in NOT_RECORDED or key in ignored or column.key in primary:
            continue
        if isinstance(column, Column):
            yield key, column


AUDIT_HOOKS = (
    Hook(
        Session,
        "before_flush",
        _collect_entries,
        "note each change to an `__audit__` model, with who made it and from where",
    ),
    Hook(Session, "after_flush", _write_entries, "write those entries in the same transaction"),
)
