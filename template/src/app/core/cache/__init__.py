"""Tenant-scoped read-through caching in Redis (`@cached`, namespace invalidation).

See `decorator.py` for usage, `keys.py` for how keys are scoped and `store.py` for the
stampede protection and the degraded path when Redis is down.
"""

from app.core.cache.codec import Codec
from app.core.cache.decorator import UsesCache, cached
from app.core.cache.dependencies import (
    AppCache,
    get_cache,
    invalidate_on_commit,
    invalidate_tenant_on_commit,
)
from app.core.cache.keys import CacheKey, CacheScopeError
from app.core.cache.store import Cache

__all__ = [
    "AppCache",
    "Cache",
    "CacheKey",
    "CacheScopeError",
    "Codec",
    "UsesCache",
    "cached",
    "get_cache",
    "invalidate_on_commit",
    "invalidate_tenant_on_commit",
]
