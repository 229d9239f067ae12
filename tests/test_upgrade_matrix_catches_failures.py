"""The upgrade matrix fails when an update goes wrong.

Each test adds one bad commit to a private clone of the kit (a release that conflicts with
the owner, loses an edit, brings back a deleted file, damages an old database or breaks the
project's checks) and runs the matrix's own steps on it: they must fail, and say why.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.harness.project import GeneratedProject, StepFailed, project_env, python_for
from tests.harness.services import Services
from tests.harness.upgrade import (
    DELETED,
    LIGHT_WEEK,
    OWNER_RECIPE,
    Kit,
    conflicts,
    full_upgrade,
    kit_with_releases,
    light_upgrade,
    lost_edits,
    with_kit_change,
)
from tests.harness.variants import VARIANTS

JUSTFILE = "template/justfile.jinja"
# A kit release whose migration loses data on a database that already has some.
DATA_LOSING_REVISION = '''"""A kit release that deletes every tenant."""

from collections.abc import Sequence

from alembic import op

revision: str = "0099_kit_probe"
down_revision: str | Sequence[str] | None = "0004_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM tenants")


def downgrade() -> None:
    pass
'''
PROBE_REVISION = "template/src/app/core/audit/migrations/versions/0099_kit_probe.py"
CONTEXT = "template/src/app/core/context.py"


@pytest.fixture
def kit(tmp_path: Path) -> Kit:
    return kit_with_releases(tmp_path / "kit")


def kit_file(kit: Kit, name: str) -> str:
    return (kit.path / name).read_text()


def test_a_release_that_changes_the_owners_lines_fails_with_a_conflict(kit: Kit, tmp_path: Path) -> None:
    conflicting = kit_file(kit, JUSTFILE) + "\n" + OWNER_RECIPE.replace("@echo snapshot", "@echo kit")
    bad = with_kit_change(kit, "The kit's recipe where the owner's is", {JUSTFILE: conflicting})
    project = light_upgrade(bad, bad.oldest_recorded, tmp_path / "svc")
    assert conflicts(project) == ["justfile"]


def test_a_release_that_drops_an_owner_file_fails_with_a_lost_edit(kit: Kit, tmp_path: Path) -> None:
    bad = with_kit_change(kit, "The README moves", {"template/README.md.jinja": None})
    project = light_upgrade(bad, bad.oldest_recorded, tmp_path / "svc")
    assert lost_edits(project, LIGHT_WEEK) == ["a note appended to the README"]


def test_a_release_that_brings_back_a_deleted_file_fails(kit: Kit, tmp_path: Path) -> None:
    settings = yaml.safe_load(kit_file(kit, "copier.yml"))
    copier_yml = kit_file(kit, "copier.yml").replace(
        "_skip_if_exists:\n", f"_skip_if_exists:\n  - {DELETED}\n", 1
    )
    assert DELETED not in settings["_skip_if_exists"]
    bad = with_kit_change(kit, "Workflows are rendered once", {"copier.yml": copier_yml})
    project = light_upgrade(bad, bad.oldest_recorded, tmp_path / "svc")
    assert lost_edits(project, LIGHT_WEEK) == ["an optional file deleted"]


def data_losing_release(kit: Kit) -> dict[str, str | None]:
    return {PROBE_REVISION: DATA_LOSING_REVISION}


def lint_breaking_release(kit: Kit) -> dict[str, str | None]:
    return {CONTEXT: kit_file(kit, CONTEXT) + "import os\n"}


@pytest.mark.parametrize(
    ("damage", "failure", "redis_db"),
    [
        pytest.param(
            data_losing_release,
            "the old database's data changed",
            24,
            marks=pytest.mark.xdist_group("upgrade-broken-database"),
            id="database",
        ),
        pytest.param(
            lint_breaking_release,
            "step `kit-update` failed",
            25,
            marks=pytest.mark.xdist_group("upgrade-broken-checks"),
            id="checks",
        ),
    ],
)
def test_a_release_that_damages_the_project_fails_the_matrix(
    damage: Callable[[Kit], dict[str, str | None]],
    failure: str,
    redis_db: int,
    kit: Kit,
    services: Services,
    tmp_path: Path,
) -> None:
    bad = with_kit_change(kit, "A damaging release", damage(kit))
    name = f"upgrade_broken_{redis_db}"
    project = GeneratedProject(
        tmp_path / "svc", name, project_env(services, name=name, redis_db=redis_db, python=python_for("3.12"))
    )
    answers = {"project_name": "Upgrade Broken", **VARIANTS["minimal"]}
    with pytest.raises((AssertionError, StepFailed)) as failed:
        full_upgrade(bad, project, answers, services.database_url(f"{name}_kept"))
    assert failure in str(failed.value)
    if damage is data_losing_release:  # the kit's new head was joined to the owner's first
        assert list(project.path.glob("src/app/**/versions/*_kit_update_merge*.py"))
