"""Which failures are worth another try.

A job that fails for a reason that may pass (a dropped connection, a timeout, an SMTP
4xx answer) is tried again later with exponential backoff, up to its `max_tries`; any
other exception fails the job at once. Jobs signal "try me again" by raising
`TransientJobError` (or any of `TRANSIENT_ERRORS`).
"""

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, OperationalError


class TransientJobError(RuntimeError):
    """The job failed for a reason that may pass: try it again later."""


class RetriesExhaustedError(RuntimeError):
    """The job asked for another try after its last allowed one."""


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientJobError,
    ConnectionError,  # includes SMTP disconnects and refused connections
    TimeoutError,
    RedisConnectionError,
    RedisTimeoutError,
    OperationalError,  # the database went away, a deadlock, a serialization failure
)


def is_transient(error: BaseException, extra: tuple[type[BaseException], ...] = ()) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, TRANSIENT_ERRORS + extra)
