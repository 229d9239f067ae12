"""Actors (active user, superuser flag, permissions) remembered per process.

Confirming the caller and loading its permissions is a join over four tables, and every
authenticated request needs it; its answer changes only when a user is deactivated,
deleted or given other roles, or a role's permissions change. So each process keeps the
actors it loaded, and Redis says whether they still hold:

- Redis keeps a generation token per tenant, and one for every tenant at once. A request
  reads its caller's two tokens in the round trip the rate limiter makes anyway (it leaves
  them on the request's `Caller`), or with one small script when no limiter ran. The
  tokens are read before the database is.
- A remembered actor answers only if it was stored under the same tokens, less than
  ACTOR_CACHE_SECONDS ago. Otherwise the database is asked and the answer is stored under
  the tokens read before the query, so an actor loaded while a change commits carries
  the old tokens and never matches again.
- A write that changes actors (`app.core.auth.actor_invalidation` finds them) replaces
  its tenant's token once its transaction has committed and before the response leaves:
  the next request, in any process of any instance, reloads from the database.
- Tokens are random, never counters: if Redis loses them (restart, flush), the next read
  mints new ones, and nothing stored under a lost token can match again.
- Without Redis there are no tokens and no cache: every request asks the database.

Staleness: none for changes written through the app's sessions (the commit waits for the
new token). Changes that bypass them (an SQL console, raw SQL, a script without the app's
session info), or whose token update failed because Redis was down at that moment, apply
within ACTOR_CACHE_SECONDS. ACTOR_CACHE_SECONDS=0 turns the cache off.
"""

import time
import uuid
from collections.abc import Collection, Sequence
from uuid import UUID

import structlog
from redis.asyncio import Redis

from app.core.auth.principal import Actor, Principal
from app.core.redis import REDIS_ERRORS

GENERATION_PREFIX = "actors:generation:"
ALL_TENANTS = GENERATION_PREFIX + "all"
MAX_ACTORS = 10_000

# The generation token of KEYS[first..], minted from `fresh` where missing. Shared with the
# rate limiter's script, which reads the tokens in the same round trip.
GENERATIONS_LUA = """
local function generations(first, fresh)
  local tokens = {}
  for i = first, #KEYS do
    local token = redis.call('GET', KEYS[i])
    if not token then
      token = fresh
      redis.call('SET', KEYS[i], token)
    end
    table.insert(tokens, token)
  end
  return tokens
end
"""
READ_GENERATIONS_LUA = GENERATIONS_LUA + "return generations(1, ARGV[1])\n"

type Stamp = tuple[bytes, ...]

log = structlog.get_logger("app.auth")


def generation_keys(tenant_id: UUID) -> list[str]:
    """The tokens an actor of `tenant_id` depends on: its tenant's, and everyone's."""
    return [f"{GENERATION_PREFIX}{tenant_id}", ALL_TENANTS]


class ActorCache:
    def __init__(self, redis: Redis, ttl_seconds: float, max_actors: int = MAX_ACTORS) -> None:
        self.ttl_seconds = ttl_seconds
        self._redis = redis
        self._read = redis.register_script(READ_GENERATIONS_LUA)
        self._max_actors = max_actors
        self._actors: dict[tuple[UUID, UUID], tuple[Stamp, float, Actor]] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0

    async def read_stamp(self, principal: Principal) -> Stamp | None:
        """The caller's generation tokens now; None when Redis cannot say (no caching)."""
        try:
            tokens = await self._read(
                keys=generation_keys(principal.tenant_id), args=[uuid.uuid4().hex]
            )
        except REDIS_ERRORS as exc:
            log.warning("actor_generations_unavailable", error=type(exc).__name__)
            return None
        return tuple(tokens)

    def get(self, principal: Principal, stamp: Stamp) -> Actor | None:
        entry = self._actors.get((principal.tenant_id, principal.user_id))
        if entry is None or entry[0] != stamp or time.monotonic() >= entry[1]:
            return None
        return entry[2]

    def put(self, principal: Principal, stamp: Stamp, actor: Actor) -> None:
        key = (principal.tenant_id, principal.user_id)
        self._actors.pop(key, None)
        if len(self._actors) >= self._max_actors:
            del self._actors[next(iter(self._actors))]  # the oldest entry
        self._actors[key] = (stamp, time.monotonic() + self.ttl_seconds, actor)

    async def invalidate(self, tenant_ids: Collection[UUID | None]) -> None:
        """New tokens for these tenants (None: every tenant); their actors reload."""
        keys: Sequence[str] = sorted(
            {
                ALL_TENANTS if tenant_id is None else generation_keys(tenant_id)[0]
                for tenant_id in tenant_ids
            }
        )
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.set(key, uuid.uuid4().hex)
                await pipe.execute()
        except REDIS_ERRORS as exc:
            # This process at least forgets; others catch up within ACTOR_CACHE_SECONDS.
            self._actors.clear()
            log.warning("actor_cache_invalidation_failed", error=type(exc).__name__)
