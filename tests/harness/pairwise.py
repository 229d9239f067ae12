"""Pairwise coverage: every value of every toggle beside every value of every other one.

A toggle is a copier question with a fixed set of values: a yes/no question (off, on), a
multiselect (judged `none` or `some`: the code differs by whether any choice is made, and
files per choice are checked by tests/test_feature_wiring.py) or a question with `choices`
(each choice). The variants of `tests/harness/variants.py` must render every pair.
"""

from itertools import combinations
from typing import Any


def toggle_levels(questions: dict[str, dict[str, Any]]) -> dict[str, list[object]]:
    """Toggle -> its values, from copier.yml's question specs."""
    levels: dict[str, list[object]] = {}
    for name, spec in questions.items():
        if spec.get("type") == "bool":
            levels[name] = [False, True]
        elif spec.get("multiselect"):
            levels[name] = ["none", "some"]
        elif spec.get("choices"):
            choices = spec["choices"]
            levels[name] = list(choices.values() if isinstance(choices, dict) else choices)
    return levels


def level(spec: dict[str, Any], answer: object) -> object:
    if spec.get("type") == "bool":
        return bool(answer)
    if spec.get("multiselect"):
        return "some" if answer else "none"
    return answer


def variant_levels(questions: dict[str, dict[str, Any]], answers: dict[str, Any]) -> dict[str, object]:
    """The value of each toggle a variant renders (copier's default where it gives none)."""
    return {
        name: level(questions[name], answers.get(name, questions[name].get("default")))
        for name in toggle_levels(questions)
    }


def missing_pairs(questions: dict[str, dict[str, Any]], variants: dict[str, dict[str, Any]]) -> list[str]:
    """Each pair of toggle values that no variant renders, as `a=x with b=y`."""
    levels = toggle_levels(questions)
    rendered = [variant_levels(questions, answers) for answers in variants.values()]
    missing = []
    for first, second in combinations(levels, 2):
        for one in levels[first]:
            for other in levels[second]:
                if not any(row[first] == one and row[second] == other for row in rendered):
                    missing.append(f"{first}={one} with {second}={other}")
    return missing
