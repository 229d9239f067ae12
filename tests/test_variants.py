"""Every variant renders into a project whose own `just ci` passes against real servers."""

from pathlib import Path

import pytest

from tests.harness import report
from tests.harness.project import GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services
from tests.harness.variants import REDIS_DB, VARIANTS


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variant_passes_its_own_ci(variant: str, services: Services, tmp_path: Path) -> None:
    answers = {"project_name": f"Harness {variant.title()}", **VARIANTS[variant]}
    destination = render(tmp_path / variant, answers)
    commit_all(destination, "Render")
    python = python_for(answers.get("python_version", "3.12"))
    project = GeneratedProject(
        destination, variant, project_env(services, name=variant, redis_db=REDIS_DB[variant], python=python)
    )
    try:
        project.install()
        project.run_ci()
    finally:
        report.record(variant, project.report())
