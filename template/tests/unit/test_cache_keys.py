"""Cache keys carry their tenant, and values keep their type through JSON."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import pytest
from pydantic import BaseModel
from redis.asyncio import Redis

from app.core.cache import Cache, CacheKey, CacheScopeError, Codec, cached
from app.core.cache.codec import ReturnTypeCodec
from app.core.cache.keys import resolve_scope
from app.core.context import RequestContext, bind_context

pytestmark = pytest.mark.unit

TENANT = UUID("00000000-0000-0000-0000-0000000000aa")


class Invoice(BaseModel):
    id: UUID
    total_cents: int
    issued_at: datetime


@dataclass(frozen=True)
class Summary:
    count: int
    names: tuple[str, ...]


def test_a_key_without_a_tenant_is_refused() -> None:
    with pytest.raises(CacheScopeError, match="global_=True"):
        CacheKey.build("invoices", "42")


def test_the_request_context_supplies_the_tenant() -> None:
    with bind_context(RequestContext(request_id="r", tenant_id=TENANT)):
        key = CacheKey.build("invoices", "42")
    assert key.scope == f"t:{TENANT}"
    assert key.value_name == f"cache:{{t:{TENANT}}}:val:invoices:42"
    assert key.version_name == f"cache:{{t:{TENANT}}}:ver:invoices"
    assert key.generation_name == f"cache:{{t:{TENANT}}}:gen"


def test_an_explicit_tenant_wins_over_the_context() -> None:
    other = uuid.uuid4()
    with bind_context(RequestContext(request_id="r", tenant_id=TENANT)):
        assert resolve_scope(other) == f"t:{other}"


def test_global_keys_must_be_asked_for_by_name_and_exclude_a_tenant() -> None:
    assert CacheKey.build("currencies", "all", global_=True).scope == "global"
    with pytest.raises(CacheScopeError, match="not both"):
        resolve_scope(TENANT, global_=True)


@pytest.mark.parametrize("namespace", ["", "Invoices", "a:b", "x" * 65, "-dash"])
def test_namespaces_are_short_lowercase_words(namespace: str) -> None:
    with pytest.raises(ValueError, match="namespace"):
        CacheKey.build(namespace, "1", tenant_id=TENANT)


def test_pydantic_models_round_trip_to_the_same_type() -> None:
    invoice = Invoice(id=uuid.uuid4(), total_cents=1250, issued_at=datetime.now(UTC))
    codec = Codec.for_type(Invoice)
    assert codec.decode(codec.encode(invoice)) == invoice


def test_dataclasses_and_containers_round_trip_to_the_same_type() -> None:
    codec = Codec.for_type(list[Summary])
    value = [Summary(count=2, names=("a", "b"))]
    assert codec.decode(codec.encode(value)) == value


def test_the_return_annotation_chooses_the_codec() -> None:
    async def load() -> Summary | None:
        return None

    codec: ReturnTypeCodec[Summary | None] = ReturnTypeCodec(load)
    assert codec.get().decode(b"null") is None
    assert codec.get() is codec.get()


def test_a_cached_function_needs_a_return_annotation() -> None:
    async def load():  # no annotation: the point of the test
        return 1

    with pytest.raises(TypeError, match="return annotation"):
        ReturnTypeCodec(load).get()


def test_a_cached_method_takes_a_tenant_or_global_not_both() -> None:
    with pytest.raises(ValueError, match="not both"):
        cached(namespace="x", ttl=1, tenant_arg="tenant_id", global_=True)


def test_the_tenant_argument_must_exist() -> None:
    decorate = cached(namespace="x", ttl=1, tenant_arg="tenant_id")
    with pytest.raises(ValueError, match="not a parameter"):
        decorate(_Uncached.load)


class _Uncached:
    cache: Cache | None = None

    def __init__(self) -> None:
        self.calls = 0

    @cached(namespace="things", ttl=60)
    async def load(self, thing_id: int) -> int:
        self.calls += 1
        return thing_id


async def test_an_object_without_a_cache_calls_straight_through() -> None:
    service = _Uncached()
    assert await service.load(3) == 3
    assert await service.load(3) == 3
    assert service.calls == 2


class _Tenanted:
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    @cached(namespace="things", ttl=60, tenant_arg="tenant_id")
    async def load(self, tenant_id: object) -> int:
        return 1 if tenant_id else 0


async def test_the_tenant_argument_must_hold_a_uuid() -> None:
    service = _Tenanted(Cache(Redis()))  # never contacted: the argument is checked first
    with pytest.raises(TypeError, match="must be a UUID"):
        await service.load("not-a-uuid")
