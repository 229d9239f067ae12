"""Scaffold a tenant-scoped module: `just new-module projects`, or with options:

    just new-module invoices number:str:unique-per-tenant amount_cents:int:positive \\
        due_date:date 'status:enum(draft,sent,paid)' --action send --members read

Writes `src/app/modules/<name>/` (models, schemas, repos, services, dependencies, routes, its
`permissions.py` and a migration creating the table, its constraints and tenant policy,
and granting the declared permissions to every tenant's system roles), a factory and API
tests proving each option (roles, audit trail, uniqueness, actions, filters, tenant
isolation), the module's tach rules and its Alembic versions folder; then it regenerates
the `.llms/` context. The result passes `just ci` as generated.

Fields are `name:type[:modifier...]` (scripts/module_fields.py lists them); without any,
the module has a `name` and a `description`. `--action VERB[:VALUE]` adds
`POST /<name>/{id}/VERB`, which moves the enum field `status` (or the only enum) to VALUE
(by default the verb's past tense, e.g. send -> sent) from the values listed before it,
under a row lock. `--members read` lets members only read; owners and admins do everything.
"""

import argparse
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path
from string import Template

from scripts.module_code import (
    Action,
    action_field,
    controlled,
    enums_module,
    migration_columns,
    model_body,
    model_imports,
    past_tense,
    schemas_module,
)
from scripts.module_fields import Field, FieldError, enum_class, parse_fields
from scripts.module_logic import (
    dependencies_module,
    repos_module,
    routes_module,
    services_module,
)
from scripts.module_registries import add_version_location, exports, tach_block
from scripts.module_tests import api_tests, factory_module
from scripts.scaffolding import ROOT, NoHistoryError, next_revision, tidy

TEMPLATES = Path(__file__).with_name("module_template")
VALID_NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}[a-z0-9]$")
VALID_VERB = re.compile(r"^[a-z][a-z_]{1,30}$")
RESERVED = frozenset(
    {"tenants", "users", "auth", "roles", "audit", "health", "metrics", "api", "core"}
)
CRUD = ("read", "create", "update", "delete")


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


def parse_actions(specs: list[str], fields: list[Field]) -> list[Action]:
    actions = []
    for spec in specs:
        verb, _, target = spec.partition(":")
        if not VALID_VERB.match(verb) or verb in CRUD:
            raise ScaffoldError(f"--action {spec}: a lowercase verb other than {', '.join(CRUD)}")
        field = action_field(fields)
        if field is None:
            raise ScaffoldError(
                f"--action {verb} moves a status: add an enum field, e.g. 'status:enum(draft,sent)'"
            )
        target = target or past_tense(verb)
        if target not in field.values:
            raise ScaffoldError(
                f"--action {verb}: {field.name} has no value {target!r}; "
                f"say which it sets, e.g. --action {verb}:{field.values[-1]}"
            )
        if target == field.values[0]:
            raise ScaffoldError(
                f"--action {verb}: new rows start as {target!r}; pick a later value"
            )
        actions.append(Action(verb, field, target))
    if len({action.verb for action in actions}) != len(actions):
        raise ScaffoldError("an action is listed twice")
    return actions


def migration(
    v: dict[str, str], fields: list[Field], actions: list[Action], members: str
) -> tuple[str, str]:
    """The module's first revision: its id, and its source."""
    revision, down_revision = next_revision(v["name"])
    all_actions = [*CRUD, *(action.verb for action in actions)]
    grants = {
        "owner": all_actions,
        "admin": all_actions,
        "member": ["read"] if members == "read" else all_actions,
        "viewer": ["read"],
    }
    rls = find_spec("app.core.database.rls") is not None
    name = v["name"]
    return revision, render(
        "migration.py.tmpl",
        **v,
        revision=revision,
        down_revision=down_revision,
        date=datetime.now(UTC).date().isoformat(),
        columns=migration_columns(name, fields),
        actions=repr(all_actions),
        grants="\n".join(
            f"    grant({role!r}, {name!r}, {granted!r})" for role, granted in grants.items()
        ),
        rls_import=RLS_IMPORT if rls else "",
        rls_enable=f'    enable_tenant_rls("{name}")' if rls else "",
        rls_disable=f'    disable_tenant_rls("{name}")\n' if rls else "",
    )


# With row-level security (app.core.database.rls.ddl): the new table gets its policy right
# after it is created.
RLS_IMPORT = "from app.core.database.rls.ddl import disable_tenant_rls, enable_tenant_rls\n"


