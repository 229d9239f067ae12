"""`just new-module projects` in a fresh default service gives a module that passes `just ci`.

The scaffolded module brings its own API tests (CRUD, roles, cross-tenant 404s) and the
project's meta-test covers its id routes, so a green `just ci` proves `/api/v1/projects`
works with tenant isolation.
"""

from pathlib import Path

from tests.harness import report
from tests.harness.project import GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services

NAME = "new-module"


def test_a_scaffolded_module_passes_ci_immediately(services: Services, tmp_path: Path) -> None:
    destination = render(tmp_path / "svc", {"project_name": "Module Probe"})
    commit_all(destination, "Render")
    project = GeneratedProject(
        destination, NAME, project_env(services, name="new_module", redis_db=30, python=python_for("3.12"))
    )
    try:
        project.install()
        output = project.just("new-module", "projects")
        assert "src/app/modules/projects/routes.py" in output
        assert (destination / "tests/integration/api/test_projects.py").exists()
        project.run_ci()
    finally:
        report.record(NAME, project.report())
