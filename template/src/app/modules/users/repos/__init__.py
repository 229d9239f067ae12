"""Data access of the users module, one repository per aggregate."""

from app.modules.users.repos.actors import load_actor
from app.modules.users.repos.invitations import InvitationRepository
from app.modules.users.repos.refresh_tokens import RefreshTokenRepository
from app.modules.users.repos.roles import RoleRepository
from app.modules.users.repos.users import UserRepository

__all__ = [
    "InvitationRepository",
    "RefreshTokenRepository",
    "RoleRepository",
    "UserRepository",
    "load_actor",
]
