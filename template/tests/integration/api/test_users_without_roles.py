"""A user may hold no role at all: adding one that way is a 201, not a 500."""

import pytest
from httpx import AsyncClient

from app.modules.users import User
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration


async def test_a_user_added_with_an_empty_role_list_holds_no_role(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    created = await client.post(
        "/api/v1/users",
        json={"email": "no.roles@example.com", "full_name": "No Roles", "roles": []},
        headers=as_user(owner),
    )
    assert created.status_code == 201, created.text
    roles = await client.get(f"/api/v1/users/{created.json()['id']}/roles", headers=as_user(owner))
    assert roles.json()["roles"] == []
