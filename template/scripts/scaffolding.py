"""Shared by the scripts that write code: where a migration goes, and tidying new files."""

import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parents[1]


class NoHistoryError(Exception):
    """There is no migration to build on: not a generated project."""


def next_revision(name: str) -> tuple[str, str]:
    """`NNNN_<name>` numbered after the highest numbered revision, on top of the head."""
    scripts = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    head = scripts.get_current_head()
    if head is None:
        raise NoHistoryError("The migration history is empty; run from a generated project")
    revisions = [script.revision for script in scripts.walk_revisions()]
    numbers = [int(revision[:4]) for revision in revisions if revision[:4].isdigit()]
    return f"{max(numbers, default=0) + 1:04d}_{name}", head


def tidy(paths: list[Path]) -> None:
    """Format new files with the project's own ruff, so long names still fit."""
    ruff = str(Path(sys.executable).with_name("ruff"))
    files = [str(path) for path in paths]
    subprocess.run([ruff, "format", "--quiet", *files], check=True, cwd=ROOT)
    subprocess.run([ruff, "check", "--fix", "--quiet", *files], check=True, cwd=ROOT)
    subprocess.run([ruff, "format", "--quiet", *files], check=True, cwd=ROOT)
