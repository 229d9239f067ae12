"""Prerequisites checked before a server starts, each failing with one actionable line."""

import contextlib
import errno
import os
import shutil
import socket
import subprocess
from pathlib import Path

MIN_FREE_BYTES = 200 * 1024 * 1024  # a fresh cluster plus some WAL; less ends in a half-made folder


class ServerError(Exception):
    """What is wrong and the command that fixes it, on one line (printed without a traceback)."""


def port_in_use(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def ensure_port_free(port: int, server: str, setting: str) -> None:
    if port_in_use(port):
        raise ServerError(
            f"port {port} is in use by another program, so {server} cannot start there: stop that "
            f"program, or pick a free port in {setting} in .env"
        )


def ensure_disk_space(folder: Path, needed: int = MIN_FREE_BYTES) -> None:
    existing = next(parent for parent in (folder, *folder.parents) if parent.exists())
    free = shutil.disk_usage(existing).free
    if free < needed:
        raise no_space(folder, free)


def no_space(folder: Path, free: int | None = None) -> ServerError:
    left = "" if free is None else f" ({free // (1024 * 1024)} MB free)"
    return ServerError(
        f"no disk space left for {folder}{left}: free some space (`df -h {folder.parent}` "
        "shows how much there is) and run the command again"
    )


def is_no_space(error: OSError | str) -> bool:
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    return "No space left on device" in error


def process_name(pid: int) -> str | None:
    """The command name of a live process, None when no such process exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, owned by another user (PostgreSQL runs as its own user under root)
    result = subprocess.run(
        ["ps", "-o", "stat=,comm=", "-p", str(pid)], capture_output=True, text=True, check=False
    )
    state, _, name = result.stdout.strip().partition(" ")
    if not name or state.startswith("Z"):  # a killed process its parent has not reaped yet
        return None
    return name.strip()


def live_pid(pid_file: Path, names: tuple[str, ...]) -> int | None:
    """The pid in `pid_file` if that process is alive and is one of `names`, else None."""
    try:
        pid = int(pid_file.read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None
    name = process_name(pid)
    if name is None or not any(name.startswith(expected) for expected in names):
        return None
    return pid
