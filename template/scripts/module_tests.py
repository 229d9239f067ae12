"""The factory and API tests `just new-module` writes: each option comes with its proof."""

from scripts.module_code import Action, article, filter_fields
from scripts.module_fields import Field, enum_class, json_sample, member


def body_value(field: Field) -> str:
    """A valid JSON value as Python source; unique fields differ per call (`serial`)."""
    if field.unique and field.kind == "str":
        return f'f"{field.name.replace("_", " ").capitalize()} {{serial}}"'
    if field.unique and field.kind == "int":
        return "serial"
    if field.unique and field.kind == "date":
        return "(date(2030, 1, 1) + timedelta(days=serial)).isoformat()"
    return json_sample(field)


def factory_module(v: dict[str, str], fields: list[Field], fixed: set[str]) -> str:
    name, model, singular = v["name"], v["Model"], v["singular"]
    body = [
        f
        for f in fields
        if f.name not in fixed and not f.optional and f.kind not in ("bool", "enum")
    ]
    dates = any(f.unique and f.kind == "date" for f in body)
    entries = "".join(f'        "{f.name}": {body_value(f)},\n' for f in body)
    serial = "    serial = next(_serial)\n" if any(f.unique for f in body) else ""
    return f'''"""{v["Title"]} for tests: rows with `create_{singular}`, request bodies with `{singular}_fields`."""

{"from datetime import date, timedelta" if dates else ""}
{"from itertools import count" if serial else ""}
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import set_tenant
from app.modules.{name} import {model}, {model}Create
from app.modules.tenants import Tenant
{"_serial = count(1)" if serial else ""}


def {singular}_fields() -> dict[str, Any]:
    """A valid create body as JSON (no random values); unique fields differ on each call."""
{serial}    return {{
{entries}    }}


async def create_{singular}(session: AsyncSession, tenant: Tenant, **fields: Any) -> {model}:
    set_tenant(session, tenant.id)
    values = {model}Create.model_validate({singular}_fields()).model_dump() | fields
    item = {model}(**values)
    session.add(item)
    await session.flush()
    return item
'''


def update_of(fields: list[Field], fixed: set[str]) -> tuple[Field, str]:
    """The first required field a PATCH may change, and a JSON value no factory row has."""
    field = next(f for f in fields if f.name not in fixed and not f.optional and f.kind != "bool")
    if field.kind == "enum":
        return field, f'"{field.values[-1]}"'
    return field, {"int": "2_000_000_000", "date": '"2031-06-15"'}.get(field.kind, '"Changed"')


HEADER = '''"""/api/v1/{name}: each role may do what permissions.py grants it, every write is audited,
and tenants never meet."""

from collections import Counter

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.permissions import ADMIN, MEMBER, VIEWER
{enum_import}from app.modules.{name}.permissions import PERMISSIONS
from app.modules.tenants import Tenant
from app.modules.users import User
from tests.factories import create_user
from tests.factories.{singular} import create_{singular}, {singular}_fields
from tests.support.audit import audit_entries
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration

URL = "/api/v1/{name}"
CHANGE = {{"{changed}": {changed_value}}}
'''


def role_test(v: dict[str, str], actions: list[Action]) -> str:
    """Each role against every endpoint, expecting what `permissions.py` grants it."""
    singular = v["singular"]
    posts = "".join(
        f'    response = await client.post(f"{{URL}}/{{item.id}}/{a.verb}", headers=headers)\n'
        f'    assert response.status_code == expected("{a.verb}", 200)\n'
        for a in actions
    )
    return f"""

@pytest.mark.parametrize("role", [ADMIN, MEMBER, VIEWER])
async def test_each_role_may_do_what_permissions_py_grants_it_and_nothing_else(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser, role: str
) -> None:
    (declaration,) = PERMISSIONS
    granted = declaration.grants.get(role, ())

    def expected(action: str, success: int) -> int:
        return success if action in granted else 403

    user = await create_user(db, tenant, roles=[role])
    item = await create_{singular}(db, tenant)
    headers = as_user(user)
    assert (await client.get(URL, headers=headers)).status_code == expected("read", 200)
    response = await client.get(f"{{URL}}/{{item.id}}", headers=headers)
    assert response.status_code == expected("read", 200)
    response = await client.post(URL, json={singular}_fields(), headers=headers)
    assert response.status_code == expected("create", 201)
    response = await client.patch(f"{{URL}}/{{item.id}}", json=CHANGE, headers=headers)
    assert response.status_code == expected("update", 200)
{posts}    response = await client.delete(f"{{URL}}/{{item.id}}", headers=headers)
    assert response.status_code == expected("delete", 204)
"""


