"""`just kit-update` stops on what copier leaves behind when an update conflicts.

Copier exits 0 even then, so the script itself must find inline conflict markers and the
`.rej` files of hunks it could not place, and nothing else.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from scripts.kit_update import conflicted_files

pytestmark = pytest.mark.unit

CONFLICT = "a = 1\n<<<<<<< before updating\nb = 2\n=======\nb = 3\n>>>>>>> after updating\n"


def repository(path: Path, files: dict[str, str]) -> Path:
    git = shutil.which("git")
    assert git is not None, "git is needed to tell ignored files from the project's"
    subprocess.run([git, "init", "-q", str(path)], check=True)  # noqa: S603 - a fixed command
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


def test_a_clean_update_has_no_conflicted_files(tmp_path: Path) -> None:
    project = repository(tmp_path, {"README.md": "# Title\n\n=======\n", "src/a.py": "a = 1\n"})
    assert conflicted_files(project) == []


def test_inline_markers_and_rejected_hunks_are_both_listed(tmp_path: Path) -> None:
    project = repository(
        tmp_path,
        {
            "justfile": CONFLICT,
            "src/app/config.py": "x = 1\n",
            "src/app/config.py.rej": "@@ hunk\n",
        },
    )
    assert conflicted_files(project) == ["justfile", "src/app/config.py.rej"]


def test_files_git_ignores_are_not_searched_for_markers(tmp_path: Path) -> None:
    project = repository(tmp_path, {".gitignore": "build/\n", "build/out.txt": CONFLICT})
    assert conflicted_files(project) == []
