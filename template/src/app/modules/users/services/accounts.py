"""Sign-up, sign-in and password changes."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from uuid import UUID

import structlog
from sqlalchemy.exc import IntegrityError

from app.config import AuthSettings
from app.core.audit import AuditAction
from app.core.database import commit, set_tenant
from app.core.errors import (
    AuthenticationError,
    BusinessRuleError,
    ConflictError,
    PermissionDeniedError,
)
from app.modules.users.models import User
from app.modules.users.schemas import LoginRequest, PasswordChange, RegisterRequest
from app.modules.users.services.collaborators import Collaborators
from app.modules.users.services.onboarding import open_tenant
from app.modules.users.services.tokens import IssuedTokens

log = structlog.get_logger("app.auth")

INVALID_CREDENTIALS = "Invalid email or password"
ACCOUNT_EXISTS = "An account with this email already exists"
EMAIL_INDEX = "uq_users_email"


def check_password_policy(password: str, settings: AuthSettings, field: str = "password") -> None:
    if len(password) < settings.password_min_length:
        raise BusinessRuleError(
            f"Passwords need at least {settings.password_min_length} characters",
            errors=[{"field": f"body.{field}", "message": "too short"}],
        )


@contextmanager
def email_still_free(detail: str) -> Iterator[None]:
    """Around the insert of a user whose email the pre-check (`email_taken`) found free.

    The pre-check sees committed users only; a request running alongside may commit the
    same address before this insert, and the unique index refuses it then. That refusal
    is the pre-check's answer, `ConflictError(detail)`, not the generic 409 of a conflict
    nobody anticipated: the client cannot tell which of the two caught it.
    """
    try:
        yield
    except IntegrityError as error:
        if EMAIL_INDEX not in str(error.orig):
            raise
        raise ConflictError(detail) from error


class AccountService(Collaborators):
    async def register(self, request: RegisterRequest) -> IssuedTokens:
        """Create a tenant with its default roles and its first user, its owner."""
        if not self.settings.signup_enabled:
            raise PermissionDeniedError("Public sign-up is disabled")
        check_password_policy(request.password, self.settings)
        if await self.users.email_taken(request.email):
            raise ConflictError(ACCOUNT_EXISTS)
        password_hash = await self.passwords.hash(request.password)
        with email_still_free(ACCOUNT_EXISTS):
            user = await open_tenant(
                self.session,
                tenant_name=request.tenant_name,
                email=request.email,
                full_name=request.full_name,
                password_hash=password_hash,
                signed_in_at=datetime.now(UTC),
            )
        return await self.tokens.start(user)

    async def login(self, request: LoginRequest) -> IssuedTokens:
        """Same answer, in the same time, for an unknown email and a wrong password."""
        user = await self.users.find_by_email_in_any_tenant(request.email)
        valid, upgraded_hash = await self.passwords.verify(
            request.password, user.password_hash if user is not None else None
        )
        if user is None or not valid or not user.is_active:
            reason = "credentials" if not valid else "inactive"
            log.info("login_failed", reason=reason)
            await self._record_failed_login(user, reason)
            raise AuthenticationError(INVALID_CREDENTIALS)
        set_tenant(self.session, user.tenant_id)
        if upgraded_hash:
            user.password_hash = upgraded_hash
        user.last_login_at = datetime.now(UTC)
        await self.audit.log(AuditAction.LOGIN, "users", user.id, actor_id=user.id)
        return await self.tokens.start(user)

    async def _record_failed_login(self, user: User | None, reason: str) -> None:
        """Audit a failed sign-in to an existing account, committed so it outlives the 401.

        An unknown email belongs to no tenant, so it has no audit trail to go to: the
        `login_failed` log line is its record. Both paths commit, so both take about as long.
        """
        if user is not None:
            await self.audit.log(
                AuditAction.LOGIN_FAILED,
                "users",
                user.id,
                details={"reason": reason},
                tenant_id=user.tenant_id,
            )
        await commit(self.session)

    async def change_password(self, user_id: UUID, change: PasswordChange) -> int:
        """Set a new password and end every session of the user; returns sessions ended."""
        user = await self.users.get(user_id)
        if user is None:
            raise AuthenticationError("The account no longer exists")
        valid, _ = await self.passwords.verify(change.current_password, user.password_hash)
        if not valid:
            raise BusinessRuleError(
                "The current password is wrong",
                errors=[{"field": "body.current_password", "message": "does not match"}],
            )
        check_password_policy(change.new_password, self.settings, "new_password")
        user.password_hash = await self.passwords.hash(change.new_password)
        return await self._end_every_session(user)

    async def sign_out_everywhere(self, user_id: UUID) -> int:
        """End every session of the user; returns the refresh tokens revoked."""
        user = await self.users.get(user_id)
        if user is None:
            raise AuthenticationError("The account no longer exists")
        ended = await self._end_every_session(user)
        await self.audit.log(
            AuditAction.LOGOUT, "users", user.id, details={"everywhere": True}, actor_id=user.id
        )
        return ended

    async def _end_every_session(self, user: User) -> int:
        """Refresh tokens revoked, and access tokens issued until now refused (the actor
        carries `tokens_valid_after`, so they stop at their next request, not at expiry)."""
        user.tokens_valid_after = datetime.now(UTC)
        return await self.tokens.revoke_all(user.id)
