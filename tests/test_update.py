"""`copier update` from an older kit tag applies cleanly to a project its owner edited."""

import shutil
import subprocess
from pathlib import Path

import copier

from tests.harness.render import KIT_ROOT, commit_all, git, render

KIT_CHANGE = "Kit v2 added this line to the README template."
OWNER_CHANGE = "# Owner's note: our staging database is restored nightly.\n"


def snapshot_kit(destination: Path) -> Path:
    """The kit as it is now (committed or not), as a git repository tagged v1."""
    shutil.copytree(
        KIT_ROOT,
        destination,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".harness-report", "*.pyc"),
    )
    commit_all(destination, "kit v1")
    git(destination, "tag", "v1")
    return destination


def test_update_brings_kit_changes_and_keeps_owner_edits(tmp_path: Path) -> None:
    kit = snapshot_kit(tmp_path / "kit")
    project = render(tmp_path / "project", {"project_name": "Update Probe"}, template=kit, vcs_ref="v1")
    commit_all(project, "Service from kit v1")

    # The kit moves on: v2 changes the README template.
    readme_template = kit / "template" / "README.md.jinja"
    readme_template.write_text(readme_template.read_text() + f"\n{KIT_CHANGE}\n")
    commit_all(kit, "kit v2")
    git(kit, "tag", "v2")

    # The owner edits a different file, as owners do.
    env_example = project / ".env.example"
    env_example.write_text(OWNER_CHANGE + env_example.read_text())
    commit_all(project, "Owner's edit")

    copier.run_update(project, defaults=True, overwrite=True, vcs_ref="v2", unsafe=False, quiet=True)

    assert KIT_CHANGE in (project / "README.md").read_text()
    assert (project / ".env.example").read_text().startswith(OWNER_CHANGE)
    answers = (project / ".copier-answers.yml").read_text()
    assert "_commit: v2" in answers
    # copier exits 0 on conflicts: look for what it leaves behind.
    markers = subprocess.run(
        ["git", "grep", "-n", "-E", "^(<<<<<<<|=======|>>>>>>>)( |$)"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert markers.stdout == "", markers.stdout
    assert not list(project.rglob("*.rej"))
    diff_check = subprocess.run(
        ["git", "diff", "--check"], cwd=project, capture_output=True, text=True, check=False
    )
    assert diff_check.returncode == 0, diff_check.stdout
