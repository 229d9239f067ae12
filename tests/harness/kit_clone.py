"""A private git copy of the kit: the working tree under test as its HEAD, tags of its own.

Tests that need release tags make them here, never in the kit's repository, whose tags decide
what every `copier copy` of it renders.
"""

import shutil
from pathlib import Path

from tests.harness.render import KIT_ROOT, commit_all, git


def working_tree_files(repo: Path) -> list[str]:
    """Tracked and untracked files of the working tree, without ignored or deleted ones."""
    listed = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    return sorted({name for name in listed if name and (repo / name).is_file()})


def clone_kit(destination: Path, *, source: Path = KIT_ROOT) -> Path:
    """Clone the kit with its history and tags, then commit its working tree on top."""
    git(destination.parent, "clone", "-q", "--no-local", str(source), destination.name)
    for name in working_tree_files(destination):
        (destination / name).unlink()
    for name in working_tree_files(source):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
    if git(destination, "status", "--porcelain"):
        commit_all(destination, "The kit's working tree under test")
    return destination
