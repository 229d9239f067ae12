"""Find the writes that change an actor and renew their tenant's token after the commit.

Models an actor is derived from say so with a class attribute:
  `__actor_source__ = True`                 any insert, update or delete changes actors
                                            (role grants, a role's permissions)
  `__actor_source__ = frozenset({"col"})`   deletes, and updates of these columns, do
                                            (a user's `is_active`; deleting a tenant)

Listeners on every Session see flushed objects (`before_flush`) and bulk statements
(`do_orm_execute`) on such models, note the tenants concerned (a global row, or a bulk
statement outside a tenant, concerns every tenant) and register one renewal with
`on_commit`, which later writes of the same transaction add their tenants to: it runs
only if the transaction commits, and before the response is sent. Sessions of the app
carry the cache in `session.info`; other sessions (scripts, a console) cannot renew
tokens, and their changes apply within ACTOR_CACHE_SECONDS.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import inspect
from sqlalchemy.orm import ORMExecuteState, Session

from app.core.auth.actor_cache import ActorCache
from app.core.database import TENANTS_TABLE, on_commit, pending_after_commit, session_tenant
from app.core.database.hooks import Hook
from app.core.database.tenant import is_bypassed

ACTOR_CACHE_KEY = "actor_cache"


def actor_source(model: type) -> bool | frozenset[str]:
    source: bool | frozenset[str] = getattr(model, "__actor_source__", False)
    return source


def _tenant_of(obj: Any) -> UUID | None:
    if getattr(obj, "__tablename__", None) == TENANTS_TABLE:
        tenant_id: UUID | None = obj.id
        return tenant_id
    return getattr(obj, "tenant_id", None)


def _changes_actors(obj: object, *, inserted: bool, deleted: bool) -> bool:
    source = actor_source(type(obj))
    if source is True or (deleted and source is not False):
        return True
    if inserted or not isinstance(source, frozenset):
        return False
    attributes = inspect(obj).attrs
    return any(attributes[name].history.has_changes() for name in source)


@dataclass(slots=True)
class _Renewal:
    """Renews the tokens of every tenant the transaction's writes concerned, once."""

    cache: ActorCache
    tenant_ids: set[UUID | None]

    async def __call__(self) -> None:
        await self.cache.invalidate(frozenset(self.tenant_ids))


def _renew_after_commit(session: Session, tenant_ids: set[UUID | None]) -> None:
    cache: ActorCache | None = session.info.get(ACTOR_CACHE_KEY)
    if cache is None or not cache.enabled or not tenant_ids:
        return
    for callback in pending_after_commit(session):
        if isinstance(callback, _Renewal):
            callback.tenant_ids |= tenant_ids
            return
    on_commit(session, _Renewal(cache, set(tenant_ids)))


def _flushed_changes(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(ACTOR_CACHE_KEY) is None:
        return
    changed = {
        _tenant_of(obj)
        for objects, inserted, deleted in (
            (session.new, True, False),
            (session.dirty, False, False),
            (session.deleted, False, True),
        )
        for obj in objects
        if _changes_actors(obj, inserted=inserted, deleted=deleted)
    }
    _renew_after_commit(session, changed)


def _bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if not any(actor_source(mapper.class_) is not False for mapper in state.all_mappers):
        return
    session = state.session
    tenant_id = None if is_bypassed(session) else session_tenant(session)
    _renew_after_commit(session, {tenant_id})


ACTOR_INVALIDATION_HOOKS = (
    Hook(
        Session,
        "before_flush",
        _flushed_changes,
        "after the commit, renew the actor tokens of tenants whose users or roles changed",
    ),
    Hook(Session, "do_orm_execute", _bulk_change, "the same for bulk UPDATE and DELETE"),
)
