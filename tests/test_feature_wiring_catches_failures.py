"""The feature-wiring checks fail, naming the place, when one place of a feature is missing.

For each kind of damage, a copy of the kit (copier.yml, template/, docs/) gets one place
removed or made unconditional; the check that owns that place must then report it.
"""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.harness.render import KIT_ROOT, render
from tests.harness.wiring import check_sources
from tests.harness.wiring_render import check_feature, check_render

METRICS_DIR = "template/src/app/core/observability/{% if metrics %}metrics{% endif %}"
WORKER_MODULE = 'path = "app.worker"'


def kit_copy(destination: Path) -> Path:
    destination.mkdir()
    shutil.copy(KIT_ROOT / "copier.yml", destination / "copier.yml")
    for folder in ("template", "docs"):
        shutil.copytree(KIT_ROOT / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def edit(kit: Path, relative: str, old: str, new: str) -> None:
    path = kit / relative
    text = path.read_text()
    assert old in text, f"{old!r} is no longer in {relative}: update this damage"
    path.write_text(text.replace(old, new))


def sources(kit: Path, _: Path) -> list[str]:
    return check_sources(kit)


def one_render(kit: Path, tmp: Path) -> list[str]:
    return check_render(render(tmp / "on", template=kit))


def switched(question: str, off_answer: object) -> Callable[[Path, Path], list[str]]:
    def run(kit: Path, tmp: Path) -> list[str]:
        on = render(tmp / "on", template=kit)
        off = render(tmp / "off", {question: off_answer}, template=kit)
        return check_feature(kit, question, on, off)

    return run


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda kit: edit(kit, relative, old, new)


def undescribe_metrics(kit: Path) -> None:
    path = kit / "template/.llms/ARCHITECTURE.md.jinja"
    path.write_text(re.sub(r"(\{%-?\s*(?:el)?if[^%]*?)\bmetrics\b", r"\1tracing", path.read_text()))


def unconditional_metrics_folder(kit: Path) -> None:
    (kit / METRICS_DIR).rename(kit / METRICS_DIR.replace("{% if metrics %}metrics{% endif %}", "metrics"))


def delete_metrics_tests(kit: Path) -> None:
    (kit / "template/tests/integration/{% if metrics %}test_metrics.py{% endif %}").unlink()


ENV, PYPROJECT = "template/.env.example.jinja", "template/pyproject.toml.jinja"
TACH = "template/tach.toml.jinja"
WORKER_BLOCK = f"{{%- if background_worker %}}\n\n[[modules]]\n{WORKER_MODULE}"
RLS_LOCATION = "    %(here)s/src/app/core/database/rls/migrations/versions\n"
NEW_QUESTION = "\naudit_export:\n  type: bool\n  default: true\n\ndocs_site:"
Damage = tuple[Callable[[Path], None], Callable[[Path, Path], list[str]], str]
DAMAGES: dict[str, Damage] = {
    "feature-unlisted": (
        replace("template/src/app/features.py", '    "metrics": "app.core.observability.metrics",\n', ""),
        sources,
        "copier.yml asks `metrics` (yes/no or multiselect) but OPTIONAL_FEATURES",
    ),
    "question-unknown": (
        replace("copier.yml", "\ndocs_site:", NEW_QUESTION),
        sources,
        "copier.yml asks `audit_export`",
    ),
    "folder-unconditional": (
        unconditional_metrics_folder,
        sources,
        "app.core.observability.metrics (OPTIONAL_FEATURES['metrics']) is rendered whatever the answer",
    ),
    "question-undocumented": (
        replace("docs/questions.md", "| `metrics` |", "| metrics |"),
        sources,
        "docs/questions.md has no table row naming `metrics`",
    ),
    "context-undescribed": (
        undescribe_metrics,
        sources,
        "template/.llms/ARCHITECTURE.md.jinja never reads `metrics`",
    ),
    "dependency-missing": (
        replace(PYPROJECT, '    "prometheus-client>=0.21",\n', ""),
        switched("metrics", False),
        "imports prometheus_client, which pyproject.toml does not declare with `metrics` on",
    ),
    "dependency-unconditional": (
        replace(PYPROJECT, "{%- if metrics %}", "{%- if true %}"),
        switched("metrics", False),
        "declares prometheus-client with `metrics` off, but only code rendered with it imports it",
    ),
    "setting-unlisted": (
        replace(ENV, "METRICS_TOKEN=\n", ""),
        one_render,
        "reads METRICS_TOKEN, which .env.example does not list",
    ),
    "setting-unconditional": (
        replace(ENV, "{%- if metrics %}", "{%- if true %}"),
        switched("metrics", False),
        ".env.example lists METRICS_TOKEN, which no settings class reads",
    ),
    "tach-module-unconditional": (
        replace(TACH, WORKER_BLOCK, WORKER_BLOCK.replace("background_worker", "true")),
        switched("background_worker", False),
        "tach.toml declares app.worker, which this render does not have",
    ),
    "tach-module-missing": (
        replace(TACH, WORKER_MODULE, 'path = "app.workers"'),
        one_render,
        "src/app/worker.py belongs to no module of tach.toml",
    ),
    "version-location-missing": (
        replace("template/alembic.ini.jinja", RLS_LOCATION, ""),
        one_render,
        "src/app/core/database/rls/migrations/versions is missing from alembic.ini's version_locations",
    ),
    "tests-missing": (
        delete_metrics_tests,
        switched("metrics", False),
        "`metrics` has no tests under template/tests rendered only with it on",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_missing_place_fails_the_wiring_check(damage: str, tmp_path: Path) -> None:
    break_kit, check, expected = DAMAGES[damage]
    kit = kit_copy(tmp_path / "kit")
    break_kit(kit)
    problems = check(kit, tmp_path)
    assert any(expected in problem for problem in problems), problems
