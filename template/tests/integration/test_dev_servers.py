"""`just dev` without Docker: servers with their data in .local/ that outlive a stop or a kill.

Real PostgreSQL and Redis (the machine's, or the dev dependencies' wheels) on free ports,
in a throwaway project folder.
"""

import os
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from redis import Redis
from scripts import dev_services
from scripts.dev_services import free_port
from scripts.local_servers.checks import process_name

from tests.support.dev_project import dev_project

pytestmark = pytest.mark.integration


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Not tmp_path: pytest removes old base folders, maybe one in use by another pytest run.
    with tempfile.TemporaryDirectory(prefix="dev-servers-") as folder:
        root = dev_project(Path(folder), monkeypatch, pg_port=free_port(), redis_port=free_port())
        yield root
        dev_services.main(["down"])


def ports() -> tuple[int, int]:
    postgres, redis = dev_services.dev_servers()
    assert postgres is not None
    assert redis is not None
    return postgres.port, redis.port


async def write(pg_port: int, redis_port: int) -> None:
    connection = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{pg_port}/postgres")
    await connection.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('hello')")
    await connection.close()
    with Redis(port=redis_port) as redis:
        redis.set("kept", "hello")


async def read(pg_port: int, redis_port: int) -> tuple[str, bytes | None]:
    connection = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{pg_port}/postgres")
    note = await connection.fetchval("SELECT note FROM kept")
    await connection.close()
    with Redis(port=redis_port) as redis:
        return note, redis.get("kept")


def kill_and_wait(pid_file: Path) -> None:
    pid = int(pid_file.read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while process_name(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)


async def test_data_survives_a_stop_and_a_start(project: Path) -> None:
    assert dev_services.main(["up"]) == 0
    await write(*ports())

    assert dev_services.main(["down"]) == 0
    assert dev_services.main(["up"]) == 0

    assert await read(*ports()) == ("hello", b"hello")


async def test_killed_servers_start_again_on_the_next_up_with_their_data(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dev_services.main(["up"]) == 0
    await write(*ports())

    kill_and_wait(project / ".local/postgres/postmaster.pid")
    kill_and_wait(project / ".local/redis/redis.pid")
    capsys.readouterr()
    assert dev_services.main(["up"]) == 0

    out = capsys.readouterr().out
    assert "removed a stale postmaster.pid left by a crash; data kept" in out
    assert "removed a stale redis.pid left by a crash; data kept" in out
    assert await read(*ports()) == ("hello", b"hello")


async def test_up_twice_leaves_the_running_servers_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dev_services.main(["up"]) == 0
    capsys.readouterr()

    assert dev_services.main(["up"]) == 0

    assert capsys.readouterr().out.count(": already running") == 2


def test_the_test_command_runs_its_command_against_throwaway_servers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    monkeypatch.delenv("TEST_REDIS_URL", raising=False)
    seen = tmp_path / "seen"
    probe = (
        "import os, pathlib, sys; "
        f"pathlib.Path({str(seen)!r}).write_text("
        "os.environ['TEST_DATABASE_URL'] + ' ' + os.environ['TEST_REDIS_URL']); sys.exit(3)"
    )

    assert dev_services.main(["test", "--", sys.executable, "-c", probe]) == 3

    database_url, redis_url = seen.read_text().split()
    assert database_url.startswith("postgresql+asyncpg://postgres:postgres@127.0.0.1:")
    assert database_url.endswith("/app_test")
    assert redis_url.startswith("redis://127.0.0.1:")
    assert redis_url.endswith("/15")
