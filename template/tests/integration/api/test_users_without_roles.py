"""A person may be invited with no role at all: accepting is a 201, not a 500."""

import pytest
from httpx import AsyncClient

from app.modules.users import User
from tests.support.auth import AsUser
from tests.support.invitations import Inbox

pytestmark = pytest.mark.integration


async def test_a_person_invited_with_an_empty_role_list_joins_holding_no_role(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    invited = await client.post(
        "/api/v1/users",
        json={"email": "no.roles@example.com", "full_name": "No Roles", "roles": []},
        headers=as_user(owner),
    )
    assert invited.status_code == 202, invited.text
    accepted = await client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": inbox.token_for("no.roles@example.com"), "password": "a long passphrase"},
    )
    assert accepted.status_code == 201, accepted.text
    bearer = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    me = (await client.get("/api/v1/users/me", headers=bearer)).json()
    roles = await client.get(f"/api/v1/users/{me['id']}/roles", headers=as_user(owner))
    assert roles.json()["roles"] == []