def action_tests(v: dict[str, str], action: Action) -> str:
    singular, model = v["singular"], v["Model"]
    field, enum = action.field.name, enum_class(model, action.field)
    return f'''

async def test_an_admin_can_{action.verb}_{article(singular)}_{singular}(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    admin = await create_user(db, tenant, roles=["admin"])
    item = await create_{singular}(db, tenant)
    response = await client.post(f"{{URL}}/{{item.id}}/{action.verb}", headers=as_user(admin))
    assert response.status_code == 200, response.text
    assert response.json()["{field}"] == "{action.target}"


async def test_{action.verb}_only_moves_forward(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    item = await create_{singular}(db, tenant, {field}={enum}.{member(action.target)})
    response = await client.post(f"{{URL}}/{{item.id}}/{action.verb}", headers=as_user(owner))
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
'''


def unique_test(v: dict[str, str], field: Field) -> str:
    singular = v["singular"]
    value = (
        f" | {{{field.name!r}: {json_sample(field)}}}".replace("'", '"') if field.optional else ""
    )
    return f'''

async def test_{field.name}_is_unique_within_a_tenant_only(
    client: AsyncClient, db: AsyncSession, owner: User, other_tenant: Tenant, as_user: AsUser
) -> None:
    body = {singular}_fields(){value}
    taken = {{"{field.name}": body["{field.name}"]}}
    assert (await client.post(URL, json=body, headers=as_user(owner))).status_code == 201
    again = await client.post(URL, json={singular}_fields() | taken, headers=as_user(owner))
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert "{field.name.replace("_", " ")}" in again.json()["detail"]
    other = await create_user(db, other_tenant, roles=["owner"])
    assert (await client.post(URL, json=body, headers=as_user(other))).status_code == 201
    second = (await client.post(URL, json={singular}_fields(), headers=as_user(owner))).json()
    renamed = await client.patch(f"{{URL}}/{{second['id']}}", json=taken, headers=as_user(owner))
    assert renamed.status_code == 409
'''


def filter_test(v: dict[str, str], field: Field) -> str:
    singular, model = v["singular"], v["Model"]
    if field.kind == "enum":
        wanted = field.values[-1]
        value, other, param = (
            f"{enum_class(model, field)}.{member(wanted)}",
            f"{enum_class(model, field)}.{member(field.values[0])}",
            wanted,
        )
    else:
        value, other, param, wanted = "True", "False", "true", True
    expected = f'"{wanted}"' if field.kind == "enum" else "True"
    return f'''

async def test_the_list_filters_by_{field.name}(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    await create_{singular}(db, tenant, {field.name}={value})
    await create_{singular}(db, tenant, {field.name}={other})
    params = {{"{field.name}": "{param}"}}
    page = (await client.get(URL, params=params, headers=as_user(owner))).json()
    assert [item["{field.name}"] for item in page["items"]] == [{expected}]
'''


