"""`@cached`: read-through caching for service and repository methods.

    class TenantService:
        def __init__(self, session: AsyncSession, cache: Cache | None = None) -> None:
            self.cache = cache

        @cached(namespace="tenant", ttl=300, tenant_arg="tenant_id")
        async def read(self, tenant_id: UUID) -> TenantRead: ...

The decorated method's object provides the `Cache` as its `cache` attribute (routes get
one from the `AppCache` dependency), so there is no module-level client; an object
built without one (a script, a test) simply calls through. The return annotation decides
how values are stored and decoded. Keys are tenant-scoped: `tenant_arg=` names the
argument that holds the tenant id, otherwise the request context's tenant is used, and
data shared by every tenant must say `global_=True`. `key=` builds the key from the
method's arguments (default: every argument as `name=value`, so arguments need a stable
`str()`).
"""

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, Protocol
from uuid import UUID

from app.core.cache.codec import ReturnTypeCodec
from app.core.cache.keys import CacheKey, check_namespace
from app.core.cache.store import Cache

KeyFunction = Callable[..., object]


class UsesCache(Protocol):
    @property
    def cache(self) -> Cache | None:
        """The cache to use; None turns caching off for this object."""


def bound_arguments(
    signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The call's arguments by name (without `self`), defaults applied."""
    bound = signature.bind(None, *args, **kwargs)
    bound.apply_defaults()
    return dict(list(bound.arguments.items())[1:])


def default_key(arguments: dict[str, Any]) -> str:
    """`a=1:b=x`: every argument, in signature order."""
    return ":".join(f"{name}={value}" for name, value in arguments.items())


def tenant_from(arguments: dict[str, Any], tenant_arg: str | None) -> UUID | None:
    if tenant_arg is None:
        return None
    value = arguments[tenant_arg]
    if value is not None and not isinstance(value, UUID):
        msg = f"@cached tenant_arg {tenant_arg!r} must be a UUID, got {type(value).__name__}"
        raise TypeError(msg)
    return value


def cached[S: UsesCache, **P, T](
    *,
    namespace: str,
    ttl: int,
    key: KeyFunction | None = None,
    tenant_arg: str | None = None,
    global_: bool = False,
) -> Callable[
    [Callable[Concatenate[S, P], Awaitable[T]]], Callable[Concatenate[S, P], Awaitable[T]]
]:
    """Cache the method's result for `ttl` seconds under `namespace` (see module doc)."""
    check_namespace(namespace)
    if global_ and tenant_arg is not None:
        msg = "@cached takes either tenant_arg= or global_=True, not both"
        raise ValueError(msg)

    def decorate(
        method: Callable[Concatenate[S, P], Awaitable[T]],
    ) -> Callable[Concatenate[S, P], Awaitable[T]]:
        codec: ReturnTypeCodec[T] = ReturnTypeCodec(method)
        signature = inspect.signature(method)
        if tenant_arg is not None and tenant_arg not in signature.parameters:
            msg = f"@cached tenant_arg {tenant_arg!r} is not a parameter of {method.__qualname__}"
            raise ValueError(msg)

        @functools.wraps(method)
        async def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
            cache = self.cache
            if cache is None:
                return await method(self, *args, **kwargs)
            arguments = bound_arguments(signature, args, kwargs)
            part = key(*args, **kwargs) if key is not None else default_key(arguments)
            tenant_id = tenant_from(arguments, tenant_arg)
            cache_key = CacheKey.build(namespace, str(part), tenant_id=tenant_id, global_=global_)
            return await cache.get_or_load(
                cache_key, lambda: method(self, *args, **kwargs), codec.get(), ttl
            )

        return wrapper

    return decorate
