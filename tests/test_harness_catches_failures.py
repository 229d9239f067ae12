"""The harness fails when a rendered project breaks any of its checks.

For each kind of failure, a copy of the template gets one deliberately broken file from
`tests/fixtures/broken/<kind>/`; the rendered project must then fail `just ci` at the
step that owns that kind of failure, and not earlier.
"""

import shutil
from pathlib import Path

import pytest

from tests.harness.project import GeneratedProject, StepFailed, project_env, python_for
from tests.harness.render import KIT_ROOT, commit_all, render
from tests.harness.services import Services
from tests.harness.variants import VARIANTS

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def broken_template(destination: Path, kind: str) -> Path:
    (destination / "template").mkdir(parents=True)
    shutil.copy(KIT_ROOT / "copier.yml", destination / "copier.yml")
    shutil.copytree(
        KIT_ROOT / "template",
        destination / "template",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(BROKEN / kind, destination / "template", dirs_exist_ok=True)
    return destination


@pytest.mark.parametrize(
    ("kind", "failing_step"),
    [("lint", "lint"), ("types", "typecheck"), ("architecture", "archcheck"), ("tests", "test-cov")],
)
def test_a_broken_project_fails_the_harness_at_the_right_step(
    kind: str, failing_step: str, services: Services, tmp_path: Path
) -> None:
    template = broken_template(tmp_path / "template", kind)
    project_path = render(tmp_path / "project", VARIANTS["minimal"], template=template)
    commit_all(project_path, "Broken render")
    project = GeneratedProject(
        project_path,
        f"broken-{kind}",
        project_env(services, name=f"broken_{kind}", redis_db=40, python=python_for("3.12")),
    )
    project.install()
    with pytest.raises(StepFailed) as failure:
        project.run_ci()
    assert failure.value.step == failing_step
    assert all(step.ok for step in project.steps[:-1])
