"""Every role grant is in the audit trail as one kind of entry, `roles_changed`, whether
an admin changes the roles of a user or the roles come with the user's creation (sign-up,
an accepted invitation): an auditor asking who holds `owner` since when reads one action."""

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from app.modules.users import User
from tests.support.audit import audit_entries
from tests.support.auth import AsUser
from tests.support.invitations import Inbox
from tests.support.tenants import user_with_email

pytestmark = pytest.mark.integration

PASSWORD = "a long enough passphrase"


async def test_the_owner_role_of_a_sign_up_is_recorded_as_a_role_change(
    client: AsyncClient, db: AsyncSession
) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "founder@example.com",
            "password": PASSWORD,
            "full_name": "Founder",
            "tenant_name": "Founded Co",
        },
    )
    assert response.status_code == 201, response.text

    user = await user_with_email(db, "founder@example.com")
    assert user is not None
    [entry] = await audit_entries(db, user.tenant_id, action="roles_changed")
    assert (entry.resource_type, entry.resource_id) == ("users", str(user.id))
    assert entry.changes == {"roles": {"old": [], "new": ["owner"]}}
    assert entry.request_id == response.headers["X-Request-ID"]


async def test_the_roles_of_an_accepted_invitation_are_recorded_as_granted_by_the_inviter(
    client: AsyncClient, db: AsyncSession, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    invited = await client.post(
        "/api/v1/users",
        json={"email": "joiner@example.com", "full_name": "Joiner", "roles": ["viewer", "member"]},
        headers=as_user(owner),
    )
    assert invited.status_code == 202, invited.text

    accepted = await client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": inbox.token_for("joiner@example.com"), "password": PASSWORD},
    )

    assert accepted.status_code == 201, accepted.text
    joiner = await user_with_email(db, "joiner@example.com")
    assert joiner is not None
    [entry] = await audit_entries(db, owner.tenant_id, action="roles_changed")
    assert (entry.resource_type, entry.resource_id) == ("users", str(joiner.id))
    assert entry.changes == {"roles": {"old": [], "new": ["member", "viewer"]}}
    assert entry.actor_id == owner.id
    assert entry.request_id == accepted.headers["X-Request-ID"]
