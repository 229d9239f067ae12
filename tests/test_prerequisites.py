"""A missing prerequisite stops with one line and a non-zero exit, never a traceback.

A generated project's own tests provoke each server error its scripts can meet (a port
taken, a data folder of another PostgreSQL major, a full disk, pid files left by a crash,
a killed server). These provoke what needs the machine: an old uv, and a really full disk.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness.project import UV, python_for
from tests.harness.render import KIT_ROOT, render

OLD_UV = "0.6.17"  # older than `required-version` in the kit's and the template's pyproject.toml


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "TEST_", "KIT_"))}
    return env | {"UV_PYTHON_DOWNLOADS": "never", "UV_PYTHON": python_for("3.12")} | extra


@pytest.fixture(scope="module")
def old_uv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("old-uv")
    subprocess.run(
        [str(UV), "pip", "install", "-q", "--target", str(target), f"uv=={OLD_UV}", "-p", sys.executable],
        check=True,
        env=clean_env(),
    )
    return target / "bin" / "uv"


@pytest.mark.parametrize("where", ["kit", "generated project"])
def test_an_old_uv_stops_at_once_with_one_line_naming_both_versions(
    old_uv: Path, tmp_path: Path, where: str
) -> None:
    if where == "kit":
        folder = tmp_path / "kit"
        folder.mkdir()
        shutil.copy(KIT_ROOT / "pyproject.toml", folder)
    else:
        folder = render(tmp_path / "svc", {"project_name": "Old Uv Probe"})

    result = subprocess.run(
        [str(old_uv), "sync"], cwd=folder, capture_output=True, text=True, env=clean_env(), check=False
    )

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: Required uv version `>=0.9` does not match the running version `{OLD_UV}`"
    ]
    assert not (folder / ".venv").exists()


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None, reason="mounting a small tmpfs needs root"
)
def test_a_full_disk_stops_services_up_with_one_line(tmp_path: Path) -> None:
    destination = render(tmp_path / "svc", {"project_name": "Full Disk Probe"})
    env = clean_env(DEV_SERVICES="local")
    subprocess.run([str(UV), "sync", "--quiet"], cwd=destination, env=env, check=True)
    local = destination / ".local"
    local.mkdir()
    script = f"mount -t tmpfs -o size=1m none {local} && exec .venv/bin/just services-up"

    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        cwd=destination,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    just_says = ("python -m", "error: recipe")  # the recipe's echoed command and just's own verdict
    ours = [line for line in result.stderr.splitlines() if not line.startswith(just_says)]
    assert len(ours) == 1, result.stderr
    assert f"no disk space left for {local}/postgres" in ours[0]
    assert "free some space" in ours[0]
    assert "Traceback" not in result.stderr
