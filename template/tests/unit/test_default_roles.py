"""What each default role may do, as documented in app/core/permissions/catalogue.py."""

import pytest

from app.core.permissions import ADMIN, MEMBER, OWNER, VIEWER, default_role_grants

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("role", "permission", "granted"),
    [
        (OWNER, "tenants:delete", True),
        (ADMIN, "tenants:delete", False),
        (ADMIN, "users:delete", True),
        (ADMIN, "roles:assign", True),
        (MEMBER, "users:read", True),
        (MEMBER, "users:delete", False),
        (MEMBER, "users:create", False),
        (MEMBER, "roles:assign", False),
        (MEMBER, "audit:read", False),
        (MEMBER, "projects:delete", True),
        (VIEWER, "users:read", True),
        (VIEWER, "users:update", False),
        (VIEWER, "projects:create", False),
        (VIEWER, "projects:read", True),
        (VIEWER, "audit:read", False),
    ],
)
def test_default_role_grants(role: str, permission: str, granted: bool) -> None:
    resource, action = permission.split(":")
    assert default_role_grants(role, resource, action) is granted
