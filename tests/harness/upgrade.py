"""The upgrade matrix's pieces: a kit with release tags, an owner's week, and what must survive.

A project is rendered at a release, edited the way its owner would in the first week, then
updated with `copier update` to the kit under test (the working tree, committed in a private
clone). The owner's edits, a database migrated and filled at the old release, and the
project's own checks must all come through; `conflicts()` finds what copier leaves behind,
since it exits 0 even then.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier

from tests.harness.kit_clone import clone_kit
from tests.harness.project import UV, GeneratedProject
from tests.harness.releases import VERSION, restore_tags, version_key
from tests.harness.render import commit_all, git

# Earlier kit commits tagged inside a test's own clone while the kit has fewer than three
# releases, so the matrix always starts from three versions. Never tagged in the kit itself.
HISTORICAL = {
    "0.0.2": "12d04b3fa5833eb4029a2e465d10bf333797a90f",
    "0.0.1": "3b8319ef44b91f4a243c3cbe5864251473dd20f8",
}
MATRIX_RELEASES = 3
MARKERS = ("<<<<<<< ", ">>>>>>> ")
SKIPPED_DIRS = {".git", ".venv", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__"}

README_NOTE = "Staging runs on the Hetzner box; ask ops before resetting its database."
APP_VERSION = 'app_version: str = "2.4.0"'
OWNER_RECIPE = "# A database snapshot before risky deploys\nstaging-snapshot:\n    @echo snapshot\n"
DELETED = ".github/workflows/kit-update.yml"
DEPENDENCY = "humanize"
TARGETED_TESTS = [
    "tests/unit",
    "tests/integration/api/test_projects.py",
    "tests/integration/test_migrations.py",
]


@dataclass(frozen=True)
class Kit:
    path: Path
    releases: list[str]  # the matrix's tags, oldest first
    head: str  # the commit under test

    @property
    def oldest_recorded(self) -> str:
        """The oldest of the matrix's tags that the CHANGELOG records (not a historical one)."""
        recorded = [tag for tag in self.releases if tag[1:] not in HISTORICAL]
        return recorded[0] if recorded else self.releases[-1]


def release_tags(kit: Path) -> list[str]:
    tags = [t for t in git(kit, "tag", "--list", "v*").split() if VERSION.fullmatch(t[1:])]
    return sorted(tags, key=lambda tag: version_key(tag[1:]))


def kit_with_releases(destination: Path) -> Kit:
    """A clone whose HEAD is the working tree, with the last three release tags (or fill-ins)."""
    kit = clone_kit(destination)
    restore_tags(kit)
    for version, sha in HISTORICAL.items():
        if len(release_tags(kit)) >= MATRIX_RELEASES:
            break
        git(kit, "tag", f"v{version}", sha)
    head = git(kit, "rev-parse", "HEAD").strip()
    return Kit(kit, release_tags(kit)[-MATRIX_RELEASES:], head)


def update(project: Path, kit: Kit, answers: dict[str, Any] | None = None) -> None:
    """`copier update --defaults --skip-answered` to the commit under test, as `just kit-update` runs it."""
    copier.run_update(
        project,
        data=answers or {},
        defaults=True,
        overwrite=True,
        skip_answered=True,
        unsafe=False,
        quiet=True,
        vcs_ref=kit.head,
    )


def files(root: Path) -> set[str]:
    """Every file of a project outside git, virtualenv and caches, relative to its root."""
    found = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not SKIPPED_DIRS.intersection(relative.parts):
            found.add(relative.as_posix())
    return found


def conflicts(project: Path) -> list[str]:
    """Files with conflict markers and `.rej` files: what a conflicting update leaves."""
    found = {name for name in files(project) if name.endswith(".rej")}
    for name in files(project):
        lines = (project / name).read_text(errors="replace").splitlines()
        if any(line.startswith(MARKERS) for line in lines):
            found.add(name)
    return sorted(found)


@dataclass(frozen=True)
class OwnerEdit:
    """One edit of the owner's week and how to see that it survived."""

    what: str
    path: str
    needle: str | None  # text the file must still hold; None: the file must stay deleted

    def survived(self, project: Path) -> bool:
        target = project / self.path
        if self.needle is None:
            return not target.exists()
        return target.is_file() and self.needle in target.read_text()


LIGHT_WEEK = [
    OwnerEdit("a note appended to the README", "README.md", README_NOTE),
    OwnerEdit(
        "a settings default changed in src/app/config.py, which the kit changes too",
        "src/app/config.py",
        APP_VERSION,
    ),
    OwnerEdit("a recipe of its own in the justfile", "justfile", "staging-snapshot:"),
    OwnerEdit("an optional file deleted", DELETED, None),
]
FULL_WEEK = [
    *LIGHT_WEEK,
    OwnerEdit("`just new-module projects`", "src/app/modules/projects/routes.py", "router"),
    OwnerEdit("the module's architecture rules", "tach.toml", "app.modules.projects"),
    OwnerEdit("the module's migrations folder", "alembic.ini", "modules/projects/migrations/versions"),
    OwnerEdit("`uv add humanize`", "pyproject.toml", f'"{DEPENDENCY}>='),
    OwnerEdit("the locked dependency", "uv.lock", f'name = "{DEPENDENCY}"'),
]


