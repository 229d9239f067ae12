"""PostgreSQL and Redis for the harness: from the environment, containers, or local binaries.

Order of preference:
1. `KIT_DATABASE_URL` and `KIT_REDIS_URL` from the environment (both must be set);
2. containers through testcontainers, when a Docker engine answers;
3. the machine's own `postgres`/`initdb` and `redis-server` binaries, in throwaway data
   directories on free ports (PostgreSQL runs as the `postgres` user when we are root,
   because the server refuses to run as root).
Each variant then gets its own databases and its own Redis database number, so variants
can run in parallel against one pair of servers.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

POSTGRES_BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14)]


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


def docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


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

    with PostgresContainer("postgres:16", driver=None) as pg, RedisContainer("redis:7") as rd:
        host = pg.get_container_host_ip()
        yield Services(
            postgres=f"postgresql://{pg.username}:{pg.password}@{host}:{pg.get_exposed_port(5432)}",
            redis=f"redis://{rd.get_container_host_ip()}:{rd.get_exposed_port(6379)}",
            source="containers (testcontainers)",
        )


def _postgres_bin() -> Path:
    for directory in POSTGRES_BIN_DIRS:
        if (directory / "initdb").exists():
            return directory
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError("no PostgreSQL server binaries (initdb) found")


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def local_postgres() -> Iterator[str]:
    bin_dir = _postgres_bin()
    data = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(data / "server.log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres:postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def local_redis() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server not found (apt-get install -y redis-server)")
    data = Path(tempfile.mkdtemp(prefix="kit-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(data),
            "--databases",
            "64",
            "--logfile",
            str(data / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def from_local_binaries() -> Iterator[Services]:
    with local_postgres() as postgres, local_redis() as redis:
        yield Services(postgres=postgres, redis=redis, source="local server binaries")


@contextlib.contextmanager
def start_services() -> Iterator[Services]:
    if os.environ.get("KIT_DATABASE_URL") and os.environ.get("KIT_REDIS_URL"):
        starter = from_environment
    elif docker_available():
        starter = from_containers
    else:
        starter = from_local_binaries
    with starter() as services:
        yield services
