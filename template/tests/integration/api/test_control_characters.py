"""Control characters are invalid input: a 422 problem, never a 500 from the database."""

import pytest
from httpx import AsyncClient

from app.modules.users import User
from tests.factories import DEFAULT_PASSWORD
from tests.support.auth import AsUser

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def signup(**fields: str) -> dict[str, str]:
    return {
        "email": "new@example.com",
        "password": DEFAULT_PASSWORD,
        "full_name": "New Person",
        "tenant_name": "New Co",
        **fields,
    }


@pytest.mark.parametrize("field", ["tenant_name", "full_name"])
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\n", "\x7f"])
async def test_a_control_character_in_a_name_is_a_422_problem_naming_the_field(
    client: AsyncClient, field: str, character: str
) -> None:
    response = await client.post(
        "/api/v1/auth/register", json=signup(**{field: f"Acme{character}Co"})
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert [error["field"] for error in response.json()["errors"]] == [f"body.{field}"]


async def test_a_nul_byte_in_a_role_name_is_a_422_problem(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await client.put(
        f"/api/v1/users/{owner.id}/roles", json={"roles": ["admin\x00"]}, headers=as_user(owner)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM


async def test_text_the_database_cannot_store_is_a_422_problem_not_a_500(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    # A filter without its own character check reaches PostgreSQL, which refuses NUL.
    response = await client.get(
        "/api/v1/audit-logs", params={"action": "update\x00"}, headers=as_user(owner)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/validation")
