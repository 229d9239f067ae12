"""Adding a person to a tenant invites them; only accepting the emailed token makes a user.

An invitation is not an account: the address stays free to sign up for its own tenant,
and the admin's answer never says whether the address has an account in another tenant.
"""

from datetime import UTC, datetime, timedelta
from importlib.util import find_spec

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import in_tenant
from app.modules.tenants import Tenant
from app.modules.users import User
from app.modules.users.models import Invitation
from app.modules.users.services.invitations import hash_invitation_token
from tests.factories import create_user
from tests.support.auth import AsUser
from tests.support.invitations import Inbox

pytestmark = pytest.mark.integration

USERS = "/api/v1/users"
ACCEPT = "/api/v1/auth/invitations/accept"
PASSWORD = "a long enough passphrase"
PROVIDERS = find_spec("app.modules.users.oauth") is not None


async def invite(
    client: AsyncClient, as_user: AsUser, admin: User, email: str, roles: list[str] | None = None
) -> Response:
    body = {"email": email, "full_name": "Invited Person", "roles": roles or ["member"]}
    return await client.post(USERS, json=body, headers=as_user(admin))


async def accept(client: AsyncClient, token: str, password: str | None = PASSWORD) -> Response:
    return await client.post(ACCEPT, json={"token": token, "password": password})


