"""Users: accounts, sign-in sessions and role assignment within a tenant.

Public interface (what other modules may import; enforced by tach.toml).
"""

from app.modules.users.events import InvitationCreated, UserCreated, UserRoleChanged
from app.modules.users.models import User
from app.modules.users.repos import load_actor

__all__ = ["InvitationCreated", "User", "UserCreated", "UserRoleChanged", "load_actor"]
