"""Facts the users module announces; other modules subscribe through `app.modules.users`."""

from dataclasses import dataclass
from datetime import datetime
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
class InvitationCreated:
    """Someone was invited to join a tenant; `accept_url` (INVITATION_ACCEPT_URL with the
    one-time token, whose hash alone is stored) is what the invitation email carries.
    Without the background worker nothing delivers it: subscribe a handler of your own."""

    invitation_id: UUID
    tenant_id: UUID
    email: str
    full_name: str
    accept_url: str
    expires_at: datetime
    invited_by: UUID | None = None

    def __repr__(self) -> str:  # the token never reaches a log line
        return f"InvitationCreated(invitation_id={self.invitation_id!s}, email={self.email!r})"


@dataclass(frozen=True, slots=True)
class UserRoleChanged:
    """A user's set of roles changed; both sets are sorted role names."""

    user_id: UUID
    tenant_id: UUID
    roles_before: tuple[str, ...]
    roles_after: tuple[str, ...]
    changed_by: UUID | None = None
