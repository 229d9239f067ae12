"""Events reach their handlers only after the publishing transaction commits."""

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import DbSession, commit
from app.core.errors import ConflictError
from app.core.events import EventBus, publish
from app.core.routing import AgencyRouter
from app.modules.tenants import Tenant, TenantCreated
from app.modules.users import User, UserCreated, UserRoleChanged
from tests.support.auth import AsUser
from tests.support.invitations import Inbox
from tests.support.logs import json_lines, json_logs_to_current_stderr

pytestmark = pytest.mark.integration

router = AgencyRouter(prefix="/_test/events", tags=["test"])


@dataclass(frozen=True, slots=True)
class Pinged:
    name: str


@dataclass(frozen=True, slots=True)
class Ponged:
    name: str


class Published(BaseModel):
    seen_inside_the_request: list[str]


@router.post("/{name}", response_model=Published, status_code=201, summary="Publish")
async def ping(name: str, session: DbSession) -> Published:
    publish(session, Pinged(name))
    return Published(seen_inside_the_request=list(seen))


@router.post("/{name}/then-fail", response_model=Published, summary="Publish, then fail")
async def ping_then_fail(name: str, session: DbSession) -> Published:
    publish(session, Pinged(name))
    raise ConflictError("changed my mind")


seen: list[str] = []


@pytest.fixture
async def bus(app: FastAPI) -> AsyncIterator[EventBus]:
    app.include_router(router)
    seen.clear()
    event_bus: EventBus = app.state.event_bus
    yield event_bus
    seen.clear()


async def test_a_handler_sees_the_event_only_after_the_commit(
    bus: EventBus, client: AsyncClient
) -> None:
    async def remember(event: Pinged) -> None:
        seen.append(event.name)

    bus.subscribe(Pinged, remember)
    response = await client.post("/_test/events/alpha")
    assert response.status_code == 201
    assert response.json()["seen_inside_the_request"] == []
    assert seen == ["alpha"]


async def test_a_rolled_back_request_delivers_nothing(bus: EventBus, client: AsyncClient) -> None:
    async def remember(event: Pinged) -> None:
        seen.append(event.name)

    bus.subscribe(Pinged, remember, background=True)
    bus.subscribe(Pinged, remember, name="inline")
    response = await client.post("/_test/events/beta/then-fail")
    assert response.status_code == 409
    assert seen == []


async def test_a_failing_handler_is_logged_with_the_request_id_and_breaks_nothing(
    bus: EventBus,
    client: AsyncClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def explode(event: Pinged) -> None:
        raise RuntimeError(f"cannot handle {event.name}")

    async def remember(event: Pinged) -> None:
        seen.append(event.name)

    bus.subscribe(Pinged, explode, name="tests.explode")
    bus.subscribe(Pinged, remember)
    json_logs_to_current_stderr(monkeypatch)
    capsys.readouterr()
    response = await client.post("/_test/events/gamma", headers={"X-Request-ID": "evt-gamma"})
    assert response.status_code == 201
    assert seen == ["gamma"]
    (failure,) = [
        line
        for line in json_lines(capsys.readouterr().err)
        if line["event"] == "event_handler_failed"
    ]
    assert failure["request_id"] == "evt-gamma"
    assert failure["handler"] == "tests.explode"
    assert failure["event_type"] == "Pinged"
    assert "cannot handle gamma" in json.dumps(failure["exception"])


async def test_a_handler_can_work_in_its_own_unit_of_work_and_publish_in_turn(
    bus: EventBus, client: AsyncClient, tenant: Tenant
) -> None:
    async def relay(event: Pinged) -> None:
        async with bus.unit_of_work(tenant.id) as session:
            publish(session, Ponged(event.name))
            assert seen == []  # not before this unit of work commits

    async def remember(event: Ponged) -> None:
        seen.append(f"pong {event.name}")

    bus.subscribe(Pinged, relay)
    bus.subscribe(Ponged, remember)
    assert (await client.post("/_test/events/delta")).status_code == 201
    assert seen == ["pong delta"]


async def test_a_unit_of_work_that_fails_publishes_nothing(bus: EventBus, tenant: Tenant) -> None:
    async def remember(event: Ponged) -> None:
        seen.append(event.name)

    bus.subscribe(Ponged, remember)

    async def publish_then_fail() -> None:
        async with bus.unit_of_work(tenant.id) as session:
            publish(session, Ponged("never"))
            raise LookupError("gone")

    with pytest.raises(LookupError):
        await publish_then_fail()
    assert seen == []


async def test_signing_up_announces_the_tenant_then_its_owner(
    bus: EventBus, client: AsyncClient
) -> None:
    events: list[object] = []

    async def collect(event: object) -> None:
        events.append(event)

    bus.subscribe(TenantCreated, collect, name="tests.tenants")
    bus.subscribe(UserCreated, collect, name="tests.users")
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "founder@example.com",
            "password": "long enough password",
            "full_name": "Ada Founder",
            "tenant_name": "Founders Inc",
        },
    )
    assert response.status_code == 201
    me = await client.get(
        "/api/v1/users/me",
        headers={"Authorization": f"Bearer {response.json()['access_token']}"},
    )
    tenant_created, user_created = events
    assert isinstance(tenant_created, TenantCreated)
    assert isinstance(user_created, UserCreated)
    assert tenant_created.name == "Founders Inc"
    assert str(tenant_created.tenant_id) == str(user_created.tenant_id) == me.json()["tenant_id"]
    assert str(user_created.user_id) == me.json()["id"]
    assert user_created.roles == ("owner",)
    assert user_created.created_by is None


async def test_adding_a_user_and_changing_roles_are_announced(
    bus: EventBus, client: AsyncClient, owner: User, as_user: AsUser, inbox: Inbox
) -> None:
    events: list[object] = []

    async def collect(event: object) -> None:
        events.append(event)

    bus.subscribe(UserCreated, collect, name="tests.users")
    bus.subscribe(UserRoleChanged, collect, name="tests.roles")
    await client.post(
        "/api/v1/users",
        json={"email": "hire@example.com", "full_name": "New Hire", "roles": ["viewer"]},
        headers=as_user(owner),
    )
    accepted = await client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": inbox.token_for("hire@example.com"), "password": "long enough pw"},
    )
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    user_id = (await client.get("/api/v1/users/me", headers=headers)).json()["id"]
    for roles in (["admin", "member"], ["member", "admin"]):  # the second changes nothing
        response = await client.put(
            f"/api/v1/users/{user_id}/roles", json={"roles": roles}, headers=as_user(owner)
        )
        assert response.status_code == 200
    added, promoted = events
    assert added == UserCreated(
        added.user_id, owner.tenant_id, "hire@example.com", "New Hire", ("viewer",), owner.id
    )
    assert str(added.user_id) == user_id
    assert promoted == UserRoleChanged(
        added.user_id, owner.tenant_id, ("viewer",), ("admin", "member"), changed_by=owner.id
    )


async def test_a_session_opened_without_a_bus_drops_its_events(
    bus: EventBus, db: AsyncSession
) -> None:
    async def remember(event: Pinged) -> None:
        seen.append(event.name)

    bus.subscribe(Pinged, remember)
    publish(db, Pinged("nobody listens"))
    await commit(db)
    assert seen == []
