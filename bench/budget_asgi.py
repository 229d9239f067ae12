"""The in-process half of `python -m bench.budget`, run by the rendered service's Python.

Builds the app with `app.main.create_app()` (settings from the environment), runs its
lifespan, signs in through `POST /api/v1/auth/login`, and calls each endpoint straight
through the ASGI interface: no socket, no HTTP parser, no ASGI server. Per endpoint:
warm-up calls, N calls unprofiled (wall and main-thread CPU time), `--counted` calls
while `bench.budget_events` counts the profiler's events per feature, N calls under
pyinstrument (samples weighed by CPU time, charged to features by `bench.budget_rules`),
and the calibration of what one profiler event costs. Writes the figures
as JSON to `--out` (a failure's traceback to `--out` with `.error`, since the output
streams carry the access log); `bench/budget.py` prints them.

Run by `bench/budget.py` with PYTHONPATH at the kit's root and the service's directory as
the working directory; pyinstrument is installed into the service's environment first.
"""

import argparse
import asyncio
import json
import os
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from pyinstrument import Profiler
from pyinstrument.stack_sampler import get_stack_sampler

from bench.budget_events import EventCounter, calibrate
from bench.budget_rules import classify, parse

ASGIApp = Callable[[dict[str, Any], Any, Any], Coroutine[Any, Any, None]]
ENDPOINTS = {
    "users list (50 rows)": "/api/v1/users?page=1&page_size=50",
    "users/me": "/api/v1/users/me",
}


@asynccontextmanager
async def lifespan(app: ASGIApp) -> AsyncIterator[dict[str, Any]]:
    """Start the app as an ASGI server would; yields the lifespan state for request scopes."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope: dict[str, Any] = {
        "type": "lifespan",
        "asgi": {"version": "3.0", "spec_version": "2.0"},
        "state": {},
    }
    task = asyncio.create_task(app(scope, inbox.get, outbox.put))
    await inbox.put({"type": "lifespan.startup"})
    started = await outbox.get()
    if started["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"the app did not start: {started}")
    try:
        yield scope["state"]
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await task


class Client:
    """HTTP/1.1 requests as ASGI scopes, the way uvicorn would hand them to the app."""

    def __init__(self, app: ASGIApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state

    async def call(
        self, method: str, target: str, *, token: str | None = None, body: bytes = b""
    ) -> tuple[int, bytes]:
        path, _, query = target.partition("?")
        headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"kit-budget"), (b"accept", b"*/*")]
        if token:
            headers.append((b"authorization", f"Bearer {token}".encode()))
        if body:
            headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": dict(self.state),
        }
        answered = asyncio.Event()
        status = 0
        chunks: list[bytes] = []
        requested = False

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": body, "more_body": False}
            await answered.wait()  # the client stays connected until the answer is complete
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    answered.set()

        await self.app(scope, receive, send)
        return status, b"".join(chunks)


async def calls(client: Client, target: str, token: str, count: int) -> None:
    failures = 0
    for _ in range(count):
        status, _ = await client.call("GET", target, token=token)
        failures += status != 200
    if failures:
        raise RuntimeError(f"{failures} of {count} calls of {target} did not answer 200")


def profiler(interval: float) -> Profiler:
    """pyinstrument, its samples weighed by the main thread's CPU time (not the clock's), so
    a sample that waited for PostgreSQL or for a core on a busy machine weighs nothing."""
    get_stack_sampler().timer_func = time.thread_time
    return Profiler(interval=interval, async_mode="disabled")


async def measure(client: Client, target: str, token: str, arguments: argparse.Namespace) -> dict[str, Any]:
    await calls(client, target, token, arguments.warmup)
    wall, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
    await calls(client, target, token, arguments.requests)
    plain = {
        "wall": time.perf_counter() - wall,
        "cpu": time.thread_time() - cpu,
        "process_cpu": time.process_time() - process,
    }
    counted = min(arguments.requests, arguments.counted)
    with EventCounter() as counter:
        await calls(client, target, token, counted)
    sampler = profiler(arguments.interval)
    cpu = time.thread_time()
    sampler.start()
    await calls(client, target, token, arguments.requests)
    sampler.stop()
    profiled_cpu = time.thread_time() - cpu
    calibration = profiler(arguments.interval)
    seconds: defaultdict[str, float] = defaultdict(float)
    leaves: defaultdict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    session = sampler.last_session
    assert session is not None
    for stack, elapsed in session.frame_records:
        category = classify(stack)
        seconds[category] += elapsed
        function, path = parse(stack[-1])
        leaves[category][f"{function} ({'/'.join(Path(path).parts[-2:])})"] += elapsed
    return {
        "requests": arguments.requests,
        "unprofiled_seconds": plain,
        "profiled_cpu_seconds": profiled_cpu,
        "samples_seconds": dict(seconds),
        "events_per_request": events_per_request(counter, counted),
        "seconds_per_event": calibrate(calibration.start, calibration.stop),
        "top_leaves": {
            category: sorted(found.items(), key=lambda item: -item[1])[:6]
            for category, found in leaves.items()
        },
    }


def events_per_request(counter: EventCounter, requests: int) -> dict[str, dict[str, float]]:
    """{feature: {kind: events}} per request."""
    events: defaultdict[str, dict[str, float]] = defaultdict(dict)
    for (category, kind), count in counter.counts.items():
        events[category][kind] = count / requests
    return dict(events)


async def main(arguments: argparse.Namespace) -> dict[str, Any]:
    from app.main import create_app  # the rendered service's own factory

    app = create_app()
    results: dict[str, Any] = {"python": sys.version.split()[0], "endpoints": {}}
    async with lifespan(app) as state:
        client = Client(app, state)
        credentials = {"email": os.environ["BUDGET_EMAIL"], "password": os.environ["BUDGET_PASSWORD"]}
        status, body = await client.call("POST", "/api/v1/auth/login", body=json.dumps(credentials).encode())
        if status != 200:
            raise RuntimeError(f"sign-in failed: {status} {body!r}")
        token = json.loads(body)["access_token"]
        for name, target in ENDPOINTS.items():
            results["endpoints"][name] = await measure(client, target, token, arguments)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--counted", type=int, default=200, help="requests whose events are counted")
    parser.add_argument("--interval", type=float, default=0.002, help="pyinstrument interval, s of CPU")
    parser.add_argument("--out", type=Path, required=True)
    parsed = parser.parse_args()
    try:
        parsed.out.write_text(json.dumps(asyncio.run(main(parsed)), indent=2) + "\n")
    except BaseException:  # stdout and stderr carry the access log: the reason goes beside --out
        parsed.out.with_suffix(".error").write_text(traceback.format_exc())
        raise
