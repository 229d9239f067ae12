"""`just kit-update`: take a kit release with `copier update`, then make the project whole again.

Copier merges the kit's changes three ways and exits 0 even when it leaves a conflict, so the
update is checked here: any file with conflict markers or a `.rej` file stops it, listed.
After a clean update (or `--resolved`, once you fixed the conflicts by hand) the generated
snapshots are regenerated rather than merged, the lockfile follows `pyproject.toml`, a merge
revision joins the kit's and the project's migration heads when the kit added migrations,
and the fast checks run. The kit-update workflow runs this same script.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError

ROOT = Path(__file__).resolve().parents[1]
COPIER = "copier==9.19.1"
COPIER_UPDATE = ["copier", "update", "--defaults", "--skip-answered"]
MARKERS = ("<<<<<<< ", ">>>>>>> ")
SKIPPED_DIRS = {".git", ".venv", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
FAST_CHECKS = ["lint", "typecheck", "archcheck"]


class KitUpdateError(Exception):
    """Why the update stopped, printed as one message."""


def run(*args: str) -> None:
    if subprocess.run(args, cwd=ROOT, check=False).returncode != 0:
        raise KitUpdateError(f"`{' '.join(args)}` failed")


def git(*args: str, root: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False
    ).stdout


def conflicted_files(root: Path = ROOT) -> list[str]:
    """Files copier left conflict markers in, and the hunks it could not place (`.rej`)."""
    found = set()
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", root=root)
    for name in listed.splitlines():
        path = root / name
        if path.is_file() and not path.is_symlink():
            lines = path.read_text(errors="replace").splitlines()
            if any(line.startswith(MARKERS) for line in lines):
                found.add(name)
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in SKIPPED_DIRS]
        rejected = (Path(directory) / file for file in files if file.endswith(".rej"))
        found.update(str(path.relative_to(root)) for path in rejected)
    return sorted(found)


def join_migration_heads() -> str | None:
    """A merge revision when kit and project migrations each added a head; its id, if made."""
    config = Config(str(ROOT / "alembic.ini"))
    scripts = ScriptDirectory.from_config(config)
    try:
        heads = scripts.get_heads()
    except CommandError as broken:
        raise KitUpdateError(
            f"the migration history is broken: {broken}\n"
            "  A revision of yours follows one the update removed (a feature turned off?):"
            " point its down_revision at the removed revision's own down_revision (KIT.md)."
        ) from broken
    if len(heads) <= 1:
        return None
    numbers = [int(s.revision[:4]) for s in scripts.walk_revisions() if s.revision[:4].isdigit()]
    revision = f"{max(numbers, default=0) + 1:04d}_kit_update_merge"
    message = "join kit and project migrations"
    command.merge(config, revisions=list(heads), message=message, rev_id=revision)
    return revision


def finish(report: list[str]) -> None:
    """Everything after a clean (or hand-resolved) update."""
    if conflicts := conflicted_files():
        report.append("Conflicts to resolve (inline markers or `.rej` files):")
        report.extend(f"- `{name}`" for name in conflicts)
        raise KitUpdateError(
            "conflicts left in these files; resolve them, then run `just kit-update --resolved`:\n"
            + "\n".join(f"  {name}" for name in conflicts)
        )
    run("uv", "lock")
    run("uv", "sync")
    if merged := join_migration_heads():
        report.append(f"Kit and project migrations joined by the merge revision `{merged}`.")
    run("just", "update-context")
    for check in FAST_CHECKS:
        run("just", check)
    report.append(f"No conflicts; `just {' '.join(FAST_CHECKS)}` passed after the update.")


def update(copier_args: list[str]) -> None:
    if git("status", "--porcelain").strip():
        raise KitUpdateError("the working tree has uncommitted changes; commit or stash them first")
    if shutil.which("uvx") is None:
        raise KitUpdateError("uvx (part of uv) is not on PATH: https://docs.astral.sh/uv/")
    run("uvx", "--from", COPIER, *COPIER_UPDATE, *copier_args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--resolved", action="store_true", help="skip copier: finish after fixing conflicts"
    )
    parser.add_argument("--report", type=Path, help="also write a Markdown summary to this file")
    options, copier_args = parser.parse_known_args()
    report: list[str] = []
    try:
        if not options.resolved:
            update(copier_args)
            # The update may have changed this script: finish with the kit's new version.
            resume = [sys.executable, str(Path(__file__)), "--resolved"]
            if options.report:
                resume += ["--report", str(options.report)]
            os.execv(sys.executable, resume)  # noqa: S606 - the same interpreter, our own script
        finish(report)
    except KitUpdateError as stop:
        print(f"kit-update: {stop}", file=sys.stderr)
        return 1
    finally:
        if options.report:
            options.report.write_text("\n".join(report) + "\n")
    answers = yaml.safe_load((ROOT / ".copier-answers.yml").read_text())
    print(f"kit-update: now at kit {answers['_commit']}; review `git diff`, commit, run `just ci`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
