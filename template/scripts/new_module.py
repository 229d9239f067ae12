"""Scaffold a tenant-scoped CRUD module: `just new-module projects`.

Writes `src/app/modules/<name>/` (routes, schemas, services, repos, models and a migration
that creates the table, its `<name>:*` permissions and grants them to every tenant's
default roles), a factory and API tests (including the cross-tenant ones), the module's
tach rules and its Alembic versions folder; then it regenerates the `.llms/` context.
The result passes `just ci` as generated; rename fields and grow it from there.
Templates live in `scripts/module_template/`.
"""

import argparse
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path
from string import Template

from alembic.config import Config
from alembic.script import ScriptDirectory

from app.core.permissions import DEFAULT_ROLES, default_role_grants

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).with_name("module_template")
VALID_NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}[a-z0-9]$")
RESERVED = frozenset({"tenants", "users", "auth", "roles", "audit", "health", "metrics", "api"})
ACTIONS = ("read", "create", "update", "delete")


class ScaffoldError(Exception):
    """The module cannot be created as asked; the message says why."""


def singular_of(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ses", "xes", "ches", "shes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def names(name: str) -> dict[str, str]:
    singular = singular_of(name)
    if singular == name:
        raise ScaffoldError(f"Use a plural name (the table and URL), e.g. {name}s")
    return {
        "name": name,
        "singular": singular,
        "Model": "".join(part.title() for part in singular.split("_")),
        "title": name.replace("_", " "),
        "Title": name.replace("_", " ").capitalize(),
        "singular_title": singular.replace("_", " "),
        "Singular_title": singular.replace("_", " ").capitalize(),
    }


def render(template: str, **values: str) -> str:
    return Template((TEMPLATES / template).read_text()).substitute(values)


def next_revision(name: str) -> tuple[str, str]:
    """`NNNN_<name>` numbered after the highest numbered revision, on top of the head."""
    scripts = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    head = scripts.get_current_head()
    if head is None:
        raise ScaffoldError("The migration history is empty; run from a generated project")
    revisions = [script.revision for script in scripts.walk_revisions()]
    numbers = [int(revision[:4]) for revision in revisions if revision[:4].isdigit()]
    return f"{max(numbers, default=0) + 1:04d}_{name}", head


def migration(values: dict[str, str], revision: str, down_revision: str) -> str:
    grants = {
        role: tuple(
            action for action in ACTIONS if default_role_grants(role, values["name"], action)
        )
        for role in DEFAULT_ROLES
    }
    rls = find_spec("app.core.database.rls") is not None
    return render(
        "migration.py.tmpl",
        **values,
        revision=revision,
        down_revision=down_revision,
        date=datetime.now(UTC).date().isoformat(),
        grants="{\n"
        + "".join(f"    {role!r}: {actions!r},\n" for role, actions in grants.items() if actions)
        + "}",
        rls_import=RLS_IMPORT if rls else "",
        rls_enable=RLS_ENABLE.format(table=values["name"]) if rls else "",
        rls_bypass=RLS_BYPASS if rls else "",
        rls_disable=RLS_DISABLE.format(table=values["name"]) if rls else "",
    )


# With row-level security (app.core.database.rls.ddl): the new table gets its policy right
# after it is created, and the grant step reads every tenant's roles, which the forced
# policies would otherwise hide from the migration (it would grant nothing, silently).
RLS_IMPORT = (
    "\nfrom app.core.database.rls.ddl import (\n"
    "    bypass_for_data_migration,\n"
    "    disable_tenant_rls,\n"
    "    enable_tenant_rls,\n"
    ")\n"
)
RLS_ENABLE = '    enable_tenant_rls("{table}")\n'
RLS_BYPASS = "    bypass_for_data_migration()  # the grants below read every tenant's roles\n"
RLS_DISABLE = '    disable_tenant_rls("{table}")\n'


def tach_block(values: dict[str, str]) -> str:
    name = values["name"]
    model = values["Model"]
    module = f"app.modules.{name}"
    lines = [
        f"\n# ---------------------------------------------------------------- module: {name}\n"
    ]
    layers = {
        "": ("services", ["models", "schemas", "services"], []),
        ".routes": ("routes", ["services", "schemas"], ["app.core", "app.config"]),
        ".services": (
            "services",
            ["repos", "models", "schemas"],
            ["app.core", "app.core.tenancy", "app.core.text", "app.config"],
        ),
        ".repos": ("repos", ["models"], ["app.core"]),
        ".models": ("models", [], ["app.core", "app.core.tenancy"]),
        ".schemas": ("models", [], ["app.core.tenancy", "app.core.text"]),
    }
    for suffix, (layer, own, external) in layers.items():
        depends = [f"{module}.{part}" for part in own] + external
        rendered = ", ".join(f'"{dependency}"' for dependency in depends)
        path = f"{module}{suffix}"
        lines.append(
            f'[[modules]]\npath = "{path}"\nlayer = "{layer}"\ndepends_on = [{rendered}]\n'
        )
    exposes = [model, f"{model}Create", f"{model}Read", f"{model}Service", f"{model}Update"]
    rendered_exposes = ", ".join(f'"{item}"' for item in exposes)
    escaped = module.replace(".", "\\\\.")
    lines.append(f'[[interfaces]]\nfrom = ["{escaped}"]\nexpose = [{rendered_exposes}]\n')
    return "\n".join(lines)


def add_version_location(name: str) -> None:
    ini = ROOT / "alembic.ini"
    text = ini.read_text()
    line = f"    %(here)s/src/app/modules/{name}/migrations/versions"
    last = max(
        m.end()
        for m in re.finditer(r"^    %\(here\)s/src/\S+/migrations/versions$", text, re.MULTILINE)
    )
    ini.write_text(text[:last] + "\n" + line + text[last:])


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    print(f"  created {path.relative_to(ROOT)}")
    return path


def tidy(paths: list[Path]) -> None:
    """Format the new files with the project's own ruff, so long names still fit."""
    ruff = str(Path(sys.executable).with_name("ruff"))
    files = [str(path) for path in paths]
    subprocess.run([ruff, "format", "--quiet", *files], check=True, cwd=ROOT)
    subprocess.run([ruff, "check", "--fix", "--quiet", *files], check=True, cwd=ROOT)


def scaffold(name: str) -> None:
    if not VALID_NAME.match(name) or name in RESERVED:
        reserved = ", ".join(sorted(RESERVED))
        raise ScaffoldError(f"{name!r}: use a lowercase plural such as projects (not {reserved})")
    values = names(name)
    package = ROOT / "src/app/modules" / name
    if package.exists():
        raise ScaffoldError(f"{package.relative_to(ROOT)} already exists")
    revision, down_revision = next_revision(name)
    created = [
        write(package / f"{module}.py", render(f"{module}.py.tmpl", **values))
        for module in ("__init__", "models", "schemas", "repos", "services", "routes")
    ]
    created += [
        write(
            package / "migrations/versions" / f"{revision}.py",
            migration(values, revision, down_revision),
        ),
        write(
            ROOT / "tests/factories" / f"{values['singular']}.py",
            render("tests/factory.py.tmpl", **values),
        ),
        write(
            ROOT / "tests/integration/api" / f"test_{name}.py",
            render("tests/test_api.py.tmpl", **values),
        ),
    ]
    tidy(created)
    with (ROOT / "tach.toml").open("a") as tach:
        tach.write(tach_block(values))
    add_version_location(name)
    print("  updated tach.toml and alembic.ini")
    # The module changes the API and the schema: regenerate the AI context in a fresh
    # interpreter, which discovers the new module like the app will.
    subprocess.run([sys.executable, str(ROOT / "scripts/update_context.py")], check=True, cwd=ROOT)
    print(f"\nNext: just migrate && just ci   (endpoints under /api/v1/{name})")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", help="plural, lowercase: the URL segment and table name")
    try:
        scaffold(parser.parse_args().name)
    except ScaffoldError as error:
        print(f"new-module: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
