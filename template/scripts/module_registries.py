"""The module registries `just new-module` extends: tach.toml, alembic.ini, the exports."""

import re

from scripts.module_fields import Field, enum_class
from scripts.scaffolding import ROOT


def exports(v: dict[str, str], fields: list[Field]) -> list[str]:
    model = v["Model"]
    enums = [enum_class(model, field) for field in fields if field.kind == "enum"]
    names = [model, *enums, f"{model}Create", f"{model}Read", f"{model}Service", f"{model}Update"]
    return sorted(names)


def tach_block(v: dict[str, str], fields: list[Field]) -> str:
    name = v["name"]
    module = f"app.modules.{name}"
    enums = any(field.kind == "enum" for field in fields)
    shared = ["enums"] if enums else []
    lines = [
        f"\n# ---------------------------------------------------------------- module: {name}\n"
    ]
    layers = {
        "": ("services", ["models", "schemas", "services", *shared], []),
        ".routes": (
            "routes",
            ["dependencies", "services", "schemas", "models"],
            ["app.core", "app.config"],
        ),
        ".dependencies": ("routes", ["services"], ["app.core", "app.config"]),
        ".services": (
            "services",
            ["repos", "models", "schemas", *shared],
            ["app.core", "app.core.tenancy", "app.config"],
        ),
        ".repos": ("repos", ["models", "schemas"], ["app.core"]),
        ".models": ("models", shared, ["app.core", "app.core.tenancy"]),
        ".schemas": ("models", shared, ["app.core.tenancy", "app.core.text"]),
        ".permissions": ("models", [], ["app.core"]),
    }
    if enums:
        layers[".enums"] = ("models", [], [])
    for suffix, (layer, own, external) in layers.items():
        depends = [f"{module}.{part}" for part in own] + external
        rendered = ", ".join(f'"{dependency}"' for dependency in depends)
        lines.append(
            f'[[modules]]\npath = "{module}{suffix}"\nlayer = "{layer}"\n'
            f"depends_on = [{rendered}]\n"
        )
    rendered_exposes = ", ".join(f'"{item}"' for item in exports(v, fields))
    escaped = module.replace(".", "\\\\.")
    lines.append(f'[[interfaces]]\nfrom = ["{escaped}"]\nexpose = [{rendered_exposes}]\n')
    return "\n".join(lines)


def add_version_location(name: str) -> None:
    """First in the list: kit releases add and remove their own lines only below it."""
    ini = ROOT / "alembic.ini"
    text = ini.read_text()
    line = f"    %(here)s/src/app/modules/{name}/migrations/versions"
    start = re.search(r"^version_locations =\n", text, re.MULTILINE)
    if start is None:
        raise LookupError("alembic.ini has no version_locations list")
    ini.write_text(text[: start.end()] + line + "\n" + text[start.end() :])
