"""Shared string types for request fields: no control characters reach the database.

PostgreSQL cannot store a NUL byte in text, and other C0 controls (and DEL) in a name or
label are at best invisible and at worst forge log lines or spoof what a reader sees. A
`Name` is one line: every control character is refused. A `Text` may span lines, so
tab, line feed and carriage return are allowed there. Refused input is a 422 problem
naming the field, like any other validation error.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_EXCEPT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def single_line(value: str) -> str:
    if _ANY_CONTROL.search(value):
        msg = "must not contain control characters"
        raise ValueError(msg)
    return value


def multi_line(value: str) -> str:
    if _CONTROL_EXCEPT_LINE_BREAKS.search(value):
        msg = "must not contain control characters other than tab and line breaks"
        raise ValueError(msg)
    return value


# Stripped before its length is checked: "   " is no name.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(single_line),
]
"""A one-line name or label (a person, a tenant, a record): 1-200 characters."""

Label = Annotated[str, StringConstraints(max_length=100), AfterValidator(single_line)]
"""A short identifier-like string given by a client (a role name, a filter value)."""

Text = Annotated[str, StringConstraints(max_length=10_000), AfterValidator(multi_line)]
"""Free text that may span lines (a description, a comment)."""


def without_controls(value: str) -> str:
    """`value` with its control characters removed, for names taken from a third party
    (an identity provider's display name) that should be kept rather than refused."""
    return _ANY_CONTROL.sub("", value)
