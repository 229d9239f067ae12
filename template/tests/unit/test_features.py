"""The optional features present in the code are the ones chosen at generation time."""

from pathlib import Path

import pytest
import yaml

from app.features import OPTIONAL_FEATURES, enabled_feature_names, installed_features

pytestmark = pytest.mark.unit

ANSWERS = Path(__file__).parents[2] / ".copier-answers.yml"


def chosen_features() -> set[str]:
    answers = yaml.safe_load(ANSWERS.read_text())
    return {name for name in OPTIONAL_FEATURES if answers.get(name)}


def test_installed_features_match_the_copier_answers() -> None:
    assert set(enabled_feature_names()) == chosen_features()


def test_every_installed_feature_has_a_name_and_log_processors() -> None:
    for feature in installed_features():
        assert feature.name in OPTIONAL_FEATURES
        assert isinstance(list(feature.log_processors), list)
