"""What a tenant's roles may do with the tenant itself; only its owner may delete it."""

from app.core.permissions import ADMIN, MEMBER, OWNER, VIEWER, ResourcePermissions

PERMISSIONS = (
    ResourcePermissions(
        "tenants",
        actions=("read", "update", "delete"),
        grants={
            OWNER: ("read", "update", "delete"),
            ADMIN: ("read", "update"),
            MEMBER: ("read",),
            VIEWER: ("read",),
        },
    ),
)
