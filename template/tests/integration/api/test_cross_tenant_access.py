"""Nothing of tenant A is reachable by tenant B: every id route answers 404.

The routes are read from the app itself, so a route added later is covered without
editing this file. How a module plugs in (what `just new-module` writes):

- a path parameter `<name>_id` is filled with the id of a row of tenant A made by the
  factory `tests.factories.<name>.create_<name>(session, tenant)` (e.g. `user_id` ->
  `create_user`);
- a request body is `tests.factories.<name>.<name>_fields()` (a valid create body as
  JSON), keeping the keys the route's body model accepts, so the request is valid and
  only the tenant differs. Without that function, the body is built from the model's
  types, with every optional field set and a fixed seed: the same body on every run.
"""

import re
from importlib import import_module
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx import AsyncClient
from polyfactory.factories.pydantic_factory import ModelFactory
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import TenantMixin, in_tenant
from app.core.routing import api_routes
from app.modules.tenants import Tenant
from tests.factories import create_user
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration

PARAMETER = re.compile(r"\{(\w+)_id\}")


async def id_in_tenant(db: AsyncSession, name: str, tenant: Tenant) -> str:
    try:
        factory = getattr(import_module(f"tests.factories.{name}"), f"create_{name}")
    except (ModuleNotFoundError, AttributeError):
        pytest.fail(f"No tests/factories/{name}.py:create_{name} for the path parameter {name}_id")
    row = await factory(db, tenant)
    assert isinstance(row, TenantMixin), f"{type(row).__name__} in a path must be tenant-scoped"
    return str(row.id)


def factory_fields(name: str) -> dict[str, Any] | None:
    try:
        fields = getattr(import_module(f"tests.factories.{name}"), f"{name}_fields", None)
    except ModuleNotFoundError:
        return None
    return fields() if callable(fields) else None


def valid_body(route: APIRoute, names: list[str]) -> dict[str, Any] | None:
    body = route.body_field
    if body is None:
        return None
    model = body.field_info.annotation
    assert isinstance(model, type), route.path
    assert issubclass(model, BaseModel), route.path
    for name in reversed(names):  # the innermost resource owns the body
        fields = factory_fields(name)
        if fields is not None:
            accepted = {key: value for key, value in fields.items() if key in model.model_fields}
            return model.model_validate(accepted).model_dump(mode="json", exclude_unset=True)
    factory = ModelFactory.create_factory(model, __allow_none_optionals__=False)
    factory.seed_random(len(route.path))
    return factory.build().model_dump(mode="json")


def id_routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    return [
        (path, method, route)
        for path, route in api_routes(app.routes)
        if PARAMETER.search(path)
        for method in sorted(route.methods)
    ]


async def test_every_id_route_hides_other_tenants_objects(
    app: FastAPI,
    client: AsyncClient,
    db: AsyncSession,
    tenant: Tenant,
    other_tenant: Tenant,
    as_user: AsUser,
) -> None:
    victim = await create_user(db, tenant, roles=["member"], full_name="Victim")
    intruder = await create_user(db, other_tenant, roles=["owner"])
    routes = id_routes(app)
    assert routes, "no route with an id: the test would prove nothing"
    for path, method, route in routes:
        url = path
        names = PARAMETER.findall(path)
        for name in names:
            url = url.replace(f"{{{name}_id}}", await id_in_tenant(db, name, tenant))
        response = await client.request(
            method, url, json=valid_body(route, names), headers=as_user(intruder)
        )
        assert response.status_code == 404, (
            f"{method} {path} -> {response.status_code}: {response.text}"
        )
    with in_tenant(db, victim.tenant_id):
        await db.refresh(victim)
    assert victim.full_name == "Victim"


async def test_lists_never_show_another_tenants_rows(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, other_tenant: Tenant, as_user: AsUser
) -> None:
    mine = await create_user(db, tenant, roles=["owner"])
    await create_user(db, other_tenant, roles=["owner"])
    users = (await client.get("/api/v1/users", headers=as_user(mine))).json()
    assert {item["tenant_id"] for item in users["items"]} == {str(tenant.id)}
    assert users["total"] == len(users["items"])
    roles = (await client.get("/api/v1/roles", headers=as_user(mine))).json()
    assert len(roles) == 4


async def test_a_token_naming_another_tenant_finds_no_user(
    app: FastAPI, client: AsyncClient, db: AsyncSession, tenant: Tenant, other_tenant: Tenant
) -> None:
    user = await create_user(db, tenant, roles=["owner"])
    forged = app.state.access_tokens.issue(user.id, other_tenant.id)
    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
