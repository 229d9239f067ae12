"""The load phase of `just bench`: three servers, interleaved round by round under wrk.

`generated` is the default service (uvicorn, production settings, every default feature
on); `peer` is `bench/peer_app.py` (FastAPI + async SQLAlchemy ORM, written as the
FastAPI docs teach, none of the kit's features); `bare` is `bench/bare_app.py`
(Starlette + asyncpg + PyJWT by hand). One uvicorn worker each; each round loads every
endpoint on every server in turn, so a slow minute of the shared machine falls on all
three. Peak RSS is taken per workload (reads, then sign-in), the high-water mark reset
between them.
"""

import json
import statistics
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.processes import Server, serve
from bench.report import AFTER_START_UP, LIST, ME, READS_RSS, SERVERS
from bench.service import baseline_env, seed_load_tenant, service_env, uvicorn
from bench.wrk import LoadResult, load
from tests.harness.client import json_request
from tests.harness.services import Services, free_port

READS = {
    LIST: "/api/v1/users?page=1&page_size=50",
    ME: "/api/v1/users/me",
}
LOGIN = ("auth/login (argon2)", "/api/v1/auth/login")
TARGETS = {  # server label -> uvicorn target (and --factory)
    "generated": ("app.main:create_app", "--factory"),
    "peer": ("bench.peer_app:app",),
    "bare": ("bench.bare_app:app",),
}


def benchmark_load(
    project: Path, services: Services, secret: str, rounds: int, seconds: int
) -> dict[str, Any]:
    env = service_env(services, secret)
    owner = seed_load_tenant(project, env, 50)
    hand_written = baseline_env(env, services, secret)
    samples: dict[str, dict[str, list[LoadResult]]] = {
        name: {label: [] for label in SERVERS} for name in [*READS, LOGIN[0]]
    }
    memory: dict[str, dict[str, float]] = {}
    with ExitStack() as stack:
        servers: dict[str, Server] = {}
        for label in SERVERS:
            port = free_port()
            target, *factory = TARGETS[label]
            servers[label] = stack.enter_context(
                serve(
                    uvicorn(project, target, port, *factory),
                    cwd=project,
                    env=env if label == "generated" else hand_written,
                    port=port,
                )
            )
        generated = servers["generated"]
        status, body = json_request("POST", f"{generated.base_url}/api/v1/auth/login", owner)
        assert status == 200, body
        token = body["access_token"]
        same_answers(servers, token)
        memory[AFTER_START_UP] = {label: server.rss_mb() for label, server in servers.items()}
        for server in servers.values():  # warm each up before measuring
            for path in READS.values():
                load(f"{server.base_url}{path}", token=token, seconds=2)
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


def same_answers(servers: dict[str, Server], token: str) -> None:
    """Refuse to measure servers whose answers differ: same fields, same rows, same order."""
    for path in READS.values():
        answers = {}
        for label, server in servers.items():
            status, body = json_request("GET", f"{server.base_url}{path}", token=token)
            assert status == 200, (label, path, body)
            answers[label] = body
        shapes = {label: shape(body) for label, body in answers.items()}
        if len({json.dumps(s, sort_keys=True) for s in shapes.values()}) != 1:
            raise RuntimeError(f"{path}: the servers answer different JSON: {shapes}")
        if "items" in answers["generated"]:
            ids = {label: [item["id"] for item in body["items"]] for label, body in answers.items()}
            totals = {label: body["total"] for label, body in answers.items()}
            if len({tuple(v) for v in ids.values()}) != 1 or len(set(totals.values())) != 1:
                raise RuntimeError(f"{path}: the servers list different rows: {totals}")


def shape(body: Any) -> Any:
    """The field names of a JSON answer, recursively (a list by its first element)."""
    if isinstance(body, dict):
        return {key: shape(value) for key, value in body.items()}
    if isinstance(body, list):
        return [shape(body[0])] if body else []
    return None


def peaks(servers: dict[str, Server]) -> dict[str, float]:
    return {label: server.peak_rss_mb() for label, server in servers.items()}


def median_of(results: list[LoadResult]) -> dict[str, float]:
    return {
        "requests_per_second": statistics.median(r.requests_per_second for r in results),
        "p50_ms": statistics.median(r.p50_ms for r in results),
        "p99_ms": statistics.median(r.p99_ms for r in results),
    }
