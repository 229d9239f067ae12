"""Checks on rendered projects: a feature's files, dependencies, settings and tach modules
appear only when it is on, and every render's lists agree with its code.

`check_feature(kit, question, on, off)` compares two renders that differ in one answer;
`check_render(project)` checks one render on its own. Both return one sentence per
disagreement (docs/adding-a-feature.md says what each rule asks of a feature).
"""

import configparser
import re
import sys
import tomllib
from pathlib import Path

import yaml

from tests.harness.wiring import NOT_RUNTIME_FEATURES, module_files, optional_features, template_files

# Dependencies that code never imports: a tool reads them (name -> what uses it).
TOOL_ONLY = {"mkdocs-material": "the theme of mkdocs.yml"}
# Imported directly, installed by a dependency the feature declares (import -> dependency).
COMES_WITH = {"joserfc": "authlib"}
SOURCE_FOLDERS = ("src", "tests", "scripts", "migrations")
# `from x import` / `import x` at the start of a line, outside triple-quoted strings.
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\w+)[\w.]*[ \t]+import\b|import[ \t]+(\w+))", re.MULTILINE)
TRIPLE_QUOTED = re.compile(r'(?s)""".*?"""|\'\'\'.*?\'\'\'')
SETTINGS_CLASS = re.compile(r"^class \w+\(([^)]*)\):\n((?:[ \t]+.*\n|[ \t]*\n)*)", re.M)
SETTINGS_FIELD = re.compile(r"^    ([a-z_][a-z0-9_]*)\s*:", re.M)
ENV_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=", re.M)


def files(project: Path) -> set[str]:
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.parts and path.name != ".copier-answers.yml"
    }


def python_files(project: Path) -> list[Path]:
    return [path for folder in SOURCE_FOLDERS for path in (project / folder).rglob("*.py")]


def local_names(project: Path) -> set[str]:
    """Top-level names the project's own code provides (its packages and script modules)."""
    names = set(SOURCE_FOLDERS)
    for folder in (project, project / "src", project / "scripts", project / "tests"):
        names |= {path.stem for path in folder.iterdir() if path.suffix == ".py" or path.is_dir()}
    return names


def third_party_imports(project: Path) -> dict[str, set[str]]:
    """Top-level name -> the files that import it, for every name not stdlib and not local."""
    local, imports = local_names(project), {}
    for path in python_files(project):
        code = TRIPLE_QUOTED.sub("", path.read_text())
        for match in IMPORT.finditer(code):
            name = match[1] or match[2]
            if name not in sys.stdlib_module_names and name not in local and name != "__future__":
                imports.setdefault(name, set()).add(path.relative_to(project).as_posix())
    return imports


def declared(project: Path) -> set[str]:
    """Normalised names of the distributions pyproject.toml declares, in every group."""
    data = tomllib.loads((project / "pyproject.toml").read_text())
    requirements = list(data["project"].get("dependencies", []))
    for group in data.get("dependency-groups", {}).values():
        requirements += [item for item in group if isinstance(item, str)]
    names = (re.split(r"[\s\[<>=!~;@]", item, maxsplit=1)[0] for item in requirements)
    return {name.lower().replace("_", "-") for name in names}


def provides(dependency: str, name: str) -> bool:
    """Whether installing `dependency` gives top-level import `name` (by the naming convention)."""
    module = dependency.replace("-", "_")
    return module == name or module.startswith(name + "_") or COMES_WITH.get(name) == dependency


def settings_variables(project: Path) -> dict[str, str]:
    """Environment variable -> file, for each field of a pydantic `BaseSettings` class in src/."""
    variables = {}
    for path in (project / "src").rglob("*.py"):
        for bases, body in SETTINGS_CLASS.findall(path.read_text()):
            if "BaseSettings" not in bases:
                continue
            prefix = re.search(r"env_prefix\s*=\s*[\"']([^\"']*)", body)
            fields = list(SETTINGS_FIELD.finditer(body))
            for index, field in enumerate(fields):
                if field[1] == "model_config":
                    continue
                end = fields[index + 1].start() if index + 1 < len(fields) else len(body)
                alias = re.search(r"validation_alias\s*=\s*[\"']([^\"']+)", body[field.start() : end])
                name = alias[1] if alias else ((prefix[1] if prefix else "") + field[1]).upper()
                variables[name] = path.relative_to(project).as_posix()
    return variables


def tach_modules(project: Path) -> list[str]:
    data = tomllib.loads((project / "tach.toml").read_text())
    return [module["path"] for module in data.get("modules", [])]


