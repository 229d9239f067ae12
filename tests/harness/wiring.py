"""Where an optional feature is wired in the kit's sources, and checks that the places agree.

An optional feature touches about nine places (docs/adding-a-feature.md walks them). These
checks read the kit's files as text (the kit runs on Python 3.11, the generated code may use
newer syntax) and return one sentence per disagreement, naming the place to fix; the checks
on rendered projects are in `tests/harness/wiring_render.py`. Every function takes the kit's
root, so a test can run it on a damaged copy and see it fail.
"""

import re
from pathlib import Path
from typing import Any

import yaml

# Yes/no or multiselect questions that are not features of the running service, and why.
NOT_RUNTIME_FEATURES = {
    "docs_site": "a MkDocs site for the project's developers: nothing of it runs in the service",
}
FEATURES_FILE = "template/src/app/features.py"
QUESTIONS_DOC = "docs/questions.md"
# Where the generated project describes itself: each names every runtime feature in a
# `{% if %}`, so its text follows the answers.
DESCRIPTIONS = (
    "template/README.md.jinja",
    "template/.llms/CONTEXT.md.jinja",
    "template/.llms/ARCHITECTURE.md.jinja",
    "template/{% if docs_site %}docs{% endif %}/index.md.jinja",
)
CONDITIONAL_NAME = re.compile(r"\{%-?\s*if\s+(.+?)\s*-?%\}(.*?)\{%-?\s*endif\s*-?%\}")
CONDITION_TAG = re.compile(r"\{%-?\s*(?:el)?if\s+(.+?)\s*-?%\}")
JINJA_WORDS = {"and", "or", "not", "in", "is", "true", "false", "none"}


def questions(root: Path) -> dict[str, dict[str, Any]]:
    loaded: dict[str, Any] = yaml.safe_load((root / "copier.yml").read_text())
    return {name: spec for name, spec in loaded.items() if not name.startswith("_")}


def is_feature_question(spec: dict[str, Any]) -> bool:
    return spec.get("type") == "bool" or bool(spec.get("multiselect"))


def feature_questions(root: Path) -> list[str]:
    return [name for name, spec in questions(root).items() if is_feature_question(spec)]


def optional_features(root: Path) -> dict[str, str]:
    """`OPTIONAL_FEATURES` of template/src/app/features.py: question -> module."""
    source = (root / FEATURES_FILE).read_text()
    block = re.search(r"^OPTIONAL_FEATURES\b[^=]*=\s*\{(.*?)^\}", source, re.MULTILINE | re.DOTALL)
    if block is None:
        return {}
    return dict(re.findall(r"""["'](\w+)["']\s*:\s*["']([\w.]+)["']""", block[1]))


def runtime_features(root: Path) -> list[str]:
    return [name for name in feature_questions(root) if name not in NOT_RUNTIME_FEATURES]


def condition_names(condition: str) -> set[str]:
    """The answers a Jinja condition reads: `'github' in oauth_providers` -> {oauth_providers}."""
    without_strings = re.sub(r"""(['"]).*?\1""", "", condition)
    return {word for word in re.findall(r"[A-Za-z_]\w*", without_strings) if word.lower() not in JINJA_WORDS}


def rendered_path(template_path: str) -> tuple[str, set[str]]:
    """A template file's path once rendered (answers that keep it), and the answers it reads."""
    names: set[str] = set()

    def keep(match: re.Match[str]) -> str:
        names.update(condition_names(match[1]))
        return match[2]

    path = CONDITIONAL_NAME.sub(keep, template_path)
    return path.removesuffix(".jinja"), names


def template_files(root: Path) -> dict[str, set[str]]:
    """Rendered path -> the answers its template path reads, for every file of template/."""
    files: dict[str, set[str]] = {}
    for path in (root / "template").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            rendered, names = rendered_path(path.relative_to(root / "template").as_posix())
            files.setdefault(rendered, set()).update(names)
    return files


def module_files(module: str) -> tuple[str, str]:
    base = "src/" + module.replace(".", "/")
    return f"{base}.py", f"{base}/__init__.py"


def check_questions_are_features(root: Path) -> list[str]:
    asked, features = feature_questions(root), optional_features(root)
    problems = [
        f"copier.yml asks `{name}` (yes/no or multiselect) but OPTIONAL_FEATURES in {FEATURES_FILE} "
        "does not name it: add it there, or to NOT_RUNTIME_FEATURES in tests/harness/wiring.py "
        "with the reason"
        for name in asked
        if name not in features and name not in NOT_RUNTIME_FEATURES
    ]
    problems += [
        f"OPTIONAL_FEATURES in {FEATURES_FILE} names `{name}`, which copier.yml does not ask "
        "as a yes/no or multiselect question"
        for name in features
        if name not in asked
    ]
    problems += [
        f"NOT_RUNTIME_FEATURES names `{name}`, which is "
        + ("also in OPTIONAL_FEATURES" if name in features else "not a yes/no or multiselect question")
        for name in NOT_RUNTIME_FEATURES
        if name in features or name not in asked
    ]
    return problems


def check_feature_modules_are_conditional(root: Path) -> list[str]:
    files = template_files(root)
    problems = []
    for name, module in optional_features(root).items():
        found = [files[path] for path in module_files(module) if path in files]
        if not found:
            problems.append(f"OPTIONAL_FEATURES[{name!r}] is {module}, which has no file in template/src")
        elif name not in found[0]:
            problems.append(
                f"{module} (OPTIONAL_FEATURES[{name!r}]) is rendered whatever the answer to `{name}`: "
                f"name its folder or file `{{% if {name} %}}...{{% endif %}}`"
            )
    return problems


def check_questions_are_documented(root: Path) -> list[str]:
    table = (root / QUESTIONS_DOC).read_text()
    return [
        f"{QUESTIONS_DOC} has no table row naming `{name}`"
        for name in questions(root)
        if not re.search(rf"^\|[^|\n]*`{name}`", table, re.MULTILINE)
    ]


def check_features_are_described(root: Path) -> list[str]:
    problems = []
    for relative in DESCRIPTIONS:
        source = (root / relative).read_text()
        mentioned = set().union(*(condition_names(tag) for tag in CONDITION_TAG.findall(source)))
        problems += [
            f"{relative} never reads `{name}` in an `{{% if %}}`: describe the feature where it is on"
            for name in runtime_features(root)
            if name not in mentioned
        ]
    return problems


def check_sources(root: Path) -> list[str]:
    """Every check that needs no rendering."""
    return [
        *check_questions_are_features(root),
        *check_feature_modules_are_conditional(root),
        *check_questions_are_documented(root),
        *check_features_are_described(root),
    ]
