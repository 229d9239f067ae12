"""`python -m bench.budget` (`just bench-budget`): where a request's time goes, by feature.

Renders the default service (or uses `--project DIR`, a rendered and installed one),
starts throwaway PostgreSQL and Redis as the harness does, migrates and seeds it as
`just bench` does (a tenant of 50 users), and runs `bench/budget_asgi.py` with the
service's own Python: the app in-process, production settings, every default feature on
(rate limit, tenant wall with RLS, actor cache, metrics, tracing, access log), called
straight through ASGI (no sockets, no server), N requests per endpoint sequentially.

Method (docs/performance.md has the details): each endpoint is called N times unprofiled
(wall and main-thread CPU time per request), then `--counted` times while
`bench/budget_events.py` counts pyinstrument's hook events per feature, then N times under
pyinstrument with every sample weighed by the main thread's CPU time, so waiting for
PostgreSQL, Redis or a busy core weighs nothing. A sample goes to the feature owning the
innermost frame a rule in `bench/budget_rules.py` claims (package paths, not function
names, so the rules follow the service's code as it changes). The hook costs CPU on
every call and return, which overstates code made of many small calls; each feature's
profiled time is reduced by its events times what the profiler adds to one event of
their kind (calibrated in the same process), and what remains is scaled to the
unprofiled CPU per request. Repeated runs agree within about a fifth per row; rows under
50 µs are noise. Prints the table and writes `bench/results/budget.json`.
"""

import argparse
import importlib.metadata
import json
import os
import secrets
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.budget_events import KINDS, corrected, per_request
from bench.budget_rules import CATEGORIES, HARNESS, IDLE
from bench.service import SLUG, db_setup, install, render_service, seed_load_tenant, service_env
from tests.harness.project import UV
from tests.harness.render import KIT_ROOT
from tests.harness.services import start_services

RESULTS = KIT_ROOT / "bench" / "results"


def print_budget(results: dict[str, Any], detail: bool) -> None:
    endpoints = results["endpoints"]
    names = list(endpoints)
    budgets = {name: per_request(endpoints[name]) for name in names}
    bounds = {name: per_request(endpoints[name], residual_by_events=True) for name in names}
    cpu = {name: sum(v for k, v in budgets[name].items() if k != IDLE) for name in names}
    print("\n== per-request budget (µs of CPU per request, in-process, profiler cost taken out) ==")
    print(f"{'':<54}" + "".join(f" {name:>26}" for name in names))
    print(f"{'feature':<54}" + f" {'µs':>8} {'by calls':>9} {'%':>7}" * len(names))
    for category in CATEGORIES:
        if category == IDLE or all(budgets[name][category] < 0.5 for name in names):
            continue
        cells = "".join(
            f" {budgets[n][category]:>8.0f} {bounds[n][category]:>9.0f} {share:>7.1f}"
            for n in names
            for share in [100 * budgets[n][category] / cpu[n]]
        )
        print(f"{category:<54}{cells}")
    rows = {
        "CPU of the service per request": {n: cpu[n] - budgets[n][HARNESS] for n in names},
        "CPU per request (with the driver's calls)": cpu,
        "waiting (PostgreSQL, Redis, a core on a busy machine)": {n: budgets[n][IDLE] for n in names},
    }
    for label, values in rows.items():
        print(f"{label:<54}" + "".join(f" {values[n]:>8.0f} {'':>17}" for n in names))
    print(
        "('by calls': the profiler's cost the calibration leaves unexplained charged by calls, not by time)"
    )
    print("\nprofiler cost taken out: events per request x calibrated cost, by kind; raw / unprofiled CPU")
    for name, figures in endpoints.items():
        by_category = figures["events_per_request"].values()
        events = {kind: sum(e.get(kind, 0.0) for e in by_category) for kind in KINDS}
        counted = "  ".join(
            f"{kind} {events[kind]:.0f} x {figures['seconds_per_event'][kind] * 1e9:.0f} ns" for kind in KINDS
        )
        inflation = sum(figures["samples_seconds"].values()) / figures["unprofiled_seconds"]["cpu"]
        left = sum(corrected(figures).values()) / figures["unprofiled_seconds"]["cpu"]
        print(f"  {name:<22} {counted}   {inflation:.2f}x, {left:.2f}x after the events' cost")
    requests = next(iter(endpoints.values()))["requests"]
    print(
        f"({requests} sequential requests per endpoint after a warm-up; sampling every "
        f"{results['interval'] * 1e6:.0f} µs of CPU; {results['cores']} cores, load average "
        f"{results['load_average_at_start']} at start, {results['load_average_at_end']} at end)"
    )
    if detail:
        for name, figures in endpoints.items():
            print(f"\n-- {name}: where each feature's samples ended (s in the profiled run) --")
            for category in CATEGORIES:
                for leaf, seconds in figures["top_leaves"].get(category, [])[:3]:
                    print(f"  {category[:40]:<40} {seconds:8.3f}  {leaf}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint (each pass)")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--counted", type=int, default=200, help="requests whose profiler events are counted")
    parser.add_argument("--interval", type=float, default=0.002, help="sampling interval, s of CPU")
    parser.add_argument("--project", type=Path, help="a rendered service (default: render one)")
    parser.add_argument("--detail", action="store_true", help="also print the top functions per feature")
    arguments = parser.parse_args()
    started_load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    secret = secrets.token_urlsafe(48)
    with tempfile.TemporaryDirectory(prefix="kit-budget-") as directory, start_services() as services:
        env = service_env(services, secret)
        project = arguments.project.resolve() if arguments.project else Path(directory) / SLUG
        if arguments.project is None:
            render_service(project)
        if not (project / ".venv").exists():
            install(project, env)
        profiler = f"pyinstrument=={importlib.metadata.version('pyinstrument')}"  # the kit's pin
        subprocess.run(
            [str(UV), "pip", "install", "-q", "--python", str(project / ".venv/bin/python"), profiler],
            cwd=project,
            env=env,
            check=True,
        )
        db_setup(project, env)
        owner = seed_load_tenant(project, env, 50)
        out = Path(directory) / "budget.json"
        driver = subprocess.run(
            [
                str(project / ".venv/bin/python"),
                "-m",
                "bench.budget_asgi",
                *("--requests", str(arguments.requests), "--warmup", str(arguments.warmup)),
                *("--counted", str(arguments.counted)),
                *("--interval", str(arguments.interval), "--out", str(out)),
            ],
            cwd=project,
            env={
                **env,
                "PYTHONPATH": str(KIT_ROOT),
                "BUDGET_EMAIL": owner["email"],
                "BUDGET_PASSWORD": owner["password"],
            },
            stdout=subprocess.DEVNULL,  # the access log, as `just bench` discards the servers'
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if driver.returncode:
            failure = out.with_suffix(".error")
            reason = failure.read_text() if failure.exists() else f"exit status {driver.returncode}"
            raise SystemExit(f"the in-process driver failed:\n{reason}")
        results = json.loads(out.read_text())
    results.update(
        interval=arguments.interval,
        services=services.source,
        load_average_at_start=started_load,
        load_average_at_end="/".join(f"{value:.2f}" for value in os.getloadavg()),
        cores=os.cpu_count(),
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "budget.json").write_text(json.dumps(results, indent=2) + "\n")
    print_budget(results, arguments.detail)
    print(f"\nwritten: {(RESULTS / 'budget.json').relative_to(KIT_ROOT)}")


if __name__ == "__main__":
    main()
