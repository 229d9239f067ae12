"""What the users services work with, each built the first time a method needs it.

A request resolves one service and calls one method: a profile read should not build the
refresh-token machinery, nor a sign-in the invitation repository. The services share this
base, so each collaborator is written once and costs nothing until it is used.
"""

from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from app.config import AuthSettings
from app.core.audit import AuditService
from app.core.auth import AccessTokens, Passwords
from app.modules.users.repos import InvitationRepository, RoleRepository, UserRepository
from app.modules.users.services.tokens import SignInTokens


class Collaborators:
    def __init__(
        self,
        session: AsyncSession,
        passwords: Passwords,
        access_tokens: AccessTokens,
        settings: AuthSettings,
    ) -> None:
        self.session = session
        self.passwords = passwords
        self.access_tokens = access_tokens
        self.settings = settings

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.session)

    @cached_property
    def roles(self) -> RoleRepository:
        return RoleRepository(self.session)

    @cached_property
    def invitations(self) -> InvitationRepository:
        return InvitationRepository(self.session)

    @cached_property
    def audit(self) -> AuditService:
        return AuditService(self.session)

    @cached_property
    def tokens(self) -> SignInTokens:
        return SignInTokens(self.session, self.access_tokens, self.settings)
