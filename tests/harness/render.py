"""Render the template with copier's API (no pytest-copier: see docs/harness.md)."""

import subprocess
from pathlib import Path
from typing import Any

import copier

KIT_ROOT = Path(__file__).resolve().parents[2]
# Once the kit has release tags, copier renders the newest tag unless told otherwise; the
# harness proves the working tree (with uncommitted changes), so it asks for HEAD.
WORKING_TREE = "HEAD"


def render(
    destination: Path,
    answers: dict[str, Any] | None = None,
    *,
    template: Path = KIT_ROOT,
    vcs_ref: str = WORKING_TREE,
) -> Path:
    """Render non-interactively, exactly like `copier copy --defaults --data ...`."""
    copier.run_copy(
        str(template),
        destination,
        data=answers or {},
        defaults=True,
        unsafe=False,
        quiet=True,
        vcs_ref=vcs_ref,
    )
    return destination


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Kit Harness",
            "-c",
            "user.email=harness@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def commit_all(cwd: Path, message: str) -> None:
    if not (cwd / ".git").exists():
        git(cwd, "init", "-q")
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
