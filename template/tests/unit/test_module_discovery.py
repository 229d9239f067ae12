"""Modules are found by convention and mounted under /api/v1."""

import pytest

from app.modules import discover_modules, module_names

pytestmark = pytest.mark.unit


def test_every_package_under_modules_is_discovered() -> None:
    assert {"tenants"} <= set(module_names())
    assert [module.name for module in discover_modules()] == module_names()


def test_private_packages_are_not_modules() -> None:
    assert not any(name.startswith("_") for name in module_names())
