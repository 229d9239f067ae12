"""Tests read no configuration from the developer's machine.

Every settings class would otherwise read `.env` (which the README tells developers to
create) and the shell's environment (where ENVIRONMENT=production or a SECRET_KEY may be
exported): a test asserting a default would then pass on one machine and fail on the
next. `isolated_from_the_environment()` turns `.env` off for every settings class and
removes every variable a settings class reads, for as long as the context lasts; a test
that wants a variable sets it with `monkeypatch.setenv`.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

import app.main  # noqa: F401 - imports every settings class, the features' included


def settings_classes(root: type[BaseSettings] = BaseSettings) -> Iterator[type[BaseSettings]]:
    for subclass in root.__subclasses__():
        if subclass.__module__.startswith("app."):
            yield subclass
        yield from settings_classes(subclass)


def variable_names(settings_class: type[BaseSettings]) -> set[str]:
    """Lower-cased names of the variables a settings class reads (they match any case)."""
    prefix = str(settings_class.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for field_name, field in settings_class.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, str):
            names.add(alias.lower())
        elif isinstance(alias, AliasChoices):
            names.update(str(choice).lower() for choice in alias.choices if isinstance(choice, str))
        else:
            names.add(f"{prefix}{field_name}".lower())
    return names


@contextmanager
def isolated_from_the_environment() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        read: set[str] = set()
        for settings_class in settings_classes():
            patch.setitem(settings_class.model_config, "env_file", None)
            read |= variable_names(settings_class)
        for name in list(os.environ):
            if name.lower() in read:
                patch.delenv(name)
        yield
