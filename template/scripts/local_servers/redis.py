"""One Redis (or Valkey) server in a folder of its own, on a TCP port of 127.0.0.1.

A durable server appends every write to its append-only file before answering, so a
killed server loses nothing; a throwaway one (tests) keeps everything in memory.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .binaries import RedisBinary
from .checks import (
    ServerError,
    ensure_disk_space,
    ensure_port_free,
    is_no_space,
    live_pid,
    no_space,
)

SERVER_NAMES = ("redis-server", "valkey-server", "redis", "valkey")
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class RedisServer:
    binary: RedisBinary
    data: Path
    port: int
    durable: bool = True

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.data / "redis.pid"

    @property
    def log(self) -> Path:
        return self.data / "redis.log"

    def describe(self) -> str:
        return f"{self.binary.path.name} ({self.binary.source}) on 127.0.0.1:{self.port}"

    def pid(self) -> int | None:
        return live_pid(self.pid_file, SERVER_NAMES)

    def running(self) -> bool:
        return self.pid() is not None

    def start(self) -> str:
        if self.running():
            return "already running"
        ensure_disk_space(self.data)
        note = None
        if self.pid_file.exists():
            self.pid_file.unlink()
            note = "started (removed a stale redis.pid left by a crash; data kept)"
        ensure_port_free(self.port, "Redis", "REDIS_URL")
        try:
            self.data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if is_no_space(exc):
                raise no_space(self.data) from exc
            raise
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "always"]
            if self.durable
            else ["--appendonly", "no"]
        )
        command = [str(self.binary.path), "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--daemonize", "yes", "--dir", str(self.data), "--save", "", *persistence]
        command += ["--pidfile", str(self.pid_file), "--logfile", str(self.log)]
        command += ["--databases", "64"]
        subprocess.run(command, check=False, capture_output=True)
        self._wait_until_answering()
        return note or "started"

    def stop(self) -> bool:
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + START_TIMEOUT
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        return True

    def _wait_until_answering(self) -> None:
        started = time.monotonic()
        while time.monotonic() - started < START_TIMEOUT:
            if ping(self.port):
                return
            if time.monotonic() - started > 1 and not self.running():
                break  # it exited: no point in waiting longer
            time.sleep(0.05)
        log = ""
        with contextlib.suppress(OSError):
            log = self.log.read_text()[-4000:]
        if is_no_space(log):
            raise no_space(self.data)
        raise ServerError(f"Redis did not start in {self.data}: read {self.log}")


def ping(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(64).startswith(b"+PONG")
    return False
