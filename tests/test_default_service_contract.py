"""The default service keeps its promises outside the harness's own tidy environment.

- Its test suite is hermetic: it passes after the README's `cp .env.example .env`, and
  with production-style variables exported in the developer's shell.
"""

import secrets
import shutil
from collections.abc import Iterator

import pytest

from tests.harness import report
from tests.harness.project import GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services

pytestmark = pytest.mark.xdist_group("default-contract")  # one worker, one render for all tests

REDIS_DB = 34  # this module's own Redis database number on the harness's server


@pytest.fixture(scope="module")
def project(services: Services, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedProject]:
    destination = render(tmp_path_factory.mktemp("contract") / "svc", {"project_name": "Contract Probe"})
    commit_all(destination, "Render")
    project = GeneratedProject(
        destination,
        "default-contract",
        project_env(services, name="contract", redis_db=REDIS_DB, python=python_for("3.12")),
    )
    try:
        project.install()
        yield project
    finally:
        report.record("default-contract", project.report())


def test_the_generated_suite_passes_with_the_example_env_file(project: GeneratedProject) -> None:
    env_file = project.path / ".env"
    shutil.copy(project.path / ".env.example", env_file)
    try:
        project.just("test")
    finally:
        env_file.unlink()


def test_the_generated_suite_passes_with_production_variables_exported(
    project: GeneratedProject,
) -> None:
    production = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "MIGRATION_DATABASE_URL": project.env["TEST_DATABASE_URL"],
    }
    exported = GeneratedProject(project.path, project.name, {**project.env, **production}, project.steps)
    exported.just("test")
