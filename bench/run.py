"""`just bench`: the generated service against a hand-written peer and a bare baseline.

1. Scaffold: `copier copy --defaults` to the first authenticated 200, per phase, with an
   empty and a warm uv cache.
2. Load (`bench/load.py`): the default service (production settings, every default
   feature on), the FastAPI + SQLAlchemy ORM peer in `bench/peer_app.py` (written as the
   FastAPI docs teach, none of the kit's features) and the bare Starlette + asyncpg +
   PyJWT baseline in `bench/bare_app.py`, one uvicorn worker each, loaded by wrk in
   interleaved rounds; medians of requests/s, p50, p99. Peak RSS is taken per workload:
   the reads (list, me) first, then sign-in, whose argon2 hashes hold ARGON2_MEMORY_COST
   each; the high-water mark is reset between them.
3. Start-up: process start to the first 200 on /health/ready, without and with compiled
   bytecode, and the slowest imports (`python -X importtime`).
4. Tooling: uv vs pip installing the service's dependencies; ruff vs flake8+isort+black.

Prints a table (the service's ratios to the peer and to bare, and the acceptance lines,
first) and writes `bench/results/latest.json`.
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

from bench.load import benchmark_load, median_of
from bench.processes import serve
from bench.report import COMPILED, TOTAL_SCAFFOLD, print_report
from bench.service import OWNER, SLUG, db_setup, install, render_service, run, service_env, uvicorn
from bench.tooling import measure_tooling
from bench.wrk import ensure_wrk
from tests.harness.client import json_request
from tests.harness.render import KIT_ROOT
from tests.harness.services import Services, free_port, start_services

RESULTS = KIT_ROOT / "bench" / "results"


def scaffold(root: Path, services: Services, secret: str) -> tuple[Path, dict[str, float]]:
    project = root / SLUG
    env = service_env(services, secret)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    render_service(project)
    phases["copier copy --defaults"] = time.perf_counter() - started
    cold = {**env, "UV_CACHE_DIR": str(root / "empty-uv-cache")}
    phases["uv sync (empty uv cache)"] = install(project, cold)
    shutil.rmtree(project / ".venv")
    phases["uv sync (warm uv cache)"] = install(project, env)
    phases["just db-setup (database, role, migrations)"] = db_setup(project, env)
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
        results["load_rounds"] = {  # every round's (req/s, p99 ms), to judge the noise
            name: {label: [[r.requests_per_second, r.p99_ms] for r in runs] for label, runs in by.items()}
            for name, by in measured["samples"].items()
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
