"""Facts the users module announces; other modules subscribe through `app.modules.users`."""

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class UserCreated:
    """A user joined a tenant: by signing up (`created_by` is None) or added by an admin."""

    user_id: UUID
    tenant_id: UUID
    email: str
    full_name: str
    roles: tuple[str, ...]
    created_by: UUID | None = None


@dataclass(frozen=True, slots=True)
class UserRoleChanged:
    """A user's set of roles changed; both sets are sorted role names."""

    user_id: UUID
    tenant_id: UUID
    roles_before: tuple[str, ...]
    roles_after: tuple[str, ...]
    changed_by: UUID | None = None
