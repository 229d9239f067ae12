"""`Cache`: read-through caching in Redis that never becomes a reason to fail.

Reads are one MGET of (tenant generation, namespace version, value). A value counts only
if it was written under the current generation and version, so invalidation is one INCR
(no KEYS or SCAN), and a loader that read old data before an invalidation writes it
under the old stamp, where no reader will take it.

On a miss, one caller per process loads (`SingleFlight`), and one process per key holds
a short Redis lock while loading; other processes poll briefly for its value, then load
themselves rather than wait on a stuck peer. When Redis fails, every operation degrades
to calling the loader (or skipping the invalidation), with a warning and a signal.
"""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from uuid import UUID

import structlog
from redis.asyncio import Redis

from app.core.cache.codec import DECODE_ERRORS, Codec
from app.core.cache.keys import (
    CacheKey,
    check_namespace,
    generation_name,
    resolve_scope,
    version_name,
)
from app.core.cache.single_flight import SingleFlight
from app.core.observability.signals import NULL_SIGNALS, Signals
from app.core.redis import REDIS_ERRORS

# Delete the lock only if this loader still holds it (it may have expired and moved on).
RELEASE_LOCK_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

log = structlog.get_logger("app.cache")


class Cache:
    def __init__(
        self,
        redis: Redis,
        sink: Signals = NULL_SIGNALS,
        *,
        lock_seconds: float = 5.0,
        wait_seconds: float = 2.0,
        poll_seconds: float = 0.02,
    ) -> None:
        self._redis = redis
        self._sink = sink
        self._lock_ms = round(lock_seconds * 1000)
        self._wait_seconds = wait_seconds
        self._poll_seconds = poll_seconds
        self._flights = SingleFlight()
        self._release_lock = redis.register_script(RELEASE_LOCK_LUA)

    async def get_or_load[T](
        self, key: CacheKey, loader: Callable[[], Awaitable[T]], codec: Codec[T], ttl: int
    ) -> T:
        """The cached value for `key`, or `loader()`'s result, stored for `ttl` seconds."""
        if ttl < 1:
            msg = "Cache ttl must be at least one second"
            raise ValueError(msg)
        try:
            stamp, payload = await self._read(key)
        except REDIS_ERRORS as exc:
            self._degraded("read", key.namespace, exc)
            return await loader()
        if payload is not None:
            try:
                value = codec.decode(payload)
            except DECODE_ERRORS:
                log.info("cache_entry_undecodable", namespace=key.namespace)
            else:
                self._sink.cache_lookup(key.namespace, hit=True)
                return value
        self._sink.cache_lookup(key.namespace, hit=False)
        return await self._flights.run(
            f"{key.value_name}@{stamp.decode()}",
            lambda: self._load(key, stamp, loader, codec, ttl),
            codec.decode,
        )

    async def invalidate(
        self, namespace: str, *, tenant_id: UUID | None = None, global_: bool = False
    ) -> None:
        """Forget every value of `namespace` for the tenant (or the global scope)."""
        scope = resolve_scope(tenant_id, global_=global_)
        await self._bump(version_name(scope, check_namespace(namespace)), namespace)

    async def invalidate_tenant(self, tenant_id: UUID) -> None:
        """Forget every cached value of the tenant, in every namespace."""
        await self._bump(generation_name(resolve_scope(tenant_id)), "*")

    async def _read(self, key: CacheKey) -> tuple[bytes, bytes | None]:
        generation, version, entry = await self._redis.mget(
            [key.generation_name, key.version_name, key.value_name]
        )
        stamp = f"{int(generation or 0)}.{int(version or 0)}".encode()
        if entry is None:
            return stamp, None
        entry_stamp, separator, payload = bytes(entry).partition(b"|")
        return stamp, payload if separator and entry_stamp == stamp else None

    async def _load[T](
        self,
        key: CacheKey,
        stamp: bytes,
        loader: Callable[[], Awaitable[T]],
        codec: Codec[T],
        ttl: int,
    ) -> tuple[T, bytes]:
        lock, token = key.lock_name(stamp), uuid.uuid4().hex
        try:
            locked = bool(await self._redis.set(lock, token, nx=True, px=self._lock_ms))
        except REDIS_ERRORS as exc:
            self._degraded("lock", key.namespace, exc)
            value = await loader()
            return value, codec.encode(value)
        if not locked:
            payload = await self._wait_for_peer(key, stamp)
            if payload is not None:
                try:
                    return codec.decode(payload), payload
                except DECODE_ERRORS:
                    log.info("cache_entry_undecodable", namespace=key.namespace)
        try:
            value = await loader()
            payload = codec.encode(value)
            await self._store(key, stamp, payload, ttl)
        finally:
            if locked:
                await self._unlock(lock, token, key.namespace)
        return value, payload

    async def _wait_for_peer(self, key: CacheKey, stamp: bytes) -> bytes | None:
        """Another process is loading: reread until its value lands (or give up)."""
        deadline = time.monotonic() + self._wait_seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(self._poll_seconds)
            try:
                current, payload = await self._read(key)
            except REDIS_ERRORS as exc:
                self._degraded("read", key.namespace, exc)
                return None
            if payload is not None or current != stamp:
                return payload
        return None

    async def _store(self, key: CacheKey, stamp: bytes, payload: bytes, ttl: int) -> None:
        try:
            await self._redis.set(key.value_name, stamp + b"|" + payload, ex=ttl)
        except REDIS_ERRORS as exc:
            self._degraded("write", key.namespace, exc)

    async def _unlock(self, lock: str, token: str, namespace: str) -> None:
        try:
            await self._release_lock(keys=[lock], args=[token])
        except REDIS_ERRORS as exc:
            self._degraded("unlock", namespace, exc)  # the lock expires on its own

    async def _bump(self, name: str, namespace: str) -> None:
        try:
            await self._redis.incr(name)
        except REDIS_ERRORS as exc:
            # Stale values then live until their ttl: keep ttls short for data that changes.
            self._degraded("invalidate", namespace, exc)

    def _degraded(self, operation: str, namespace: str, error: Exception) -> None:
        log.warning(
            "cache_backend_unavailable",
            operation=operation,
            namespace=namespace,
            error=type(error).__name__,
            reason=str(error),
        )
        self._sink.backend_unavailable("redis", "cache")
