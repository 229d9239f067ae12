"""Run a generated project's own checks, timing each step, the way its CI would."""

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness.services import Services

UV = Path(sys.executable).parent / "uv"  # the kit's own uv: pyenv shims can't shadow it
OUTPUT_TAIL = 120  # lines of a failing step's output shown in the report


class StepFailed(AssertionError):
    """A generated project's check failed; the message carries the step and its output."""

    def __init__(self, step: str, output: str) -> None:
        tail = "\n".join(output.splitlines()[-OUTPUT_TAIL:])
        super().__init__(f"step `{step}` failed:\n{tail}")
        self.step = step
        self.output = output


@dataclass
class StepResult:
    name: str
    seconds: float
    ok: bool


@dataclass
class GeneratedProject:
    path: Path
    name: str
    env: dict[str, str] = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)

    def run(
        self, step: str, command: list[str], *, timeout: float = 900, expect_failure: bool = False
    ) -> str:
        """Run one check; with `expect_failure`, the check must fail (its output is returned)."""
        started = time.perf_counter()
        result = subprocess.run(
            command,
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.perf_counter() - started
        output = result.stdout + result.stderr
        failed = result.returncode != 0
        if expect_failure:
            self.steps.append(StepResult(f"{step} (must fail)", seconds, failed))
            if not failed:
                raise AssertionError(f"step `{step}` passed but had to fail:\n{output}")
            return output
        self.steps.append(StepResult(step, seconds, not failed))
        if failed:
            raise StepFailed(step, output)
        return output

    def just(self, recipe: str, *args: str, expect_failure: bool = False) -> str:
        return self.run(
            recipe, [str(self.path / ".venv/bin/just"), recipe, *args], expect_failure=expect_failure
        )

    def install(self) -> None:
        """`uv lock` then `uv sync --locked`, as the generated CI does."""
        self.run("uv lock", [str(UV), "lock", "--quiet"])
        self.run("uv sync --locked", [str(UV), "sync", "--locked", "--all-groups", "--quiet"])

    def ci_recipes(self) -> list[str]:
        """The recipes `just ci` depends on, read from the project's own justfile."""
        dump = json.loads(
            self.run("read justfile", [str(self.path / ".venv/bin/just"), "--dump", "--dump-format", "json"])
        )
        self.steps.pop()  # reading the justfile is not a check
        dependencies = dump["recipes"]["ci"]["dependencies"]
        return [dependency["recipe"] for dependency in dependencies]

    def run_ci(self) -> None:
        """Every check of `just ci`, one recipe at a time so each gets its own time."""
        for recipe in self.ci_recipes():
            self.just(recipe)

    def report(self) -> dict[str, object]:
        return {
            "variant": self.name,
            "steps": [{"name": s.name, "seconds": round(s.seconds, 1), "ok": s.ok} for s in self.steps],
        }


def python_for(version: str) -> str:
    """A real interpreter for `version` (pyenv shims that exit 127 are skipped)."""
    override = os.environ.get(f"KIT_PYTHON_{version.replace('.', '_')}")
    candidates = [override] if override else []
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(str(p) for p in pyenv_root.glob(f"versions/{version}.*/bin/python{version}"))
    candidates += [shutil.which(f"python{version}") or "", f"/usr/bin/python{version}"]
    for candidate in candidates:
        if not candidate or not Path(candidate).exists():
            continue
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0 and probe.stdout.startswith(version):
            return candidate
    raise RuntimeError(f"no Python {version} interpreter found (set KIT_PYTHON_{version.replace('.', '_')})")


def project_env(services: Services, *, name: str, redis_db: int, python: str) -> dict[str, str]:
    """The environment a variant's checks run in: its own databases and Redis db number."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "UV_"))}
    database = f"{name}_test"
    env.update(
        UV_PYTHON=python,
        UV_PYTHON_DOWNLOADS="never",
        UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache/uv")),
        TEST_DATABASE_URL=services.database_url(database),
        TEST_REDIS_URL=services.redis_url(redis_db),
        DATABASE_URL=services.database_url(database),
        REDIS_URL=services.redis_url(redis_db),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("PYTHONPATH", None)
    return env
