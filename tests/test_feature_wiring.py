"""Every copier question is wired into the places that must agree (docs/adding-a-feature.md).

Fast, no servers: copier.yml, `OPTIONAL_FEATURES`, the template's file names and
docs/questions.md are read as text; then the template is rendered with all features on and
with each feature (and each OAuth provider) off, and the two renders are compared: the
feature's files, dependencies, settings and tach modules appear only when it is on.
"""

from pathlib import Path
from typing import Any

import pytest

from tests.harness.pairwise import variant_levels
from tests.harness.render import KIT_ROOT, render
from tests.harness.variants import VARIANTS
from tests.harness.wiring import check_sources, is_feature_question, questions
from tests.harness.wiring_render import check_feature, check_render

ASKED = questions(KIT_ROOT)


def switched_off() -> list[Any]:
    """(question, answers with it off): each feature, then each choice of a multiselect."""
    cases = []
    for name, spec in ASKED.items():
        if not is_feature_question(spec):
            continue
        cases.append(pytest.param(name, {name: [] if spec.get("multiselect") else False}, id=name))
        for choice in spec.get("choices", {}).values() if spec.get("multiselect") else ():
            others = [value for value in spec["choices"].values() if value != choice]
            cases.append(pytest.param(name, {name: others}, id=f"{name}-{choice}"))
    return cases


@pytest.fixture(scope="module")
def all_on(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every feature on, every choice of every multiselect made."""
    answers = {
        name: list(spec["choices"].values())
        for name, spec in ASKED.items()
        if spec.get("multiselect") and isinstance(spec.get("choices"), dict)
    }
    return render(tmp_path_factory.mktemp("wiring") / "all-on", answers)


def test_the_kit_sources_agree() -> None:
    assert not check_sources(KIT_ROOT)


def test_a_render_with_every_feature_agrees_with_itself(all_on: Path) -> None:
    assert not check_render(all_on)


@pytest.mark.parametrize(("question", "answers"), switched_off())
def test_a_feature_appears_only_when_it_is_on(
    question: str, answers: dict[str, Any], all_on: Path, tmp_path: Path
) -> None:
    off = render(tmp_path / "off", answers)
    assert not check_feature(KIT_ROOT, question, all_on, off)


def test_every_toggle_is_rendered_on_and_off_by_a_variant() -> None:
    rendered = [variant_levels(ASKED, answers) for answers in VARIANTS.values()]
    for name, spec in ASKED.items():
        if is_feature_question(spec):
            assert len({row[name] for row in rendered}) == 2, name
