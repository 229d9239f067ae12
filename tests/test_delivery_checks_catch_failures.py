"""The delivery checks fail on broken files, each for the reason it exists.

A rendered project passes every check (`tests/test_delivery_files.py`); a copy of it with
one file replaced from `tests/fixtures/broken_delivery/<folder>/` must fail the check that
owns that file, with the linter's own words for what is wrong.
"""

import shutil
from pathlib import Path

import pytest

from tests.harness.delivery import CHECKS, DeliveryCheckFailed
from tests.harness.render import render
from tests.harness.variants import VARIANTS

pytestmark = pytest.mark.xdist_group("delivery-broken")  # one worker, one render

BROKEN = Path(__file__).parent / "fixtures" / "broken_delivery"
# (fixture folder, check that must fail, what its message must say)
CASES = [
    ("hadolint", "hadolint", "DL3007"),
    ("caddy", "caddy", "unrecognized directive: reverse_prxy"),
    ("caddy-format", "caddy", "not formatted as `caddy fmt` would"),
    ("compose", "compose", "'depend_on' was unexpected"),
    ("actionlint", "actionlint", 'undefined variable "secret"'),
    ("dependabot", "dependabot", "'fortnightly' is not one of"),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("delivery-clean") / "svc", VARIANTS["minimal"])


@pytest.mark.parametrize(("folder", "check", "expected"), CASES)
def test_a_broken_delivery_file_fails_its_check(
    rendered: Path, tmp_path: Path, folder: str, check: str, expected: str
) -> None:
    project = shutil.copytree(rendered, tmp_path / "svc")
    CHECKS[check](project)  # the untouched copy passes: the failure below is the fixture's

    shutil.copytree(BROKEN / folder, project, dirs_exist_ok=True)

    with pytest.raises(DeliveryCheckFailed) as failure:
        CHECKS[check](project)
    assert expected in str(failure.value)


def test_every_broken_fixture_is_exercised() -> None:
    folders = {path.name for path in BROKEN.iterdir() if path.is_dir()}
    assert folders == {folder for folder, _, _ in CASES}