def check_feature_files(kit: Path, question: str, on: Path, off: Path) -> list[str]:
    on_files, off_files = files(on), files(off)
    problems = [f"{path} is rendered only with `{question}` off" for path in sorted(off_files - on_files)]
    named = template_files(kit)
    problems += [
        f"{path} appears only with `{question}` on, but its template path does not read `{question}`"
        for path in sorted(on_files - off_files)
        if question not in named.get(path, set())
    ]
    module = optional_features(kit).get(question)
    whole_feature_off = not yaml.safe_load((off / ".copier-answers.yml").read_text()).get(question)
    if module is not None and question not in NOT_RUNTIME_FEATURES and whole_feature_off:
        if not any(path in on_files and path not in off_files for path in module_files(module)):
            problems.append(f"{module} (OPTIONAL_FEATURES[{question!r}]) is not rendered only with it on")
        if not any(path.startswith("tests/") for path in on_files - off_files):
            problems.append(f"`{question}` has no tests under template/tests rendered only with it on")
    return problems


def check_feature_dependencies(question: str, on: Path, off: Path) -> list[str]:
    on_deps, off_deps = declared(on), declared(off)
    on_imports, off_imports = third_party_imports(on), third_party_imports(off)
    added_imports = {name: where for name, where in on_imports.items() if name not in off_imports}
    problems = [
        f"pyproject.toml declares {dep} only with `{question}` off" for dep in sorted(off_deps - on_deps)
    ]
    problems += [
        f"{sorted(where)[0]} imports {name}, which pyproject.toml does not declare with `{question}` on"
        for name, where in sorted(added_imports.items())
        if not any(provides(dep, name) for dep in on_deps)
    ]
    problems += [
        f"pyproject.toml declares {dep} with `{question}` off, but only code rendered with it imports it"
        for dep in sorted(on_deps & off_deps)
        if any(provides(dep, name) for name in added_imports)
        and not any(provides(dep, name) for name in off_imports)
    ]
    for dep in sorted(on_deps - off_deps):
        if dep in TOOL_ONLY:
            continue
        if not any(provides(dep, name) for name in added_imports):
            problems.append(
                f"pyproject.toml declares {dep} only with `{question}` on, "
                "but nothing rendered only with it imports it"
            )
        problems += [
            f"{sorted(where)[0]} imports {name} with `{question}` off, but pyproject.toml declares "
            f"{dep} only with it on"
            for name, where in sorted(off_imports.items())
            if provides(dep, name)
        ]
    return problems


def check_settings_are_listed(project: Path) -> list[str]:
    read = settings_variables(project)
    listed = set(ENV_LINE.findall((project / ".env.example").read_text()))
    unlisted, unread = sorted(read.keys() - listed), sorted(listed - read.keys())
    problems = [f"{read[name]} reads {name}, which .env.example does not list" for name in unlisted]
    problems += [f".env.example lists {name}, which no settings class reads" for name in unread]
    return problems


def check_tach_modules(project: Path) -> list[str]:
    declared_modules = tach_modules(project)
    problems = [
        f"tach.toml declares {module}, which this render does not have"
        for module in declared_modules
        if not any((project / path).is_file() for path in module_files(module))
    ]
    for path in sorted((project / "src" / "app").rglob("*.py")):
        relative = path.relative_to(project / "src")
        if "migrations" in relative.parts or "tests" in relative.parts:
            continue
        dotted = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        owned = any(dotted == module or dotted.startswith(module + ".") for module in declared_modules)
        ancestor = any(module.startswith(dotted + ".") for module in declared_modules)
        if not owned and not (path.name == "__init__.py" and ancestor):
            problems.append(f"src/{relative.as_posix()} belongs to no module of tach.toml")
    return problems


def check_version_locations(project: Path) -> list[str]:
    parser = configparser.RawConfigParser()
    parser.read_string((project / "alembic.ini").read_text())
    listed = {
        line.strip().replace("%(here)s/", "")
        for line in parser.get("alembic", "version_locations").splitlines()
        if line.strip()
    }
    present = {path.relative_to(project).as_posix() for path in project.glob("src/**/migrations/versions")}
    problems = [
        f"alembic.ini lists {path}, which this render does not have" for path in sorted(listed - present)
    ]
    problems += [
        f"{path} is missing from alembic.ini's version_locations" for path in sorted(present - listed)
    ]
    return problems


def check_render(project: Path) -> list[str]:
    """Every check of one render on its own."""
    return [
        *check_settings_are_listed(project),
        *check_tach_modules(project),
        *check_version_locations(project),
    ]


def check_feature(kit: Path, question: str, on: Path, off: Path) -> list[str]:
    """Every check of two renders that differ only in `question`."""
    return [
        *check_feature_files(kit, question, on, off),
        *check_feature_dependencies(question, on, off),
        *(f"with `{question}` off: {problem}" for problem in check_render(off)),
    ]