def api_tests(
    v: dict[str, str], fields: list[Field], fixed: set[str], actions: list[Action]
) -> str:
    name, singular, model = v["name"], v["singular"], v["Model"]
    changed, changed_value = update_of(fields, fixed)
    enums = sorted(
        {enum_class(model, a.field) for a in actions}
        | {enum_class(model, f) for f in filter_fields(fields)[:1] if f.kind == "enum"}
    )
    enum_import = f"from app.modules.{name} import {', '.join(enums)}\n" if enums else ""
    action_calls = "".join(
        f'    assert (await client.post(f"{{URL}}/{{item_id}}/{a.verb}", headers=headers)).status_code == 200\n'
        for a in actions
    )
    updates = 1 + len(actions)
    text = HEADER.format(
        name=name,
        singular=singular,
        enum_import=enum_import,
        changed=changed.name,
        changed_value=changed_value,
    )
    text += f'''

async def test_an_owner_creates_reads_updates_lists_and_deletes(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    headers = as_user(owner)
    created = await client.post(URL, json={singular}_fields(), headers=headers)
    assert created.status_code == 201, created.text
    item_id = created.json()["id"]
    assert (await client.get(f"{{URL}}/{{item_id}}", headers=headers)).status_code == 200
    updated = await client.patch(f"{{URL}}/{{item_id}}", json=CHANGE, headers=headers)
    assert updated.status_code == 200, updated.text
    assert updated.json()["{changed.name}"] == CHANGE["{changed.name}"]
    assert (await client.get(URL, headers=headers)).json()["total"] == 1
    assert (await client.delete(f"{{URL}}/{{item_id}}", headers=headers)).status_code == 204
    assert (await client.get(f"{{URL}}/{{item_id}}", headers=headers)).status_code == 404
    assert (await client.delete(f"{{URL}}/{{item_id}}", headers=headers)).status_code == 404


async def test_every_write_is_in_the_audit_log(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    headers = as_user(owner)
    item_id = (await client.post(URL, json={singular}_fields(), headers=headers)).json()["id"]
    assert (await client.patch(f"{{URL}}/{{item_id}}", json=CHANGE, headers=headers)).status_code == 200
{action_calls}    assert (await client.delete(f"{{URL}}/{{item_id}}", headers=headers)).status_code == 204
    entries = await audit_entries(db, tenant.id, resource_type="{name}", resource_id=item_id)
    assert Counter(entry.action for entry in entries) == {{"create": 1, "update": {updates}, "delete": 1}}
    changes = [entry.changes or {{}} for entry in entries if entry.action == "update"]
'''
    text += "".join(
        f'    assert {{"old": "{a.sources[-1]}", "new": "{a.target}"}} in [c.get("{a.field.name}") for c in changes]\n'
        for a in actions
    )
    text += f'    assert any("{changed.name}" in c for c in changes)\n'
    text += role_test(v, actions)
    text += "".join(action_tests(v, a) for a in actions)
    text += "".join(unique_test(v, f) for f in fields if f.unique)
    text += "".join(filter_test(v, f) for f in filter_fields(fields)[:1])
    action_404 = "".join(
        f'    assert (await client.post(f"{{URL}}/{{item.id}}/{a.verb}", headers=headers)).status_code == 404\n'
        for a in actions
    )
    text += f'''

async def test_another_tenant_gets_404_and_never_sees_the_list(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, other_tenant: Tenant, as_user: AsUser
) -> None:
    item = await create_{singular}(db, tenant)
    intruder = await create_user(db, other_tenant, roles=["owner"])
    headers = as_user(intruder)
    assert (await client.get(f"{{URL}}/{{item.id}}", headers=headers)).status_code == 404
    assert (await client.patch(f"{{URL}}/{{item.id}}", json=CHANGE, headers=headers)).status_code == 404
{action_404}    assert (await client.delete(f"{{URL}}/{{item.id}}", headers=headers)).status_code == 404
    assert (await client.get(URL, headers=headers)).json()["total"] == 0


async def test_bad_input_is_a_validation_problem(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, owner: User, as_user: AsUser
) -> None:
    response = await client.post(URL, json={{}}, headers=as_user(owner))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    item = await create_{singular}(db, tenant)
    cleared = await client.patch(
        f"{{URL}}/{{item.id}}", json={{"{changed.name}": None}}, headers=as_user(owner)
    )
    assert cleared.status_code == 422
'''
    for f in fields:
        if f.positive and f.name not in fixed:
            text += f'''

async def test_{f.name}_must_be_positive(client: AsyncClient, owner: User, as_user: AsUser) -> None:
    body = {singular}_fields() | {{"{f.name}": 0}}
    assert (await client.post(URL, json=body, headers=as_user(owner))).status_code == 422
'''
    return text