def lost_edits(project: Path, week: list[OwnerEdit]) -> list[str]:
    return [edit.what for edit in week if not edit.survived(project)]


def light_week(project: Path) -> None:
    """Edits that need no virtualenv: README, a settings default, a recipe, a deleted file."""
    readme = project / "README.md"
    readme.write_text(readme.read_text() + f"\n## Operations\n\n{README_NOTE}\n")
    config = project / "src/app/config.py"
    config.write_text(config.read_text().replace('app_version: str = "0.1.0"', APP_VERSION, 1))
    justfile = project / "justfile"
    justfile.write_text(justfile.read_text() + "\n" + OWNER_RECIPE)
    (project / DELETED).unlink()


def full_week(project: GeneratedProject) -> None:
    """The light week, a module with its migration, a dependency, and fresh AI context."""
    light_week(project.path)
    project.just("new-module", "projects")
    project.run("uv add", [str(UV), "add", "--quiet", DEPENDENCY])
    project.just("update-context")  # the new app_version is in the OpenAPI document
    commit_all(project.path, "The owner's first week")


SQL_DRIVER = """
import asyncio, sys
import asyncpg

async def main(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql", 1))
    try:
        print(await connection.fetchval(statement))
    finally:
        await connection.close()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def sql(project: GeneratedProject, url: str, statement: str) -> str:
    """One statement's value, through the project's own asyncpg."""
    python = str(project.path / ".venv/bin/python")
    return project.run("sql", [python, "-c", SQL_DRIVER, url, statement]).strip()


KEPT_ROWS = "SELECT (SELECT count(*) FROM tenants) || '/' || (SELECT count(*) FROM projects)"


def fill_old_database(project: GeneratedProject, url: str) -> str:
    """Migrate a database at the old release and put data in it; returns its row counts."""
    python = str(project.path / ".venv/bin/python")
    project.run("create the kept database", [python, "scripts/ensure_database.py", url])
    alembic = str(project.path / ".venv/bin/alembic")
    project.run("migrate at the old release", [alembic, "-x", f"url={url}", "upgrade", "head"])
    env = {"DATABASE_URL": url, "MIGRATION_DATABASE_URL": url}
    seeded = subprocess.run(
        [python, "scripts/seed.py", "--scenario", "demo"],
        cwd=project.path,
        env={**project.env, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    sql(
        project,
        url,
        "INSERT INTO projects (id, tenant_id, name) "
        "SELECT gen_random_uuid(), id, 'kept across the update' FROM tenants RETURNING name",
    )
    return sql(project, url, KEPT_ROWS)


def with_kit_change(kit: Kit, message: str, change: dict[str, str | None]) -> Kit:
    """The kit under test plus one more commit: files to write (text) or delete (None)."""
    for name, text in change.items():
        path = kit.path / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    commit_all(kit.path, message)
    return Kit(kit.path, kit.releases, git(kit.path, "rev-parse", "HEAD").strip())


def light_upgrade(kit: Kit, release: str, destination: Path) -> Path:
    """Render at `release`, apply the light week, update to the kit under test."""
    project = render_at(kit, release, destination, {"project_name": "Upgrade Light"})
    light_week(project)
    commit_all(project, "The owner's edits")
    update(project, kit)
    return project


def render_at(kit: Kit, release: str, destination: Path, answers: dict[str, Any]) -> Path:
    copier.run_copy(
        str(kit.path), destination, data=answers, defaults=True, unsafe=False, quiet=True, vcs_ref=release
    )
    commit_all(destination, f"Service from the kit {release}")
    return destination


def full_upgrade(kit: Kit, project: GeneratedProject, answers: dict[str, Any], kept_url: str) -> None:
    """The matrix's whole story on one project; each failed promise is an AssertionError."""
    render_at(kit, kit.oldest_recorded, project.path, answers)
    project.install()
    commit_all(project.path, "Lockfile")
    full_week(project)
    before = fill_old_database(project, kept_url)

    update(project.path, kit)
    left = conflicts(project.path)
    assert left == [], f"the update left conflicts: {left}"
    lost = lost_edits(project.path, FULL_WEEK)
    assert lost == [], f"the update lost the owner's edits: {lost}"
    # What `just kit-update` does after a clean update: lock, sync, join migration heads,
    # regenerate the snapshots, lint, typecheck, archcheck.
    project.just("kit-update", "--resolved")
    alembic = str(project.path / ".venv/bin/alembic")
    project.run("migrate the kept database", [alembic, "-x", f"url={kept_url}", "upgrade", "head"])
    after = sql(project, kept_url, KEPT_ROWS)
    assert after == before, f"the old database's data changed: tenants/projects {before} -> {after}"
    if (project.path / "scripts/check_tenant_wall.py").exists():  # postgres_rls
        python = str(project.path / ".venv/bin/python")
        project.run("tenant wall on the kept database", [python, "scripts/check_tenant_wall.py", kept_url])
    project.just("db-check")
    project.just("context-check")
    project.run("targeted tests", [str(project.path / ".venv/bin/pytest"), "-q", *TARGETED_TESTS])
