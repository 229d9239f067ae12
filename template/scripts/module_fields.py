"""The field list of `just new-module`: parsing, and the code each field adds to each file.

A field is `name:type[:modifier...]`:

| type            | column                      | request value                        |
| --------------- | --------------------------- | ------------------------------------ |
| `str`           | `VARCHAR(200)`              | 1 to 200 characters                  |
| `text`          | `TEXT`, default `''`        | up to 10,000 characters              |
| `int`           | `INTEGER`                   | a 32-bit integer                     |
| `bool`          | `BOOLEAN`, default false    | true or false                        |
| `date`          | `DATE`                      | an ISO date                          |
| `enum(a,b,c)`   | `VARCHAR` + CHECK, default a | one of the values (a shared StrEnum) |

Modifiers: `unique-per-tenant` (a composite unique constraint with `tenant_id`; a clash
is a 409 problem), `positive` (int: a CHECK `> 0` and `gt=0` in the schemas), `optional`
(nullable; `null` in a PATCH clears it).
"""

import keyword
import re
from dataclasses import dataclass

KINDS = ("str", "text", "int", "bool", "date", "enum")
MODIFIERS = ("unique-per-tenant", "positive", "optional")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
ENUM = re.compile(r"^enum\(([a-z0-9_,\s]+)\)$")
VALUE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
RESERVED_FIELDS = frozenset({"id", "tenant_id", "created_at", "updated_at", "metadata"})
INT32 = 2_147_483_647
DEFAULT_FIELDS = ("name:str", "description:text")
"""Without a field list: the simple module of earlier versions."""


class FieldError(ValueError):
    """A field spec that cannot be scaffolded; the message says why."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str
    values: tuple[str, ...] = ()
    unique: bool = False
    positive: bool = False
    optional: bool = False

    @property
    def length(self) -> int:
        return max(20, *(len(value) for value in self.values)) if self.values else 200


def parse_field(spec: str) -> Field:
    name, _, rest = spec.partition(":")
    kind_spec, *modifiers = re.split(r":(?![^()]*\))", rest) if rest else [""]
    if not FIELD_NAME.match(name) or keyword.iskeyword(name) or name in RESERVED_FIELDS:
        raise FieldError(f"{spec!r}: a field name is lowercase snake_case, not {name!r}")
    values: tuple[str, ...] = ()
    enum = ENUM.match(kind_spec)
    if enum:
        values = tuple(value.strip() for value in enum.group(1).split(",") if value.strip())
        if not values or not all(VALUE.match(value) for value in values):
            raise FieldError(f"{spec!r}: enum values are lowercase words, e.g. enum(draft,sent)")
        if len(set(values)) != len(values):
            raise FieldError(f"{spec!r}: an enum value is listed twice")
        kind = "enum"
    elif kind_spec in KINDS:
        kind = kind_spec
    else:
        raise FieldError(f"{spec!r}: the type is one of str, text, int, bool, date, enum(a,b)")
    unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
    if unknown:
        raise FieldError(f"{spec!r}: unknown modifier {unknown[0]!r} ({', '.join(MODIFIERS)})")
    field = Field(
        name,
        kind,
        values,
        unique="unique-per-tenant" in modifiers,
        positive="positive" in modifiers,
        optional="optional" in modifiers,
    )
    if field.positive and kind != "int":
        raise FieldError(f"{spec!r}: only an int can be positive")
    if field.unique and kind not in ("str", "int", "date"):
        raise FieldError(f"{spec!r}: only str, int and date fields can be unique-per-tenant")
    if field.optional and kind in ("bool", "enum", "text"):
        raise FieldError(f"{spec!r}: a {kind} field has a default; it cannot be optional")
    return field


def parse_fields(specs: list[str]) -> list[Field]:
    fields = [parse_field(spec) for spec in specs or DEFAULT_FIELDS]
    names = [field.name for field in fields]
    if len(set(names)) != len(names):
        raise FieldError("a field name is listed twice")
    if not any(field.kind in ("str", "int", "date") and not field.optional for field in fields):
        raise FieldError("give at least one required (not optional) str, int or date field")
    return fields


def enum_class(model: str, field: Field) -> str:
    return model + "".join(part.title() for part in field.name.split("_"))


def member(value: str) -> str:
    return value.upper()


def python_type(model: str, field: Field) -> str:
    base = {"str": "str", "text": "str", "int": "int", "bool": "bool", "date": "date"}
    kind = enum_class(model, field) if field.kind == "enum" else base[field.kind]
    return f"{kind} | None" if field.optional else kind


def sample(model: str, field: Field, index: int = 1) -> str:
    """A valid value as Python source, different for each `index` (factories, tests)."""
    if field.kind == "enum":
        return f"{enum_class(model, field)}.{member(field.values[0])}"
    return {
        "str": f'"{field.name.replace("_", " ").capitalize()} {index}"',
        "text": f'"Some {field.name.replace("_", " ")}"',
        "int": str(100 * index),
        "bool": "True",
        "date": f"date(2030, 1, {index})",
    }[field.kind]


def json_sample(field: Field, index: int = 1) -> str:
    """The same value as `sample`, as the JSON a client sends (Python source)."""
    if field.kind == "enum":
        return f'"{field.values[0]}"'
    if field.kind == "date":
        return f'"2030-01-{index:02d}"'
    return sample("", field, index)
