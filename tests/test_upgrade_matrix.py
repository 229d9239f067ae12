"""Projects rendered at earlier kit releases and edited by their owners update cleanly to this kit.

The oldest of the last three releases gets a whole owner's week (a module with its migration,
a dependency, a changed settings default, a README note, a recipe in a kit file, a deleted
workflow) and a database migrated and filled at that release; the later releases get the
edits that need no virtualenv. See docs/updating.md for what this proves and what it does not.
"""

from pathlib import Path
from typing import Any

import pytest

from tests.harness import report
from tests.harness.project import UV, GeneratedProject, project_env, python_for
from tests.harness.render import commit_all
from tests.harness.services import Services
from tests.harness.upgrade import (
    DEPENDENCY,
    LIGHT_WEEK,
    Kit,
    conflicts,
    files,
    full_upgrade,
    kit_with_releases,
    light_upgrade,
    light_week,
    lost_edits,
    render_at,
    update,
)
from tests.harness.variants import VARIANTS

REDIS_DB = {"default": 21, "minimal": 22, "toggles": 23}
TURNED_OFF: dict[str, Any] = {
    "tracing": False,
    "background_worker": False,
    "postgres_rls": False,
    "oauth_providers": [],
}
TURNED_ON: dict[str, Any] = {
    "tracing": True,
    "background_worker": True,
    "postgres_rls": True,
    "oauth_providers": ["google", "microsoft", "github"],
}


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return kit_with_releases(tmp_path_factory.mktemp("upgrade-kit") / "kit")


def generated(path: Path, name: str, services: Services, redis_db: int) -> GeneratedProject:
    env = project_env(services, name=name, redis_db=redis_db, python=python_for("3.12"))
    return GeneratedProject(path, name, env)


@pytest.mark.parametrize(
    "variant",
    [pytest.param(name, marks=pytest.mark.xdist_group(f"upgrade-{name}")) for name in ("default", "minimal")],
)
def test_an_owners_week_at_the_oldest_release_survives_the_update(
    variant: str, kit: Kit, services: Services, tmp_path: Path
) -> None:
    answers = {"project_name": f"Upgrade {variant.title()}", **VARIANTS[variant]}
    project = generated(tmp_path / "svc", f"upgrade_{variant}", services, REDIS_DB[variant])
    try:
        full_upgrade(kit, project, answers, services.database_url(f"upgrade_{variant}_kept"))
    finally:
        report.record(f"upgrade {variant} from {kit.oldest_recorded}", project.report())


@pytest.mark.parametrize("position", [0, 1])
def test_later_releases_take_the_owners_light_edits_through_the_update(
    position: int, kit: Kit, tmp_path: Path
) -> None:
    later = [tag for tag in kit.releases if tag != kit.oldest_recorded]
    project = light_upgrade(kit, later[position], tmp_path / "svc")
    assert conflicts(project) == []
    assert lost_edits(project, LIGHT_WEEK) == []


@pytest.mark.xdist_group("upgrade-toggles")
def test_features_turned_off_and_on_again_on_an_edited_project_leave_nothing_behind(
    kit: Kit, services: Services, tmp_path: Path
) -> None:
    # No module of the owner's here: its migration is written for the postgres_rls answer it
    # was scaffolded under, so turning row-level security over is the owner's work (KIT.md).
    project = generated(tmp_path / "svc", "upgrade_toggles", services, REDIS_DB["toggles"])
    answers = {"project_name": "Upgrade Toggles"}
    try:
        render_at(kit, kit.head, project.path, answers)
        rendered = files(project.path)
        project.install()
        light_week(project.path)
        project.run("uv add", [str(UV), "add", "--quiet", DEPENDENCY])
        commit_all(project.path, "The owner's edits")
        owner_files = files(project.path) - rendered

        for step, toggles in (("off", TURNED_OFF), ("on", TURNED_ON)):
            update(project.path, kit, toggles)
            assert conflicts(project.path) == [], f"turning features {step}: {conflicts(project.path)}"
            assert lost_edits(project.path, LIGHT_WEEK) == []
            fresh = files(render_at(kit, kit.head, tmp_path / f"fresh-{step}", {**answers, **toggles}))
            leftovers = files(project.path) - fresh - owner_files
            assert leftovers == set(), f"turning features {step} left {sorted(leftovers)}"
            project.just("kit-update", "--resolved")
            project.run("unit tests", [str(project.path / ".venv/bin/pytest"), "-q", "tests/unit"])
            commit_all(project.path, f"Features {step}")
    finally:
        report.record("upgrade toggles", project.report())
