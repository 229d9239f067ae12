"""Modules are found by convention and mounted under /api/v1."""

from types import ModuleType

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.api.router import API_V1_PREFIX, include_v1
from app.core.routing import AgencyRouter
from app.modules import DiscoveredModule, discover_modules, module_names, routers_of

pytestmark = pytest.mark.unit


def test_every_package_under_modules_is_discovered() -> None:
    assert {"tenants"} <= set(module_names())
    assert [module.name for module in discover_modules()] == module_names()


def test_private_packages_are_not_modules() -> None:
    assert not any(name.startswith("_") for name in module_names())


def _routes_module(**attributes: object) -> ModuleType:
    module = ModuleType("app.modules.example.routes")
    module.__dict__.update(attributes)
    return module


def test_a_routes_module_gives_its_router_or_each_of_its_routers() -> None:
    one, two = AgencyRouter(prefix="/one", tags=["x"]), AgencyRouter(prefix="/two", tags=["x"])
    assert routers_of(_routes_module(router=one)) == (one,)
    assert routers_of(_routes_module(routers=[one, two])) == (one, two)
    assert routers_of(_routes_module()) == ()
    assert routers_of(None) == ()


async def test_each_router_of_a_module_is_served_under_api_v1() -> None:
    first, second = (
        AgencyRouter(prefix="/first", tags=["x"]),
        AgencyRouter(prefix="/second", tags=["x"]),
    )

    @first.get("", response_model=str, summary="First")
    async def first_endpoint() -> str:
        return "first"

    @second.get("", response_model=str, summary="Second")
    async def second_endpoint() -> str:
        return "second"

    app = FastAPI()
    include_v1(
        app, [DiscoveredModule(name="example", routers=(first, second), register_handlers=None)]
    )
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        assert (await client.get(f"{API_V1_PREFIX}/first")).json() == "first"
        assert (await client.get(f"{API_V1_PREFIX}/second")).json() == "second"
