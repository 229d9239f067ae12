"""Values in the audit trail are plain JSON, and secrets never reach it."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum, StrEnum
from uuid import uuid4

import pytest

from app.core.audit import REDACTED
from app.core.audit.values import is_secret, json_safe, redacted
from app.modules.users import User

pytestmark = pytest.mark.unit


class Size(Enum):
    LARGE = 3


class Colour(StrEnum):
    RED = "red"


def test_values_become_json_an_auditor_can_read() -> None:
    ident = uuid4()
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert json_safe(ident) == str(ident)
    assert json_safe(moment) == "2025-01-02T03:04:05+00:00"
    assert json_safe(date(2025, 1, 2)) == "2025-01-02"
    assert json_safe(Size.LARGE) == 3
    assert type(json_safe(Colour.RED)) is str
    assert json_safe(Decimal("1.50")) == "1.50"
    assert json_safe(timedelta(minutes=1)) == 60.0
    assert json_safe(b"\x00\x01") == "<2 bytes>"
    assert json_safe({"when": moment, "ids": (ident,)}) == {
        "when": "2025-01-02T03:04:05+00:00",
        "ids": [str(ident)],
    }
    assert json_safe({"b", "a"}) == ["a", "b"]
    assert json_safe(object).startswith("<class")
    assert json_safe(None) is None


def test_declared_and_conventionally_named_secrets_are_redacted() -> None:
    assert is_secret(User, "password_hash")
    assert is_secret(User, "api_token")
    assert is_secret(User, "ClientSecret")
    assert not is_secret(User, "full_name")


def test_a_redacted_value_still_shows_whether_it_was_set() -> None:
    assert redacted("argon2-hash") == REDACTED
    assert redacted(None) is None