def permissions_module(v: dict[str, str], actions: list[Action], members: str) -> str:
    extra = ", ".join(f'"{action.verb}"' for action in actions)
    verbs = "".join(f", {action.verb}" for action in actions)
    policy = (
        f"members and viewers read; owners and admins also create, update, delete{verbs}"
        if members == "read"
        else f"owners, admins and members read, create, update, delete{verbs}; viewers read"
    )
    return render(
        "permissions.py.tmpl",
        **v,
        policy=textwrap.fill(f"Who may do what with {v['title']}: {policy}", width=96),
        actions=f"(*CRUD, {extra})" if actions else "CRUD",
        member_grants='("read",)' if members == "read" else "ACTIONS",
    )


def package_init(v: dict[str, str], fields: list[Field]) -> str:
    name, model = v["name"], v["Model"]
    enums = [enum_class(model, field) for field in fields if field.kind == "enum"]
    schemas = [f"{model}Create", f"{model}Read", f"{model}Update"]
    imports = [f"from app.modules.{name}.enums import {', '.join(enums)}"] if enums else []
    imports += [
        f"from app.modules.{name}.models import {model}",
        f"from app.modules.{name}.schemas import {', '.join(schemas)}",
        f"from app.modules.{name}.services import {model}Service",
    ]
    return render(
        "__init__.py.tmpl",
        **v,
        imports="\n".join(imports),
        exports=repr(exports(v, fields)).replace("'", '"'),
    )


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    print(f"  created {path.relative_to(ROOT)}")
    return path


def scaffold(name: str, field_specs: list[str], action_specs: list[str], members: str) -> None:
    if not VALID_NAME.match(name) or name in RESERVED:
        reserved = ", ".join(sorted(RESERVED))
        raise ScaffoldError(f"{name!r}: use a lowercase plural such as projects (not {reserved})")
    v = names(name)
    try:
        fields = parse_fields(field_specs)
    except FieldError as error:
        raise ScaffoldError(str(error)) from error
    actions = parse_actions(action_specs, fields)
    fixed = controlled(actions)
    package = ROOT / "src/app/modules" / name
    if package.exists():
        raise ScaffoldError(f"{package.relative_to(ROOT)} already exists")
    try:
        revision, migration_source = migration(v, fields, actions, members)
    except NoHistoryError as error:
        raise ScaffoldError(str(error)) from error
    model = v["Model"]
    files = {
        package / "__init__.py": package_init(v, fields),
        package / "permissions.py": permissions_module(v, actions, members),
        package / "models.py": render(
            "models.py.tmpl",
            **v,
            imports=model_imports(name, model, fields),
            body=model_body(name, model, fields),
        ),
        package / "schemas.py": schemas_module(name, model, fields, fixed),
        package / "repos.py": repos_module(v, fields),
        package / "services.py": services_module(v, fields, actions),
        package / "dependencies.py": dependencies_module(v),
        package / "routes.py": routes_module(v, fields, actions),
        package / "migrations/versions" / f"{revision}.py": migration_source,
        ROOT / "tests/factories" / f"{v['singular']}.py": factory_module(v, fields, fixed),
        ROOT / "tests/integration/api" / f"test_{name}.py": api_tests(v, fields, fixed, actions),
    }
    if any(field.kind == "enum" for field in fields):
        files[package / "enums.py"] = render(
            "enums.py.tmpl", **v, enums=enums_module(model, fields)
        )
    tidy([write(path, content) for path, content in files.items()])
    with (ROOT / "tach.toml").open("a") as tach:
        tach.write(tach_block(v, fields))
    add_version_location(name)
    print("  updated tach.toml and alembic.ini")
    # The module changes the API and the schema: regenerate the AI context in a fresh
    # interpreter, which discovers the new module like the app will.
    subprocess.run([sys.executable, str(ROOT / "scripts/update_context.py")], check=True, cwd=ROOT)
    print(f"\nNext: just migrate && just ci   (endpoints under /api/v1/{name})")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="just new-module",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", help="plural, lowercase: the URL segment and table name")
    parser.add_argument(
        "fields", nargs="*", help="name:type[:modifier...], e.g. number:str:unique-per-tenant"
    )
    parser.add_argument(
        "--action",
        action="append",
        default=[],
        metavar="VERB[:VALUE]",
        help="a state change endpoint (repeatable)",
    )
    parser.add_argument(
        "--members",
        choices=("read", "write"),
        default="write",
        help="what the member role may do (default: write)",
    )
    arguments = parser.parse_args()
    try:
        scaffold(arguments.name, arguments.fields, arguments.action, arguments.members)
    except (ScaffoldError, LookupError) as error:
        print(f"new-module: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
