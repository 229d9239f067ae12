"""Rust-era tooling against what it replaces, on the generated project (spec appendix B)."""

import os
import subprocess
import time
from pathlib import Path

from tests.harness.project import UV, python_for


def timed(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - started


def measure_tooling(project: Path, scratch: Path) -> dict[str, float]:
    python = python_for("3.12")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    requirements = scratch / "requirements.txt"
    subprocess.run(
        [
            str(UV),
            "export",
            "--no-dev",
            "--no-hashes",
            "--no-emit-project",
            "--format",
            "requirements-txt",
            "-o",
            str(requirements),
            "--quiet",
        ],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    figures: dict[str, float] = {}
    for label, cache in (
        ("uv pip install (empty cache)", scratch / "uv-cold"),
        ("uv pip install (warm cache)", None),
    ):
        venv = scratch / f"venv-{label.split()[-2]}"
        subprocess.run([str(UV), "venv", "-q", "--python", python, str(venv)], check=True, env=env)
        run_env = {**env, **({"UV_CACHE_DIR": str(cache)} if cache else {})}
        figures[label] = timed(
            [str(UV), "pip", "install", "-q", "--python", str(venv / "bin/python"), "-r", str(requirements)],
            cwd=scratch,
            env=run_env,
        )
    pip_venv = scratch / "venv-pip"
    subprocess.run([python, "-m", "venv", str(pip_venv)], check=True)
    figures["pip install (no cache)"] = timed(
        [
            str(pip_venv / "bin/pip"),
            "install",
            "-q",
            "--no-cache-dir",
            "--disable-pip-version-check",
            "-r",
            str(requirements),
        ],
        cwd=scratch,
        env=env,
    )
    legacy = scratch / "venv-legacy"
    subprocess.run([str(UV), "venv", "-q", "--python", python, str(legacy)], check=True, env=env)
    subprocess.run(
        [str(UV), "pip", "install", "-q", "--python", str(legacy / "bin/python"), "flake8", "isort", "black"],
        check=True,
        env=env,
    )
    targets = ["src", "tests", "scripts"]
    ruff = str(project / ".venv/bin/ruff")
    figures["ruff check + ruff format --check"] = timed([ruff, "check", *targets], cwd=project) + timed(
        [ruff, "format", "--check", *targets], cwd=project
    )
    figures["flake8 + isort --check + black --check"] = sum(
        timed([str(legacy / "bin" / tool), *arguments, *targets], cwd=project)
        for tool, arguments in (("flake8", []), ("isort", ["--check-only"]), ("black", ["--check"]))
    )
    return figures
