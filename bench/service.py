"""The default service as the benchmarks use it: rendered, installed, migrated, seeded.

Shared by `just bench` (load, start-up) and `python -m bench.budget` (in-process profile),
so both measure the same service with the same production-like settings.
"""

import os
import secrets
import subprocess
import time
from pathlib import Path

from tests.harness.project import UV, python_for
from tests.harness.render import KIT_ROOT, commit_all, render
from tests.harness.services import Services

SLUG = "bench_service"
ISSUER, AUDIENCE = SLUG, f"{SLUG}-api"  # the service's JWT claims (slug-derived defaults)
GENEROUS = str(10**9)
OWNER = {"email": "owner@bench.example.com", "password": "correct horse battery staple"}


def run(command: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    """Run `command`, fail with its output; returns the seconds it took."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def service_env(services: Services, secret: str) -> dict[str, str]:
    """Production settings, every default feature on, rate limits generous but active."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "PYTHON"))}
    env.update(
        UV_PYTHON=python_for("3.12"),
        UV_PYTHON_DOWNLOADS="never",
        MIGRATION_DATABASE_URL=services.database_url("bench"),
        DATABASE_URL=services.database_url("bench").replace(
            "postgres:postgres@", "bench_runtime:bench-runtime-pw@"
        ),
        REDIS_URL=services.redis_url(0),
        ENVIRONMENT="production",
        SECRET_KEY=secret,
        LOG_LEVEL="INFO",
        METRICS_TOKEN=secrets.token_urlsafe(32),
        RATE_LIMIT_REQUESTS=GENEROUS,
        RATE_LIMIT_AUTH_REQUESTS=GENEROUS,
        RATE_LIMIT_PLAN_FREE=GENEROUS,
        RATE_LIMIT_PLAN_PRO=GENEROUS,
        RATE_LIMIT_PLAN_ENTERPRISE=GENEROUS,
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def baseline_env(env: dict[str, str], services: Services, secret: str) -> dict[str, str]:
    """The environment of the hand-written apps (bench/peer_app.py, bench/bare_app.py): the
    service's database as its owner, its signing key, issuer and audience."""
    return {
        **env,
        "PYTHONPATH": str(KIT_ROOT),
        "BENCH_DATABASE_URL": services.database_url("bench").replace("postgresql+asyncpg", "postgresql"),
        "BENCH_SECRET_KEY": secret,
        "BENCH_ISSUER": ISSUER,
        "BENCH_AUDIENCE": AUDIENCE,
    }


def uvicorn(project: Path, target: str, port: int, *factory: str) -> list[str]:
    return [
        str(project / ".venv/bin/uvicorn"),
        target,
        *factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def render_service(project: Path) -> None:
    """`copier copy --defaults` of the working tree, committed as an owner would."""
    render(project, {"project_name": "Bench Service"})
    commit_all(project, "Service from the kit")


def install(project: Path, env: dict[str, str]) -> float:
    return run([str(UV), "sync", "--quiet"], cwd=project, env=env)


def db_setup(project: Path, env: dict[str, str]) -> float:
    """`just db-setup`: the database, its runtime role, the migrations."""
    return run([str(project / ".venv/bin/just"), "db-setup"], cwd=project, env=env)


def seed_load_tenant(project: Path, env: dict[str, str], users: int) -> dict[str, str]:
    """`just seed-scenario load`: a tenant with `users` users; returns its owner's credentials."""
    output = subprocess.run(
        [str(project / ".venv/bin/just"), "seed-scenario", "load", "--users", str(users)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[-3] == "owner":
            return {"email": fields[-2], "password": fields[-1]}
    raise RuntimeError(f"no owner in the seed output:\n{output}")
