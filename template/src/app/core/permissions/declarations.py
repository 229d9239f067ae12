"""How a module says what its resources allow and what each system role gets by default.

A module declares `PERMISSIONS` in its own `permissions.py` (found by module discovery):

    PERMISSIONS = (
        ResourcePermissions(
            "invoices",
            actions=("read", "create", "update", "delete", "send"),
            grants={
                OWNER: ("read", "create", "update", "delete", "send"),
                ADMIN: ("read", "create", "update", "delete", "send"),
                MEMBER: ("read",),
                VIEWER: ("read",),
            },
        ),
    )

Migrations turn these declarations into rows (the `permissions` catalogue, the
`default_grants` that new tenants' roles copy, and the grants of existing tenants), so a
change to a grant ships as a data migration: `just permissions-migration`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

OWNER, ADMIN, MEMBER, VIEWER = "owner", "admin", "member", "viewer"
SYSTEM_ROLES: dict[str, str] = {
    OWNER: "Full control of the tenant",
    ADMIN: "Manages users, roles and settings",
    MEMBER: "Works with the tenant's data",
    VIEWER: "Read-only access",
}
"""The roles every tenant starts with, and their descriptions."""

CRUD = ("read", "create", "update", "delete")

Grant = tuple[str, str, str]
"""(role, resource, action)"""


class DeclarationError(ValueError):
    """A permission declaration names an unknown role or action."""


@dataclass(frozen=True, slots=True)
class ResourcePermissions:
    """One resource's actions, and which of them each system role holds by default."""

    resource: str
    actions: tuple[str, ...]
    grants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for role, actions in self.grants.items():
            if role not in SYSTEM_ROLES:
                raise DeclarationError(f"{self.resource}: unknown role {role!r}")
            unknown = set(actions) - set(self.actions)
            if unknown:
                raise DeclarationError(f"{self.resource}: {role} granted undeclared {unknown}")

    def keys(self) -> list[tuple[str, str]]:
        return [(self.resource, action) for action in self.actions]

    def default_grants(self) -> set[Grant]:
        return {
            (role, self.resource, action)
            for role, actions in self.grants.items()
            for action in actions
        }


def catalogue_of(declarations: Iterable[ResourcePermissions]) -> set[tuple[str, str]]:
    """Every (resource, action) pair; a resource declared twice is an error."""
    seen: set[str] = set()
    keys: set[tuple[str, str]] = set()
    for declaration in declarations:
        if declaration.resource in seen:
            raise DeclarationError(f"{declaration.resource} is declared twice")
        seen.add(declaration.resource)
        keys.update(declaration.keys())
    return keys


def grants_of(declarations: Iterable[ResourcePermissions]) -> set[Grant]:
    return {grant for declaration in declarations for grant in declaration.default_grants()}
