"""User administration and the caller's own profile, under /users.

Reads return rows (`UsersRead`) and writes ORM objects; either way FastAPI validates the
return value into the `response_model` once, straight to JSON.
"""

from typing import Annotated
from uuid import UUID

from app.core.auth import Actor, CurrentActor
from app.core.database.reads import Row
from app.core.pagination import PageContent, PageParams, PaginatedResponse, paginated
from app.core.permissions import require_permission
from app.core.routing import AgencyRouter
from app.modules.users.dependencies import Invitations, Users, UsersRead
from app.modules.users.models import Invitation, User
from app.modules.users.schemas import (
    InvitationRead,
    MeUpdate,
    RolesAssignment,
    UserCreate,
    UserRead,
    UserRoles,
    UserUpdate,
)

router = AgencyRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserRead, summary="Your own profile")
async def read_me(actor: CurrentActor, users: UsersRead) -> Row:
    return await users.get(actor.user_id)


@router.patch("/me", response_model=UserRead, summary="Update your own profile")
async def update_me(changes: MeUpdate, actor: CurrentActor, users: Users) -> User:
    return await users.update_me(actor.user_id, changes)


@router.get("", response_model=PaginatedResponse[UserRead], summary="List the tenant's users")
async def list_users(
    page: PageParams, users: UsersRead, _: Annotated[Actor, require_permission("users", "read")]
) -> PageContent:
    items, total = await users.page(page)
    return paginated(items, total, page)


@router.post(
    "",
    response_model=InvitationRead,
    status_code=202,
    summary="Invite a person to the tenant (they join when they accept the emailed link)",
)
async def create_user(
    data: UserCreate,
    invitations: Invitations,
    actor: Annotated[Actor, require_permission("users", "create")],
) -> Invitation:
    return await invitations.invite(actor, data)


@router.get(
    "/invitations",
    response_model=PaginatedResponse[InvitationRead],
    summary="The tenant's invitations not accepted yet",
)
async def list_invitations(
    page: PageParams,
    invitations: Invitations,
    _: Annotated[Actor, require_permission("users", "read")],
) -> PageContent:
    items, total = await invitations.pending(page)
    return paginated(items, total, page)


@router.get("/{user_id}", response_model=UserRead, summary="Read a user")
async def get_user(
    user_id: UUID, users: UsersRead, _: Annotated[Actor, require_permission("users", "read")]
) -> Row:
    return await users.get(user_id)


@router.patch("/{user_id}", response_model=UserRead, summary="Update a user")
async def update_user(
    user_id: UUID,
    changes: UserUpdate,
    users: Users,
    actor: Annotated[Actor, require_permission("users", "update")],
) -> User:
    return await users.update(actor, user_id, changes)


@router.delete("/{user_id}", response_model=None, status_code=204, summary="Delete a user")
async def delete_user(
    user_id: UUID, users: Users, actor: Annotated[Actor, require_permission("users", "delete")]
) -> None:
    await users.delete(actor, user_id)


@router.get("/{user_id}/roles", response_model=UserRoles, summary="A user's roles")
async def get_user_roles(
    user_id: UUID, users: Users, _: Annotated[Actor, require_permission("roles", "read")]
) -> UserRoles:
    user = await users.get(user_id)
    return UserRoles(user_id=user.id, roles=await users.roles_of(user.id))


@router.put("/{user_id}/roles", response_model=UserRoles, summary="Replace a user's roles")
async def set_user_roles(
    user_id: UUID,
    assignment: RolesAssignment,
    users: Users,
    actor: Annotated[Actor, require_permission("roles", "assign")],
) -> UserRoles:
    roles = await users.set_roles(actor, user_id, assignment.roles)
    return UserRoles(user_id=user_id, roles=roles)
