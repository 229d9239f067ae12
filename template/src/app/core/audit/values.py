"""Column values as JSON an auditor can read, with secrets replaced before they are stored.

A column is secret when its class lists it in `__audit_redact__` or its name contains one
of `SECRET_MARKERS`: the deny-list catches the `api_token` a module adds later and forgets
to declare. The trail still shows THAT a secret changed (and whether it was set), never
its value.
"""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from uuid import UUID

REDACTED = "[redacted]"
SECRET_MARKERS = ("password", "secret", "token", "api_key", "private_key", "credential")

type JsonValue = bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None


def looks_secret(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


def is_secret(model: type, column: str) -> bool:
    declared: frozenset[str] = getattr(model, "__audit_redact__", frozenset())
    return column in declared or looks_secret(column)


def redacted(value: object) -> str | None:
    """Whether a secret was set stays visible; what it was does not."""
    return None if value is None else REDACTED


def json_safe(value: object) -> JsonValue:  # noqa: PLR0911 - one branch per kind of value
    """A JSONB-storable copy of `value` (UUIDs, times, enums and decimals become strings)."""
    if isinstance(value, Enum):  # before str and int: StrEnum and IntEnum are both
        return json_safe(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=str)
    return str(value)
