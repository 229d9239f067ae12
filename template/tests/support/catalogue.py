"""A tenant-aware service to cache in tests, counting how often it really loads."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import UUID

from pydantic import BaseModel

from app.core.cache import Cache, cached
from app.core.context import RequestContext, bind_context, current_context

TENANT_A = UUID("00000000-0000-0000-0000-00000000000a")
TENANT_B = UUID("00000000-0000-0000-0000-00000000000b")


class Price(BaseModel):
    sku: str
    cents: int
    tenant_id: UUID


@dataclass(frozen=True)
class Stock:
    tenant_id: UUID
    sku: str
    levels: tuple[int, ...]


class Catalogue:
    """A service whose answers depend on the tenant, counting how often it really loads."""

    def __init__(self, cache: Cache | None, delay: float = 0.0) -> None:
        self.cache = cache
        self.delay = delay
        self.loads = 0
        self.cents = 100
        self.during_load: Callable[[], Awaitable[None]] | None = None

    async def _load(self) -> int:
        """Read the current data, then take `delay` to finish (a slow query, say)."""
        self.loads += 1
        cents = self.cents
        await asyncio.sleep(self.delay)
        if self.during_load is not None:
            await self.during_load()
        return cents

    @cached(namespace="prices", ttl=60)
    async def price(self, sku: str) -> Price:
        cents = await self._load()
        context = current_context()
        assert context is not None
        assert context.tenant_id is not None
        return Price(sku=sku, cents=cents, tenant_id=context.tenant_id)

    @cached(namespace="stock", ttl=60, tenant_arg="tenant_id")
    async def stock(self, tenant_id: UUID, sku: str) -> Stock:
        return Stock(tenant_id=tenant_id, sku=sku, levels=(await self._load(), 2))

    @cached(namespace="discontinued", ttl=60, key=lambda sku: sku.upper())
    async def discontinued(self, sku: str) -> list[str] | None:
        await self._load()
        return None if sku else []

    @cached(namespace="currencies", ttl=60, global_=True)
    async def currencies(self) -> list[str]:
        await self._load()
        return ["EUR", "USD"]


@contextmanager
def tenant(tenant_id: UUID) -> Iterator[None]:
    with bind_context(RequestContext(request_id=uuid.uuid4().hex, tenant_id=tenant_id)):
        yield


def stock_entry_name(kind: str, tenant_id: UUID, sku: str) -> str:
    """The Redis name of `Catalogue.stock(tenant_id, sku)`'s value or (first) lock."""
    suffix = "@0.0" if kind == "lock" else ""
    return f"cache:{{t:{tenant_id}}}:{kind}:stock:tenant_id={tenant_id}:sku={sku}{suffix}"
