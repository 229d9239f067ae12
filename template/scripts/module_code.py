"""The field-, action- and policy-dependent parts of the files `just new-module` writes.

`scripts/module_template/*.tmpl` hold each file's fixed shape; the functions here return
the blocks that fill their `$placeholders`.
"""

from dataclasses import dataclass

from scripts.module_fields import INT32, Field, enum_class, member, python_type

IRREGULAR_PAST = {"send": "sent", "pay": "paid", "pay_out": "paid_out", "put": "put", "set": "set"}


@dataclass(frozen=True, slots=True)
class Action:
    """`POST /<name>/{id}/<verb>`: moves `field` to `target`, from the values before it."""

    verb: str
    field: Field
    target: str

    @property
    def sources(self) -> tuple[str, ...]:
        return self.field.values[: self.field.values.index(self.target)]


def past_tense(verb: str) -> str:
    if verb in IRREGULAR_PAST:
        return IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def article(noun: str) -> str:
    """`a` or `an` before a lowercase noun ("an invoice", "a user", "an hour")."""
    if noun.startswith(("uni", "use", "usu", "eu", "one")):
        return "a"
    return "an" if noun[:1] in "aeiou" or noun.startswith("hour") else "a"


def action_field(fields: list[Field]) -> Field | None:
    """The status an action moves: the enum named `status`, or the only enum."""
    enums = [field for field in fields if field.kind == "enum"]
    named = [field for field in enums if field.name == "status"]
    return (named or enums)[0] if len(named) == 1 or len(enums) == 1 else None


def controlled(actions: list[Action]) -> set[str]:
    """Fields only actions change: not in the create and update schemas."""
    return {action.field.name for action in actions}


# ------------------------------------------------------------------ models


def column(model: str, field: Field) -> str:
    annotation = f"Mapped[{python_type(model, field)}]"
    if field.kind == "str":
        return f"{field.name}: {annotation} = mapped_column(String(200))"
    if field.kind == "text":
        return f'{field.name}: {annotation} = mapped_column(Text, default="", server_default="")'
    if field.kind == "bool":
        return f'{field.name}: {annotation} = mapped_column(default=False, server_default="false")'
    if field.kind == "enum":
        first = f"{enum_class(model, field)}.{member(field.values[0])}"
        return (
            f"{field.name}: {annotation} = mapped_column(\n"
            f'        String({field.length}), default={first}, server_default="{field.values[0]}"\n'
            "    )"
        )
    return f"{field.name}: {annotation} = mapped_column()"


def table_args(name: str, fields: list[Field]) -> list[tuple[str, str]]:
    """(model source, migration source) of each constraint."""
    args = []
    for field in fields:
        if field.unique:
            args.append(
                (
                    f'UniqueConstraint("tenant_id", "{field.name}")',
                    (
                        f'sa.UniqueConstraint("tenant_id", "{field.name}", '
                        f'name=op.f("uq_{name}_tenant_id_{field.name}"))'
                    ),
                )
            )
        condition, suffix = "", ""
        if field.positive:
            condition, suffix = f"{field.name} > 0", "positive"
        elif field.kind == "enum":
            values = ", ".join(f"'{value}'" for value in field.values)
            condition, suffix = f"{field.name} IN ({values})", "values"
        if condition:
            args.append(
                (
                    f'CheckConstraint("{condition}", name="{field.name}_{suffix}")',
                    (
                        f'sa.CheckConstraint("{condition}", '
                        f'name=op.f("ck_{name}_{field.name}_{suffix}"))'
                    ),
                )
            )
    return args


def model_body(name: str, model: str, fields: list[Field]) -> str:
    args = table_args(name, fields)
    lines = [f'    __tablename__ = "{name}"']
    if args:
        lines.append("    __table_args__ = (")
        lines += [f"        {source}," for source, _ in args]
        lines.append("    )")
    lines += ["    __audit__ = True", ""]
    lines += [f"    {column(model, field)}" for field in fields]
    return "\n".join(lines)


def model_imports(name: str, model: str, fields: list[Field]) -> str:
    kinds = {field.kind for field in fields}
    sqlalchemy = []
    if any(field.kind == "enum" or field.positive for field in fields):
        sqlalchemy.append("CheckConstraint")
    if kinds & {"str", "enum"}:
        sqlalchemy.append("String")
    if "text" in kinds:
        sqlalchemy.append("Text")
    if any(field.unique for field in fields):
        sqlalchemy.append("UniqueConstraint")
    lines = ["from datetime import date", ""] if "date" in kinds else []
    if sqlalchemy:
        lines.append(f"from sqlalchemy import {', '.join(sqlalchemy)}")
    lines += [
        "from sqlalchemy.orm import Mapped, mapped_column",
        "",
        "from app.core.database import Base, TenantMixin, TimestampMixin, UUIDMixin",
    ]
    enums = [enum_class(model, field) for field in fields if field.kind == "enum"]
    if enums:
        lines.append(f"from app.modules.{name}.enums import {', '.join(enums)}")
    return "\n".join(lines)


