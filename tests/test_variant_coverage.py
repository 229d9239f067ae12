"""The variants render every pair of toggle values, and never share a Redis database.

Fast: reads copier.yml and the harness's own sources, renders nothing. A toggle added to
copier.yml fails here until some variants render each of its values beside every value of
every other toggle (docs/adding-a-feature.md, "Harness variants").
"""

import ast
import re
from pathlib import Path

import yaml

from tests.harness.pairwise import missing_pairs, toggle_levels
from tests.harness.render import KIT_ROOT
from tests.harness.services import REDIS_DATABASES
from tests.harness.variants import REDIS_DB, VARIANTS
from tests.harness.wiring import questions

LOCAL_REDIS = KIT_ROOT / "template" / "scripts" / "local_servers" / "redis.py"
FIRST_FIXED_DB = 21  # variants take 1 to 20, the other tests fixed numbers from here


def test_the_variants_render_every_pair_of_toggle_values() -> None:
    assert not missing_pairs(questions(KIT_ROOT), VARIANTS)


def test_the_toggles_are_read_from_copier_yml() -> None:
    levels = toggle_levels(questions(KIT_ROOT))
    assert levels["tracing"] == [False, True]
    assert levels["oauth_providers"] == ["none", "some"]
    assert levels["python_version"] == ["3.12", "3.13"]
    assert "project_name" not in levels
    assert "domain" not in levels


def test_a_toggle_without_coverage_fails() -> None:
    asked = {**questions(KIT_ROOT), "audit_export": {"type": "bool", "default": True}}
    missing = missing_pairs(asked, VARIANTS)
    assert "tracing=True with audit_export=False" in missing
    assert "python_version=3.13 with audit_export=False" in missing


def test_a_dropped_variant_leaves_pairs_uncovered() -> None:
    for name in VARIANTS:
        fewer = {other: answers for other, answers in VARIANTS.items() if other != name}
        assert missing_pairs(questions(KIT_ROOT), fewer), f"{name} adds no pair: drop it"


def fixed_redis_databases() -> dict[str, int]:
    """Redis database numbers the kit's tests pass as literals: `where -> number`."""
    numbers: dict[str, int] = {}
    for path in sorted(Path(KIT_ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "redis_db" and isinstance(keyword.value, ast.Constant):
                        numbers[where] = keyword.value.value
                numbers |= parametrized_redis_databases(node, path.name)
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "REDIS_DB" for target in node.targets
            ):
                values = node.value.values if isinstance(node.value, ast.Dict) else [node.value]
                for index, value in enumerate(values):
                    if isinstance(value, ast.Constant):
                        numbers[f"{where}[{index}]"] = value.value
    return numbers


def parametrized_redis_databases(call: ast.Call, filename: str) -> dict[str, int]:
    """`@pytest.mark.parametrize(("...", "redis_db"), [pytest.param(..., 24, ...), ...])`."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "parametrize" and len(call.args) == 2):
        return {}
    names = ast.literal_eval(call.args[0])
    names = [name.strip() for name in names.split(",")] if isinstance(names, str) else list(names)
    if "redis_db" not in names or not isinstance(call.args[1], ast.List | ast.Tuple):
        return {}
    index, numbers = names.index("redis_db"), {}
    for case in call.args[1].elts:
        values = case.args if isinstance(case, ast.Call) else getattr(case, "elts", [])
        if index < len(values) and isinstance(values[index], ast.Constant):
            numbers[f"{filename}:{case.lineno}"] = values[index].value
    return numbers


def test_redis_database_numbers_never_collide() -> None:
    fixed = fixed_redis_databases()
    assert len(fixed) >= 8, fixed  # the collector still finds the tests' numbers
    assert len(set(REDIS_DB.values())) == len(REDIS_DB)
    assert all(0 < number < FIRST_FIXED_DB for number in REDIS_DB.values()), REDIS_DB
    seen: dict[int, str] = {}
    for where, number in fixed.items():
        assert FIRST_FIXED_DB <= number < REDIS_DATABASES, f"{where}: Redis database {number}"
        assert number not in seen, f"{where} and {seen[number]} share Redis database {number}"
        seen[number] = where


def test_the_harness_redis_offers_as_many_databases_as_the_project_servers() -> None:
    configured = re.search(r'"--databases",\s*"(\d+)"', LOCAL_REDIS.read_text())
    assert configured is not None
    assert int(configured[1]) == REDIS_DATABASES


def test_the_kit_workflow_runs_every_variant() -> None:
    workflow = yaml.safe_load((KIT_ROOT / ".github" / "workflows" / "ci.yml").read_text())
    assert workflow["jobs"]["variant"]["strategy"]["matrix"]["variant"] == list(VARIANTS)
