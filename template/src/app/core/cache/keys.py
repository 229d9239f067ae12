"""Cache keys: always scoped to a tenant, unless a caller says `global_=True` out loud.

A key is (scope, namespace, key). The scope is `t:<tenant id>`, taken from an explicit
argument or the request context, or `global` when the caller passes `global_=True`;
asking for a key with neither is a programming error (`CacheScopeError`), so a cached
value can never leak from one tenant to another through a forgotten argument.

Redis names put the scope in a hash tag (`cache:{t:<id>}:...`) so all of one tenant's
keys share a cluster slot and can be read in one MGET:

    cache:{scope}:gen               tenant generation   (INCR: forget the whole tenant)
    cache:{scope}:ver:<namespace>   namespace version   (INCR: forget one namespace)
    cache:{scope}:val:<ns>:<key>    "<gen>.<ver>|<json>" (stale once either number moves)
    cache:{scope}:lock:<ns>:<key>@<gen>.<ver>   held by the one process loading the value

The two counters never expire: they are one small key per tenant and namespace, and
must outlive every value they stamp (a counter that vanished would resurrect old values).
"""

import re
from dataclasses import dataclass
from uuid import UUID

from app.core.context import current_context

PREFIX = "cache"
GLOBAL_SCOPE = "global"
_NAMESPACE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


class CacheScopeError(RuntimeError):
    """A cache key was requested without a tenant and without `global_=True`."""


def resolve_tenant(tenant_id: UUID | None = None, *, global_: bool = False) -> UUID | None:
    """The tenant a key belongs to (None for global keys); raises if there is none."""
    if global_:
        if tenant_id is not None:
            msg = "Pass either a tenant or global_=True, not both"
            raise CacheScopeError(msg)
        return None
    if tenant_id is None:
        context = current_context()
        tenant_id = context.tenant_id if context is not None else None
    if tenant_id is None:
        msg = (
            "No tenant for this cache key: pass the tenant explicitly, call it inside an "
            "authenticated request, or mark data shared by all tenants with global_=True"
        )
        raise CacheScopeError(msg)
    return tenant_id


def resolve_scope(tenant_id: UUID | None = None, *, global_: bool = False) -> str:
    """`t:<tenant>` from the argument or the request context; `global` only on request."""
    resolved = resolve_tenant(tenant_id, global_=global_)
    return GLOBAL_SCOPE if resolved is None else f"t:{resolved}"


def check_namespace(namespace: str) -> str:
    if not _NAMESPACE.match(namespace):
        msg = f"Cache namespace {namespace!r} must match {_NAMESPACE.pattern}"
        raise ValueError(msg)
    return namespace


@dataclass(frozen=True, slots=True)
class CacheKey:
    scope: str
    namespace: str
    key: str

    @classmethod
    def build(
        cls, namespace: str, key: str, *, tenant_id: UUID | None = None, global_: bool = False
    ) -> "CacheKey":
        return cls(resolve_scope(tenant_id, global_=global_), check_namespace(namespace), key)

    @property
    def generation_name(self) -> str:
        return generation_name(self.scope)

    @property
    def version_name(self) -> str:
        return version_name(self.scope, self.namespace)

    @property
    def value_name(self) -> str:
        return f"{PREFIX}:{{{self.scope}}}:val:{self.namespace}:{self.key}"

    def lock_name(self, stamp: bytes) -> str:
        return f"{PREFIX}:{{{self.scope}}}:lock:{self.namespace}:{self.key}@{stamp.decode()}"


def generation_name(scope: str) -> str:
    return f"{PREFIX}:{{{scope}}}:gen"


def version_name(scope: str, namespace: str) -> str:
    return f"{PREFIX}:{{{scope}}}:ver:{namespace}"
