"""Business logic of the users module."""

from app.modules.users.services.accounts import AccountService, check_password_policy
from app.modules.users.services.invitations import InvitationService
from app.modules.users.services.tokens import IssuedTokens, SignInTokens
from app.modules.users.services.users import UserService

__all__ = [
    "AccountService",
    "InvitationService",
    "IssuedTokens",
    "SignInTokens",
    "UserService",
    "check_password_policy",
]
