"""In-process single-flight: concurrent misses on one key share one load.

The first caller for a key becomes the leader and runs the load; callers arriving while
it runs wait for the leader's result instead of loading again. Results are shared as the
encoded bytes, so each caller decodes its own copy and no mutable object is shared
between requests. If the leader fails, its waiters see the same exception; if the leader
is cancelled (its client went away), the waiters load for themselves.
"""

import asyncio
from collections.abc import Awaitable, Callable


class _LeaderCancelledError(Exception):
    """The leader stopped before producing a value; the waiter loads for itself."""


class SingleFlight:
    def __init__(self) -> None:
        self._flights: dict[str, asyncio.Future[bytes]] = {}

    async def run[T](
        self,
        key: str,
        load: Callable[[], Awaitable[tuple[T, bytes]]],
        decode: Callable[[bytes], T],
    ) -> T:
        """Lead the load for `key`, or wait for the one in flight and decode its bytes."""
        flight = self._flights.get(key)
        if flight is not None:
            try:
                return decode(await self._join(flight))
            except _LeaderCancelledError:
                return await self.run(key, load, decode)
        flight = asyncio.get_running_loop().create_future()
        self._flights[key] = flight
        try:
            value, payload = await load()
        except asyncio.CancelledError:
            flight.cancel()
            raise
        except Exception as exc:
            flight.set_exception(exc)
            flight.exception()  # mark retrieved: there may be no waiter to read it
            raise
        else:
            flight.set_result(payload)
            return value
        finally:
            if self._flights.get(key) is flight:
                del self._flights[key]

    @staticmethod
    async def _join(flight: asyncio.Future[bytes]) -> bytes:
        try:
            return await asyncio.shield(flight)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if flight.cancelled() and (task is None or not task.cancelling()):
                raise _LeaderCancelledError from None
            raise
