"""Workflows a project owner relies on after `copier copy`, run on a fresh render.

- The generated AI context and the migrations pass their drift checks as rendered, and a
  model change without `just update-context` / a migration makes each check fail.
- `just ci` stops with one line while `uv.lock` is missing or stale (the first push
  installs with `uv sync --locked`).
- `just gen-client` turns the OpenAPI document into a TypeScript client (when Node.js is
  installed, as on CI machines of this kind; the assertion names the reason otherwise).
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import report
from tests.harness.project import GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services
from tests.harness.variants import VARIANTS

pytestmark = pytest.mark.xdist_group("workflows")  # one worker, one render shared by both tests

NEW_COLUMN = "    nickname: Mapped[str | None] = mapped_column(String(50))\n"


@pytest.fixture(scope="module")
def project(services: Services, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedProject]:
    destination = render(tmp_path_factory.mktemp("workflows") / "svc", VARIANTS["minimal"])
    commit_all(destination, "Render")
    project = GeneratedProject(
        destination,
        "workflows",
        project_env(services, name="workflows", redis_db=31, python=python_for("3.12")),
    )
    try:
        project.install()
        yield project
    finally:  # after every test that used the project, so the report holds all their steps
        report.record("workflows", project.report())


def test_a_model_change_is_caught_by_the_context_and_migration_drift_checks(
    project: GeneratedProject,
) -> None:
    project.just("context-check")
    project.just("db-check")
    models = project.path / "src/app/modules/tenants/models.py"
    original = models.read_text()
    models.write_text(original.rstrip("\n") + "\n" + NEW_COLUMN)
    try:
        assert "nickname" in project.just("context-check", expect_failure=True)
        assert "nickname" in project.just("db-check", expect_failure=True)
        project.just("update-context")
        project.just("context-check")
    finally:  # the project is shared: leave it as rendered whatever happened above
        models.write_text(original)
        project.just("update-context")


def test_gen_client_writes_a_typescript_client(project: GeneratedProject, tmp_path: Path) -> None:
    assert shutil.which("npx"), "Node.js (npx) is required for `just gen-client`; install nodejs"
    output = tmp_path / "client"
    project.just("gen-client", str(output))
    sdk = (output / "sdk.gen.ts").read_text()
    assert "listUsers" in sdk
    assert (output / "types.gen.ts").exists()


def test_ci_stops_in_one_line_while_uv_lock_is_missing_or_stale(project: GeneratedProject) -> None:
    lock, pyproject = project.path / "uv.lock", project.path / "pyproject.toml"
    locked, declared = lock.read_text(), pyproject.read_text()
    project.just("lock-check")
    try:
        lock.unlink()
        assert "uv.lock is missing: run `uv lock`, then commit uv.lock" in project.just(
            "lock-check", expect_failure=True
        )
        lock.write_text(locked)
        pyproject.write_text(declared.replace("dependencies = [", 'dependencies = [\n    "idna>=3",', 1))
        stale = project.just("lock-check", expect_failure=True)
        assert "uv.lock does not match pyproject.toml: run `uv lock`, then commit uv.lock" in stale
    finally:  # the project is shared: leave it as rendered whatever happened above
        lock.write_text(locked)
        pyproject.write_text(declared)
