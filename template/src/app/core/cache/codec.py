"""Typed (de)serialisation of cached values, driven by the cached function's return type.

A pydantic `TypeAdapter` for the declared return type turns values into JSON and JSON
back into that exact type: pydantic models, dataclasses, lists and dicts of them, UUIDs,
datetimes, enums and `X | None` all round-trip. Callers therefore get the same type from
a hit as from a miss, never a dict.
"""

from collections.abc import Callable
from typing import Any, get_type_hints

from pydantic import TypeAdapter, ValidationError


class Codec[T]:
    def __init__(self, adapter: TypeAdapter[T]) -> None:
        self._adapter = adapter

    @classmethod
    def for_type(cls, annotation: type[T]) -> "Codec[T]":
        return cls(TypeAdapter(annotation))

    def encode(self, value: T) -> bytes:
        return self._adapter.dump_json(value)

    def decode(self, payload: bytes) -> T:
        return self._adapter.validate_json(payload)


DECODE_ERRORS = (ValidationError, ValueError)


class ReturnTypeCodec[T]:
    """A codec for `func`'s return annotation, built on first use (annotations may be
    forward references that only resolve once the defining module has loaded)."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self._func = func
        self._codec: Codec[T] | None = None

    def get(self) -> Codec[T]:
        if self._codec is None:
            hints = get_type_hints(self._func)
            if "return" not in hints:
                msg = f"@cached needs a return annotation on {self._func.__qualname__}"
                raise TypeError(msg)
            adapter: TypeAdapter[T] = TypeAdapter(hints["return"])
            self._codec = Codec(adapter)
        return self._codec
