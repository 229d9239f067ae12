"""The generated README's quick start, followed as written, ends at an authenticated 200.

Every command of the README's "Quick start" blocks runs as written, in order, in a shell
in the fresh project, with one exception: `just services-up` starts PostgreSQL and Redis
with Docker Compose, and where no Docker engine runs the harness's own servers stand in
(`.env` is pointed at them, as the README says any PostgreSQL and Redis may be).
"""

import os
import re
import signal
import socket
import subprocess
from pathlib import Path

from tests.harness.project import UV, GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services, docker_available, wait_for_port

PORT = 8000  # what the README's commands use
REDIS_DB = 33  # this test's own Redis database number on the harness's server
README_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)


def quick_start(readme: str) -> list[str]:
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return README_BLOCK.findall(section)


def commands(block: str) -> list[str]:
    """Shell commands of a block: continuation lines joined, trailing comments kept (bash ignores them)."""
    return [line for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def point_env_at(project: Path, services: Services) -> None:
    env = project / ".env"
    postgres = services.postgres.split("@", 1)[1]
    redis = f"{services.redis.split('://', 1)[1]}/{REDIS_DB}"
    text = env.read_text().replace("localhost:5432", postgres).replace("localhost:6379/0", redis)
    env.write_text(text)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_the_readme_quick_start_ends_at_an_authenticated_200(services: Services, tmp_path: Path) -> None:
    assert port_is_free(PORT), f"port {PORT} is taken; the README's commands need it"
    destination = render(tmp_path / "svc", {"project_name": "Quick Start Probe"})
    commit_all(destination, "Service from the kit")
    env = project_env(services, name="quick_start", redis_db=REDIS_DB, python=python_for("3.12"))
    for name in ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL", "TEST_REDIS_URL"):
        env.pop(name)  # the project reads .env, as a new user's would
    env["PATH"] = f"{UV.parent}:{env['PATH']}"  # a real `uv` first (pyenv shims break in projects)
    project = GeneratedProject(destination, "quick-start", env)
    setup, calls = quick_start((destination / "README.md").read_text())
    server = None
    try:
        for command in commands(setup):
            if "services-up" in command and not docker_available():
                point_env_at(destination, services)
                continue
            if "just serve" in command:
                server = subprocess.Popen(
                    ["bash", "-c", command],
                    cwd=destination,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                wait_for_port(PORT, timeout=60)
                continue
            project.run(command, ["bash", "-c", command], timeout=600)
        output = project.run("the README's API calls", ["bash", "-ec", calls], timeout=120)
        assert '"email":"you@example.com"' in output.replace(" ", ""), output
    finally:
        if server is not None:  # bash, just and uvicorn share the session: stop them all
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
