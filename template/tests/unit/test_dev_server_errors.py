"""`just dev` without Docker: each missing prerequisite is one line and exit code 1.

These checks run before any server starts, so they need no PostgreSQL or Redis.
"""

import socket
from collections import namedtuple
from pathlib import Path

import pytest
from scripts import dev_services
from scripts.dev_services import free_port
from scripts.local_servers import POSTGRES_MAJOR, checks

from tests.support.dev_project import dev_project

pytestmark = pytest.mark.unit


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("taken", ["postgres", "redis"])
def test_a_port_taken_by_another_program_names_the_port_and_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], taken: str
) -> None:
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        busy = other_program.getsockname()[1]
        ports = {"postgres": free_port(), "redis": free_port()} | {taken: busy}
        dev_project(tmp_path, monkeypatch, pg_port=ports["postgres"], redis_port=ports["redis"])
        if taken == "redis":  # PostgreSQL starts first: this test is about Redis alone
            monkeypatch.setattr(dev_services.PostgresServer, "start", lambda _: "started")

        assert dev_services.main(["up"]) == 1

    line = one_error_line(capsys)
    setting = "DATABASE_URL" if taken == "postgres" else "REDIS_URL"
    assert f"port {busy} is in use by another program" in line
    assert f"{setting} in .env" in line


def test_a_data_folder_of_another_postgres_major_says_how_to_move_it_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dev_project(tmp_path, monkeypatch, pg_port=free_port(), redis_port=free_port())
    data = tmp_path / ".local/postgres"
    data.mkdir(parents=True)
    (data / "PG_VERSION").write_text("16\n")

    assert dev_services.main(["up"]) == 1

    line = one_error_line(capsys)
    assert f"holds PostgreSQL 16 data but the server here is PostgreSQL {POSTGRES_MAJOR}" in line
    assert f"`mv {data} {data}-16`" in line


def test_a_full_disk_stops_before_initdb_with_the_space_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dev_project(tmp_path, monkeypatch, pg_port=free_port(), redis_port=free_port())
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(checks.shutil, "disk_usage", lambda _: usage(10**9, 10**9 - 2**20, 2**20))

    assert dev_services.main(["up"]) == 1

    line = one_error_line(capsys)
    assert "no disk space left for" in line
    assert "(1 MB free)" in line
    assert not (tmp_path / ".local/postgres").exists()


def test_a_disk_that_fills_up_during_start_is_reported_the_same_way() -> None:
    assert checks.is_no_space(OSError(28, "No space left on device"))
    assert checks.is_no_space('could not write to file "base/1/1259": No space left on device')
    assert not checks.is_no_space(OSError(13, "Permission denied"))


def test_status_without_servers_says_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dev_project(tmp_path, monkeypatch, pg_port=free_port(), redis_port=free_port())

    assert dev_services.main(["status"]) == 0

    assert capsys.readouterr().out.count(": stopped, data in .local/") == 2


def test_a_database_on_another_machine_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev_project(tmp_path, monkeypatch, pg_port=free_port(), redis_port=free_port())
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@db.example.com:5432/app")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example.com:6379/0")

    assert dev_services.dev_servers() == (None, None)
