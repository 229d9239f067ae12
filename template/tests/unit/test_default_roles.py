"""What each system role may do by default, as the modules' `permissions.py` declare it."""

import pytest

from app.core.permissions import (
    ADMIN,
    MEMBER,
    OWNER,
    VIEWER,
    DeclarationError,
    ResourcePermissions,
    catalogue_of,
    grants_of,
)
from app.modules import declared_permissions

pytestmark = pytest.mark.unit

DECLARED = grants_of(d for declarations in declared_permissions().values() for d in declarations)


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
        (VIEWER, "users:read", True),
        (VIEWER, "users:update", False),
        (VIEWER, "audit:read", False),
    ],
)
def test_default_role_grants(role: str, permission: str, granted: bool) -> None:
    resource, action = permission.split(":")
    assert ((role, resource, action) in DECLARED) is granted


def test_the_owner_holds_every_declared_permission() -> None:
    every = {key for d in declared_permissions().values() for key in catalogue_of(d)}
    assert {(resource, action) for role, resource, action in DECLARED if role == OWNER} == every


def test_a_grant_of_an_undeclared_action_is_refused() -> None:
    with pytest.raises(DeclarationError, match="undeclared"):
        ResourcePermissions("notes", actions=("read",), grants={MEMBER: ("read", "delete")})


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(DeclarationError, match="unknown role"):
        ResourcePermissions("notes", actions=("read",), grants={"guest": ("read",)})


def test_a_resource_declared_twice_is_refused() -> None:
    notes = ResourcePermissions("notes", actions=("read",))
    with pytest.raises(DeclarationError, match="twice"):
        catalogue_of([notes, notes])