def bearer(response: Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_adding_a_person_invites_them_instead_of_creating_an_account(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    response = await invite(client, as_user, owner, "New.Hire@Example.com", ["viewer"])

    assert response.status_code == 202
    body = response.json()
    assert (body["email"], body["roles"], body["tenant_id"]) == (
        "new.hire@example.com",
        ["viewer"],
        str(owner.tenant_id),
    )
    assert "token" not in body
    users = (await client.get(USERS, headers=as_user(owner))).json()
    assert "new.hire@example.com" not in {item["email"] for item in users["items"]}
    pending = (await client.get(f"{USERS}/invitations", headers=as_user(owner))).json()
    assert [item["email"] for item in pending["items"]] == ["new.hire@example.com"]
    assert inbox.token_for("new.hire@example.com")


async def test_the_invitee_joins_with_the_invited_roles_by_accepting_the_emailed_token(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "joiner@example.com", ["viewer"])

    accepted = await accept(client, inbox.token_for("joiner@example.com"))

    assert accepted.status_code == 201, accepted.text
    me = (await client.get(f"{USERS}/me", headers=bearer(accepted))).json()
    assert (me["email"], me["tenant_id"]) == ("joiner@example.com", str(owner.tenant_id))
    roles = await client.get(f"{USERS}/{me['id']}/roles", headers=as_user(owner))
    assert roles.json()["roles"] == ["viewer"]
    pending = (await client.get(f"{USERS}/invitations", headers=as_user(owner))).json()
    assert pending["items"] == []


async def test_an_invitation_token_works_once(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "once@example.com")
    token = inbox.token_for("once@example.com")
    assert (await accept(client, token)).status_code == 201

    again = await accept(client, token)

    assert again.status_code == 400
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["type"].endswith("/invitation-invalid")


async def test_expired_and_unknown_tokens_get_the_same_answer(
    client: AsyncClient, db: AsyncSession, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "late@example.com")
    token = inbox.token_for("late@example.com")
    with in_tenant(db, owner.tenant_id):
        invitation = await db.scalar(
            select(Invitation).where(Invitation.email == "late@example.com")
        )
        assert invitation is not None
        invitation.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        await db.flush()

    expired, unknown = await accept(client, token), await accept(client, "no-such-token")

    assert expired.status_code == unknown.status_code == 400
    assert expired.json()["type"] == unknown.json()["type"]
    assert expired.json()["detail"] == unknown.json()["detail"]


async def test_only_the_hash_of_the_token_is_stored(
    client: AsyncClient, db: AsyncSession, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "hashed@example.com")
    token = inbox.token_for("hashed@example.com")
    with in_tenant(db, owner.tenant_id):
        stored = await db.scalar(
            select(Invitation.token_hash).where(Invitation.email == "hashed@example.com")
        )
    assert stored == hash_invitation_token(token)
    assert token not in (stored or "")


async def test_an_address_invited_by_another_tenant_can_still_register_its_own_tenant(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    assert (await invite(client, as_user, owner, "squatted@example.com")).status_code == 202

    registered = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "squatted@example.com",
            "password": PASSWORD,
            "full_name": "Rightful Owner",
            "tenant_name": "My Own Company",
        },
    )

    assert registered.status_code == 201
    me = (await client.get(f"{USERS}/me", headers=bearer(registered))).json()
    assert me["tenant_id"] != str(owner.tenant_id)


async def test_the_admin_gets_the_same_answer_whether_the_address_has_an_account_elsewhere(
    client: AsyncClient, db: AsyncSession, owner: User, as_user: AsUser, other_tenant: Tenant
) -> None:
    await create_user(db, other_tenant, email="taken@example.com")

    taken = await invite(client, as_user, owner, "taken@example.com")
    free = await invite(client, as_user, owner, "free@example.com")

    assert taken.status_code == free.status_code == 202
    assert taken.headers["content-type"] == free.headers["content-type"]
    assert set(taken.json()) == set(free.json())


async def test_an_invitee_with_an_account_elsewhere_is_told_to_sign_in_when_accepting(
    client: AsyncClient,
    db: AsyncSession,
    owner: User,
    as_user: AsUser,
    inbox: Inbox,
    other_tenant: Tenant,
) -> None:
    await invite(client, as_user, owner, "elsewhere@example.com")
    await create_user(db, other_tenant, email="elsewhere@example.com")

    response = await accept(client, inbox.token_for("elsewhere@example.com"))

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_inviting_a_member_of_the_tenant_is_a_conflict(
    client: AsyncClient, owner: User, as_user: AsUser
) -> None:
    response = await invite(client, as_user, owner, owner.email)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_inviting_again_replaces_the_pending_invitation(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "twice@example.com")
    first = inbox.token_for("twice@example.com")
    await invite(client, as_user, owner, "twice@example.com")

    assert (await accept(client, first)).status_code == 400
    assert (await accept(client, inbox.token_for("twice@example.com"))).status_code == 201


async def test_a_refused_password_leaves_the_invitation_usable(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "careful@example.com")
    token = inbox.token_for("careful@example.com")

    short = await accept(client, token, password="short pw")

    assert short.status_code == 422
    assert (await accept(client, token)).status_code == 201


async def test_only_an_owner_can_invite_an_owner(
    client: AsyncClient, db: AsyncSession, tenant: Tenant, as_user: AsUser
) -> None:
    admin = await create_user(db, tenant, roles=["admin"])
    response = await invite(client, as_user, admin, "boss@example.com", ["owner"])
    assert response.status_code == 403


@pytest.mark.skipif(PROVIDERS, reason="with identity providers a password is optional")
async def test_without_identity_providers_the_invitee_must_choose_a_password(
    client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "nopw@example.com")
    response = await accept(client, inbox.token_for("nopw@example.com"), password=None)
    assert response.status_code == 422


@pytest.mark.skipif(not PROVIDERS, reason="needs an identity provider to sign in with")
async def test_an_invitee_may_skip_the_password_and_sign_in_through_a_provider(
    client: AsyncClient, db: AsyncSession, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    await invite(client, as_user, owner, "sso@example.com")
    response = await accept(client, inbox.token_for("sso@example.com"), password=None)
    assert response.status_code == 201
    with in_tenant(db, owner.tenant_id):
        user = await db.scalar(
            select(User)
            .where(User.email == "sso@example.com")
            .execution_options(populate_existing=True)
        )
    assert user is not None
    assert user.password_hash is None
