"""`just bench`: the generated service against a bare baseline, and what tooling costs.

1. Scaffold: `copier copy --defaults` to the first authenticated 200, per phase, with an
   empty and a warm uv cache.
2. Load: the default service (production settings, every default feature on) and the bare
   Starlette + asyncpg + PyJWT baseline in `bench/bare_app.py`, one uvicorn worker each,
   loaded by wrk in interleaved rounds; medians of requests/s, p50, p99. Peak RSS is taken
   per workload: the reads (list, me) first, then sign-in, whose argon2 hashes hold
   ARGON2_MEMORY_COST each; the high-water mark is reset between them.
3. Start-up: process start to the first 200 on /health/ready, without and with compiled
   bytecode, and the slowest imports (`python -X importtime`).
4. Tooling: uv vs pip installing the service's dependencies; ruff vs flake8+isort+black.

Prints a table (ratios first) and writes `bench/results/latest.json`.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.processes import Server, serve
from bench.report import AFTER_START_UP, COMPILED, LIST, READS_RSS, TOTAL_SCAFFOLD, print_report
from bench.tooling import measure_tooling
from bench.wrk import LoadResult, ensure_wrk, load
from tests.harness.client import json_request
from tests.harness.project import UV, python_for
from tests.harness.render import KIT_ROOT, commit_all, render
from tests.harness.services import Services, free_port, start_services

RESULTS = KIT_ROOT / "bench" / "results"
SLUG = "bench_service"
GENEROUS = str(10**9)
OWNER = {"email": "owner@bench.example.com", "password": "correct horse battery staple"}
READS = {
    LIST: "/api/v1/users?page_size=50",
    "users/me": "/api/v1/users/me",
}
LOGIN = ("auth/login (argon2)", "/api/v1/auth/login")


def run(command: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def service_env(services: Services, secret: str) -> dict[str, str]:
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


def scaffold(root: Path, services: Services, secret: str) -> tuple[Path, dict[str, float]]:
    project = root / SLUG
    env = service_env(services, secret)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    render(project, {"project_name": "Bench Service"})
    commit_all(project, "Service from the kit")
    phases["copier copy --defaults"] = time.perf_counter() - started
    cold = {**env, "UV_CACHE_DIR": str(root / "empty-uv-cache")}
    phases["uv sync (empty uv cache)"] = run([str(UV), "sync", "--quiet"], cwd=project, env=cold)
    shutil.rmtree(project / ".venv")
    phases["uv sync (warm uv cache)"] = run([str(UV), "sync", "--quiet"], cwd=project, env=env)
    phases["just db-setup (database, role, migrations)"] = run(
        [str(project / ".venv/bin/just"), "db-setup"], cwd=project, env=env
    )
    port = free_port()
    boot_started = time.perf_counter()
    with serve(
        uvicorn(project, "app.main:create_app", port, "--factory"), cwd=project, env=env, port=port
    ) as app:
        phases["boot to /health/ready"] = time.perf_counter() - boot_started
        signup_started = time.perf_counter()
        status, body = json_request(
            "POST",
            f"{app.base_url}/api/v1/auth/register",
            {**OWNER, "full_name": "Bench Owner", "tenant_name": "Bench"},
        )
        assert status == 201, body
        phases["register"] = time.perf_counter() - signup_started
        me_started = time.perf_counter()
        status, body = json_request("GET", f"{app.base_url}/api/v1/users/me", token=body["access_token"])
        assert status == 200, body
        phases["GET /users/me"] = time.perf_counter() - me_started
    phases[TOTAL_SCAFFOLD] = sum(seconds for name, seconds in phases.items() if "empty" not in name)
    return project, phases


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


def benchmark_load(
    project: Path, services: Services, secret: str, rounds: int, seconds: int
) -> dict[str, Any]:
    env = service_env(services, secret)
    owner = seed_load_tenant(project, env, 50)
    generated_port, bare_port = free_port(), free_port()
    bare_env = {
        **env,
        "PYTHONPATH": str(KIT_ROOT),
        "BENCH_DATABASE_URL": services.database_url("bench").replace("postgresql+asyncpg", "postgresql"),
        "BENCH_SECRET_KEY": secret,
        "BENCH_ISSUER": SLUG,
        "BENCH_AUDIENCE": f"{SLUG}-api",
    }
    samples: dict[str, dict[str, list[LoadResult]]] = {
        name: {"generated": [], "bare": []} for name in [*READS, LOGIN[0]]
    }
    memory: dict[str, dict[str, float]] = {}
    with (
        serve(
            uvicorn(project, "app.main:create_app", generated_port, "--factory"),
            cwd=project,
            env=env,
            port=generated_port,
        ) as generated,
        serve(
            uvicorn(project, "bench.bare_app:app", bare_port), cwd=project, env=bare_env, port=bare_port
        ) as bare,
    ):
        status, body = json_request("POST", f"{generated.base_url}/api/v1/auth/login", owner)
        assert status == 200, body
        token = body["access_token"]
        servers = {"generated": generated, "bare": bare}
        memory[AFTER_START_UP] = {label: server.rss_mb() for label, server in servers.items()}
        for server in servers.values():  # warm both up before measuring
            load(f"{server.base_url}{READS[LIST]}", token=token, seconds=2)
        resettable = all(server.reset_peak_rss() for server in servers.values())
        for _ in range(rounds):
            for name, path in READS.items():
                for label, server in servers.items():
                    samples[name][label].append(
                        load(f"{server.base_url}{path}", token=token, seconds=seconds)
                    )
        memory[READS_RSS] = peaks(servers)
        resettable = all(server.reset_peak_rss() for server in servers.values()) and resettable
        name, path = LOGIN
        for _ in range(rounds):
            for label, server in servers.items():
                samples[name][label].append(
                    load(f"{server.base_url}{path}", body=json.dumps(owner), seconds=seconds)
                )
        memory["sign-in (argon2)"] = peaks(servers)
    if not resettable:  # without clear_refs the marks include every earlier phase
        memory = {  # the start-up figure is a snapshot of the resident size, not a mark
            phase if phase == AFTER_START_UP else f"{phase} (cumulative)": figures
            for phase, figures in memory.items()
        }
    return {"samples": samples, "peak_rss_mb": memory}


def peaks(servers: dict[str, Server]) -> dict[str, float]:
    return {label: server.peak_rss_mb() for label, server in servers.items()}


def median_of(results: list[LoadResult]) -> dict[str, float]:
    return {
        "requests_per_second": statistics.median(r.requests_per_second for r in results),
        "p50_ms": statistics.median(r.p50_ms for r in results),
        "p99_ms": statistics.median(r.p99_ms for r in results),
    }


def startup(project: Path, services: Services, secret: str) -> dict[str, Any]:
    env = service_env(services, secret)
    figures: dict[str, Any] = {}
    for label in ("source only (no bytecode)", COMPILED):
        if label == COMPILED:
            run(
                [str(project / ".venv/bin/python"), "-m", "compileall", "-q", "src", ".venv/lib"],
                cwd=project,
                env=env,
            )
        times = []
        for _ in range(3):
            port = free_port()
            with serve(
                uvicorn(project, "app.main:create_app", port, "--factory"),
                cwd=project,
                env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
                port=port,
            ) as server:
                times.append(server.ready_seconds)
        figures[label] = statistics.median(times)
    output = subprocess.run(
        [str(project / ".venv/bin/python"), "-X", "importtime", "-c", "import app.main"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    imports = []
    for line in output.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            if "." not in name.strip():
                imports.append((int(cumulative) / 1000, name.strip()))
    figures["slowest top-level imports (ms, cumulative)"] = sorted(imports, reverse=True)[:12]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--skip-tooling", action="store_true")
    arguments = parser.parse_args()
    ensure_wrk()
    secret = secrets.token_urlsafe(48)
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_start": os.getloadavg(),
        }
    }
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as directory, start_services() as services:
        results["services"] = services.source
        project, results["scaffold_seconds"] = scaffold(Path(directory), services, secret)
        measured = benchmark_load(project, services, secret, arguments.rounds, arguments.seconds)
        results["load"] = {
            name: {label: median_of(runs) for label, runs in targets.items()}
            for name, targets in measured["samples"].items()
        }
        results["peak_rss_mb"] = measured["peak_rss_mb"]
        results["machine"]["load_average_after_load"] = os.getloadavg()
        results["load_settings"] = {
            "rounds": arguments.rounds,
            "seconds": arguments.seconds,
            "connections": 32,
        }
        results["startup"] = startup(project, services, secret)
        if not arguments.skip_tooling:
            results["tooling_seconds"] = measure_tooling(project, Path(directory))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print_report(results)
    print(f"\nwritten: {(RESULTS / 'latest.json').relative_to(KIT_ROOT)}")


if __name__ == "__main__":
    main()