def migration_columns(name: str, fields: list[Field]) -> str:
    lines = []
    for field in fields:
        nullable = "True" if field.optional else "False"
        kind = {
            "str": "sa.String(length=200)",
            "text": "sa.Text()",
            "int": "sa.Integer()",
            "bool": "sa.Boolean()",
            "date": "sa.Date()",
            "enum": f"sa.String(length={field.length})",
        }[field.kind]
        default = {
            "text": '""',
            "bool": '"false"',
            "enum": f'"{field.values[0] if field.values else ""}"',
        }
        server_default = f", server_default={default[field.kind]}" if field.kind in default else ""
        lines.append(
            f'        sa.Column("{field.name}", {kind}{server_default}, nullable={nullable}),'
        )
    lines += [f"        {source}," for _, source in table_args(name, fields)]
    return "\n".join(lines)


# ------------------------------------------------------------------ enums


def enums_module(model: str, fields: list[Field]) -> str:
    blocks = []
    for field in fields:
        if field.kind != "enum":
            continue
        members = "\n".join(f'    {member(value)} = "{value}"' for value in field.values)
        blocks.append(f"class {enum_class(model, field)}(StrEnum):\n{members}")
    return "\n\n\n".join(blocks)


# ------------------------------------------------------------------ schemas


# Request strings use the shared types of app.core.text: no control characters get in.
TEXT_TYPES = {"str": "Name", "text": "Text"}


def constraint(field: Field, *, update: bool) -> str:
    """The `Field(...)` of a request schema, or "" for a bare default."""
    optional = update or field.optional
    default = "default=None, " if optional else ""
    if field.kind == "text" and not update:
        return '""' if not field.optional else ""
    if field.kind == "int":
        low = "gt=0" if field.positive else f"ge={-INT32 - 1:_}"
        return f"Field({default}{low}, le={INT32:_})"
    return ""


def schema_line(model: str, field: Field, *, update: bool) -> str:
    kind = python_type(model, field)
    if field.kind in TEXT_TYPES:
        kind = kind.replace("str", TEXT_TYPES[field.kind], 1)
    if update and not field.optional:
        kind += " | None"
    spec = constraint(field, update=update)
    if spec:
        return f"    {field.name}: {kind} = {spec}"
    if update or field.optional:
        return f"    {field.name}: {kind} = None"
    if field.kind == "bool":
        return f"    {field.name}: {kind} = False"
    if field.kind == "enum":
        return f"    {field.name}: {kind} = {enum_class(model, field)}.{member(field.values[0])}"
    return f"    {field.name}: {kind}"


def filter_fields(fields: list[Field]) -> list[Field]:
    return [field for field in fields if field.kind in ("enum", "bool")]


def schemas_module(name: str, model: str, fields: list[Field], fixed: set[str]) -> str:
    """Create, update, read (and list filter) shapes; `fixed` fields change only by actions."""
    writable = [field for field in fields if field.name not in fixed]
    kinds = {field.kind for field in fields}
    required = [f'"{field.name}"' for field in writable if not field.optional]
    filters = filter_fields(fields)
    pydantic = ["BaseModel", "ConfigDict"]
    if any(constraint(field, update=True).startswith("Field") for field in writable):
        pydantic.append("Field")
    text_types = sorted({TEXT_TYPES[field.kind] for field in writable if field.kind in TEXT_TYPES})
    if required:
        pydantic.append("field_validator")
    lines = [f'"""Request and response shapes of /{name}."""', ""]
    lines.append(
        "from datetime import date, datetime"
        if "date" in kinds
        else "from datetime import datetime"
    )
    lines += [
        "from uuid import UUID",
        "",
        f"from pydantic import {', '.join(sorted(pydantic, key=str.lower))}",
        "",
    ]
    if text_types:
        lines += [f"from app.core.text import {', '.join(text_types)}"]
    enums = [enum_class(model, field) for field in fields if field.kind == "enum"]
    if enums:
        lines += [f"from app.modules.{name}.enums import {', '.join(enums)}"]
    if text_types or enums:
        lines += [""]
    lines += [
        "",
        f"class {model}Create(BaseModel):",
        '    model_config = ConfigDict(extra="forbid")',
        "",
    ]
    lines += [schema_line(model, field, update=False) for field in writable]
    lines += ["", "", f"class {model}Update(BaseModel):"]
    lines.append(
        '    """Only the fields sent change; `null` clears an optional field, never a required one."""'
    )
    lines += ["", '    model_config = ConfigDict(extra="forbid")', ""]
    lines += [schema_line(model, field, update=True) for field in writable]
    if required:
        lines += [
            "",
            f"    @field_validator({', '.join(required)})",
            "    @classmethod",
            "    def _not_null(cls, value: object) -> object:",
            "        if value is None:",
            '            raise ValueError("may be left out, but not null")',
            "        return value",
        ]
    lines += [
        "",
        "",
        f"class {model}Read(BaseModel):",
        "    model_config = ConfigDict(from_attributes=True)",
        "",
    ]
    lines += ["    id: UUID"] + [
        f"    {field.name}: {python_type(model, field)}" for field in fields
    ]
    lines += ["    created_at: datetime", "    updated_at: datetime"]
    if filters:
        lines += [
            "",
            "",
            f"class {model}Filters(BaseModel):",
            '    """`GET /' + name + '?...`: each filter given narrows the list."""',
            "",
        ]
        lines += [
            f"    {field.name}: {python_type(model, field)} | None = None" for field in filters
        ]
    return "\n".join(lines) + "\n"
