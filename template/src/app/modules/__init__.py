"""Feature modules, discovered by convention (documented in ARCHITECTURE.md).

Every package directly under `app/modules/` whose name does not start with `_` is a
module. For each, `discover_modules()`:

1. imports `app.modules.<name>.models` if it exists, so its tables join `Base.metadata`
   (Alembic autogenerate and the tenant-isolation checks see them);
2. imports `app.modules.<name>.routes` if it exists and mounts its `router` under `/api/v1`
   (or each of its `routers`, for a `routes/` package with one router per file);
3. imports `app.modules.<name>.handlers` if it exists and remembers its `register`
   function, which `main.create_app()` calls with the event bus;
4. reads `PERMISSIONS` from `app.modules.<name>.permissions` if it exists: the module's
   resources, actions and default grants (`declared_permissions()`; migrations apply them).

A module that fails to import stops start-up with the original error: a half-loaded
service is worse than one that does not start. Other modules use a module only through
what its `__init__.py` exports (enforced by `tach.toml`).
"""

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from fastapi import APIRouter

from app.core.permissions import CORE_PERMISSIONS, ResourcePermissions


@dataclass(frozen=True, slots=True)
class DiscoveredModule:
    name: str
    routers: tuple[APIRouter, ...]
    register_handlers: Callable[[Any], None] | None
    permissions: tuple[ResourcePermissions, ...] = ()


def module_names() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if info.ispkg and not info.name.startswith("_")
    )


def _optional(package: str, name: str) -> ModuleType | None:
    qualified = f"{package}.{name}"
    return import_module(qualified) if find_spec(qualified) is not None else None


def routers_of(routes: ModuleType | None) -> tuple[APIRouter, ...]:
    if routes is None:
        return ()
    if hasattr(routes, "routers"):
        return tuple(routes.routers)
    return (routes.router,) if hasattr(routes, "router") else ()


def discover_modules() -> list[DiscoveredModule]:
    discovered = []
    for name in module_names():
        package = f"{__name__}.{name}"
        _optional(package, "models")
        routes = _optional(package, "routes")
        handlers = _optional(package, "handlers")
        permissions = _optional(package, "permissions")
        discovered.append(
            DiscoveredModule(
                name=name,
                routers=routers_of(routes),
                register_handlers=getattr(handlers, "register", None),
                permissions=tuple(getattr(permissions, "PERMISSIONS", ())),
            )
        )
    return discovered


def declared_permissions() -> dict[str, tuple[ResourcePermissions, ...]]:
    """Every declaration by owner: `"core"` for core's own, then each module's by name."""
    declared: dict[str, tuple[ResourcePermissions, ...]] = {"core": CORE_PERMISSIONS}
    for module in discover_modules():
        if module.permissions:
            declared[module.name] = module.permissions
    return declared
