"""Who may see and manage a tenant's users: owners and admins manage, everyone reads."""

from app.core.permissions import ADMIN, CRUD, MEMBER, OWNER, VIEWER, ResourcePermissions

PERMISSIONS = (
    ResourcePermissions(
        "users",
        actions=CRUD,
        grants={OWNER: CRUD, ADMIN: CRUD, MEMBER: ("read",), VIEWER: ("read",)},
    ),
)
