"""Inviting people into a tenant, and accepting an invitation.

An admin names an address; that creates an invitation, never an account, so the address
still belongs to nobody: its owner can sign up for a tenant of their own, and a provider
sign-in never lands in the inviting tenant. The answer to the admin is the same whether
or not the address has an account elsewhere. The invitee proves they read the email by
presenting its one-time token (only its SHA-256 is stored), then chooses a password, or
none to sign in through an identity provider whose verified email is the invited one.

One person, one tenant: an email address signs in to exactly one account. An invitation
to an address that has an account elsewhere is refused when it is accepted, to the
invitee alone (see docs/auth.md).
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from urllib.parse import urlencode

from app.core.auth import Actor
from app.core.errors import BusinessRuleError, ConflictError
from app.core.events import publish
from app.core.pagination import Page
from app.modules.users.events import InvitationCreated, UserCreated
from app.modules.users.models import Invitation, User
from app.modules.users.schemas import InvitationAccept, UserCreate
from app.modules.users.services.accounts import check_password_policy, email_still_free
from app.modules.users.services.collaborators import Collaborators
from app.modules.users.services.roles import grantable_roles, record_role_change
from app.modules.users.services.tokens import IssuedTokens

PROVIDERS_PACKAGE = "app.modules.users.oauth"
SIGN_IN_INSTEAD = "An account with this email address exists: sign in with it"


class InvitationInvalidError(BusinessRuleError):
    """Unknown, used and expired tokens get the same answer."""

    status = 400
    code = "invitation-invalid"
    title = "Invitation Invalid"


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def accept_url(base: str, token: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{urlencode({'token': token})}"


class InvitationService(Collaborators):
    async def invite(self, actor: Actor, data: UserCreate) -> Invitation:
        """Invite `data.email` into the actor's tenant; a pending invitation is replaced."""
        if await self.users.in_this_tenant_with_email(data.email) is not None:
            raise ConflictError("This person is already a member of the tenant")
        roles = await grantable_roles(self.roles, actor, data.roles)
        await self.invitations.withdraw_pending(data.email)
        token = secrets.token_urlsafe(32)
        invitation = await self.invitations.add(
            Invitation(
                email=data.email,
                full_name=data.full_name.strip(),
                roles=sorted(role.name for role in roles),
                token_hash=hash_invitation_token(token),
                invited_by=actor.user_id,
                expires_at=datetime.now(UTC)
                + timedelta(hours=self.settings.invitation_expire_hours),
            )
        )
        publish(
            self.session,
            InvitationCreated(
                invitation.id,
                invitation.tenant_id,
                invitation.email,
                invitation.full_name,
                accept_url(self.settings.invitation_accept_url, token),
                invitation.expires_at,
                invited_by=actor.user_id,
            ),
        )
        return invitation

    async def pending(self, page: Page) -> tuple[list[Invitation], int]:
        return await self.invitations.pending(page)

    async def accept(self, request: InvitationAccept) -> IssuedTokens:
        """Turn the invitation into a user of its tenant, signed in; the token dies."""
        if request.password is not None:
            check_password_policy(request.password, self.settings)
        elif find_spec(PROVIDERS_PACKAGE) is None:
            raise BusinessRuleError(
                "Choose a password: this service has no identity provider to sign in with",
                errors=[{"field": "body.password", "message": "required"}],
            )
        invitation = await self.invitations.claim(
            hash_invitation_token(request.token), datetime.now(UTC)
        )
        if invitation is None:
            raise InvitationInvalidError("This invitation is unknown, used or expired")
        if await self.users.email_taken(invitation.email):
            raise ConflictError(SIGN_IN_INSTEAD)
        password_hash = await self.passwords.hash(request.password) if request.password else None
        with email_still_free(SIGN_IN_INSTEAD):
            user = await self.users.add(
                User(
                    email=invitation.email,
                    full_name=request.full_name or invitation.full_name,
                    password_hash=password_hash,
                )
            )
        roles = await self.roles.by_names(invitation.roles)  # a role deleted since is skipped
        await self.roles.replace_user_roles(user.id, roles)
        granted = sorted(role.name for role in roles)
        # The inviter chose the roles (and was allowed to grant them): the grant is theirs.
        await record_role_change(self.audit, user.id, [], granted, actor_id=invitation.invited_by)
        publish(
            self.session,
            UserCreated(
                user.id,
                user.tenant_id,
                user.email,
                user.full_name,
                roles=tuple(granted),
                created_by=invitation.invited_by,
            ),
        )
        return await self.tokens.start(user)
