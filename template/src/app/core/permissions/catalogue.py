"""The core permission catalogue and what each default role may do.

| role   | may                                                                  |
| ------ | -------------------------------------------------------------------- |
| owner  | everything, including deleting the tenant                            |
| admin  | everything except `tenants:delete`                                   |
| member | read everything but the audit log; full use of module resources      |
|        | (e.g. `projects:*`), no user, role or tenant administration          |
| viewer | read everything but the audit log                                    |

Module resources are every resource not listed in `CORE_PERMISSIONS`: a module added
with `just new-module` inserts its permissions in its migration, and the rules below grant
them to each tenant's default roles without further code.
"""

from collections.abc import Callable

CORE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "tenants": ("read", "update", "delete"),
    "users": ("read", "create", "update", "delete"),
    "roles": ("read", "assign"),
    "audit": ("read",),
}

OWNER, ADMIN, MEMBER, VIEWER = "owner", "admin", "member", "viewer"


def _owner(_resource: str, _action: str) -> bool:
    return True


def _admin(resource: str, action: str) -> bool:
    return (resource, action) != ("tenants", "delete")


def _viewer(resource: str, action: str) -> bool:
    return action == "read" and resource != "audit"


def _member(resource: str, action: str) -> bool:
    return _viewer(resource, action) or resource not in CORE_PERMISSIONS


DEFAULT_ROLES: dict[str, tuple[str, Callable[[str, str], bool]]] = {
    OWNER: ("Full control of the tenant", _owner),
    ADMIN: ("Manages users, roles and settings", _admin),
    MEMBER: ("Works with the tenant's data", _member),
    VIEWER: ("Read-only access", _viewer),
}


def default_role_grants(role: str, resource: str, action: str) -> bool:
    return DEFAULT_ROLES[role][1](resource, action)


def core_permission_keys() -> list[tuple[str, str]]:
    return [
        (resource, action) for resource, actions in CORE_PERMISSIONS.items() for action in actions
    ]
