"""How a verified token becomes an `Actor`: remembered by the process, or loaded.

The loader is the users module's query (active user, superuser flag, permissions, the
instant its older tokens end). Core cannot import modules, so `main.create_app()` hands it
over when it builds `Actors`, the one place the two meet, and `CallerMiddleware` gives the
request's `Caller` a reference to it. A remembered actor answers only while Redis confirms
nothing changed since (`actor_cache`); otherwise the loader runs in a unit of work of its
own, in the principal's tenant, so routes that only read never open a session for it.
"""

from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth.actor_cache import ActorCache, Stamp
from app.core.auth.principal import Actor, Principal
from app.core.database import app_session
from app.core.errors import AuthenticationError

if TYPE_CHECKING:
    from app.core.auth.caller import Caller


class ActorLoader(Protocol):
    async def __call__(self, session: AsyncSession, principal: Principal) -> Actor | None:
        """The active user behind `principal` with its permissions, or None."""


class Actors:
    def __init__(self, loader: ActorLoader) -> None:
        self.loader = loader
        self.cache: ActorCache | None = None  # set at start-up, once Redis is there

    @property
    def caching(self) -> bool:
        return self.cache is not None and self.cache.enabled

    async def confirm(self, app: Any, caller: "Caller", principal: Principal) -> Actor:
        """The actor behind `principal`; 401 when the account is inactive or gone."""
        cache = self.cache
        if cache is None or not cache.enabled:
            return await self._load(app, principal)
        stamp: Stamp | None = (
            caller.stamp if caller.stamp_read else await cache.read_stamp(principal)
        )
        if stamp is None:  # Redis cannot vouch for a remembered actor: ask the database
            return await self._load(app, principal)
        actor = cache.get(principal, stamp)
        if actor is None:
            actor = await self._load(app, principal)
            cache.put(principal, stamp, actor)
        return actor

    async def _load(self, app: Any, principal: Principal) -> Actor:
        async with app_session(app, principal.tenant_id) as session:
            actor = await self.loader(session, principal)
        if actor is None:
            raise AuthenticationError("The account is inactive or no longer exists")
        return actor
