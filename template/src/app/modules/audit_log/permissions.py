"""The audit trail is for the people who run the tenant: owners and admins."""

from app.core.permissions import ADMIN, OWNER, ResourcePermissions

PERMISSIONS = (
    ResourcePermissions("audit", actions=("read",), grants={OWNER: ("read",), ADMIN: ("read",)}),
)
