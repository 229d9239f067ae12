"""Issue, rotate and revoke sign-in sessions (RFC 9700 refresh-token rotation).

A sign-in starts a family of refresh tokens. Each refresh claims the presented token with
one conditional UPDATE (atomic: of two concurrent refreshes, one wins) and issues the next
token of the family. Presenting a token that was already rotated means it was copied:
the whole family is revoked, and that revocation is committed before the request fails.

One exception (RFC 9700 section 4.14.2 allows it): within REFRESH_REUSE_GRACE_SECONDS of
its rotation, a token whose successor is still unused gets that SAME successor again,
with a new access token, so two tabs refreshing at once both stay signed in. No token is
added: the successor is derived from the parent's id and SECRET_KEY
(`AccessTokens.derive_refresh_token`), never stored in the clear. After the window, or
once the successor has been used, a repeat is reuse as before.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import NoReturn
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import AuthSettings
from app.core.audit import AuditAction, AuditService
from app.core.auth import AccessTokens, hash_refresh_token, new_refresh_token
from app.core.database import commit, set_tenant
from app.core.errors import AuthenticationError
from app.core.tenancy import Plan
from app.modules.tenants import TenantService
from app.modules.users.models import RefreshToken, User
from app.modules.users.repos import RefreshTokenRepository

log = structlog.get_logger("app.auth")


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str
    user_id: UUID
    tenant_id: UUID


class SignInTokens:
    def __init__(
        self, session: AsyncSession, access_tokens: AccessTokens, settings: AuthSettings
    ) -> None:
        self.session = session
        self.access_tokens = access_tokens
        self.refresh_lifetime = timedelta(days=settings.refresh_token_expire_days)
        self.reuse_grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)

    @cached_property
    def repo(self) -> RefreshTokenRepository:
        return RefreshTokenRepository(self.session)

    @cached_property
    def audit(self) -> AuditService:
        return AuditService(self.session)

    async def start(self, user: User) -> IssuedTokens:
        """Tokens for a fresh sign-in: a new refresh-token family."""
        tokens, _ = await self._issue(user.id, user.tenant_id, family_id=uuid.uuid4())
        return tokens

    async def rotate(self, presented: str) -> IssuedTokens:
        now = datetime.now(UTC)
        token_hash = hash_refresh_token(presented)
        claimed = await self.repo.claim(token_hash, now)
        if claimed is None:
            return await self._repeat_or_refuse(token_hash, now)
        set_tenant(self.session, claimed.tenant_id)
        tokens, successor = await self._issue(
            claimed.user_id, claimed.tenant_id, claimed.family_id, now, parent_id=claimed.id
        )
        await self.repo.link(claimed.id, successor.id)
        return tokens

    async def _repeat_or_refuse(self, token_hash: str, now: datetime) -> IssuedTokens:
        """The same successor again within the grace window, else the reuse response."""
        token = await self.repo.find(token_hash)
        successor = await self._successor_in_grace(token, now) if token is not None else None
        if token is None or successor is None:
            await self._refuse(token, now)
        raw, successor_hash = self.access_tokens.derive_refresh_token(token.id)
        if successor_hash != successor.token_hash:  # issued under another SECRET_KEY
            await self._refuse(token, now)
        set_tenant(self.session, token.tenant_id)
        plan = await self._active_plan(token.tenant_id)
        return IssuedTokens(
            access_token=self.access_tokens.issue(token.user_id, token.tenant_id, plan=plan),
            expires_in=int(self.access_tokens.lifetime.total_seconds()),
            refresh_token=raw,
            user_id=token.user_id,
            tenant_id=token.tenant_id,
        )

    async def _successor_in_grace(self, token: RefreshToken, now: datetime) -> RefreshToken | None:
        if (
            token.used_at is None
            or token.revoked_at is not None
            or token.replaced_by_id is None
            or now - token.used_at > self.reuse_grace
        ):
            return None
        successor = await self.repo.get(token.replaced_by_id)
        if successor is None or successor.used_at or successor.revoked_at:
            return None
        return successor if successor.expires_at > now else None

    async def revoke(self, presented: str) -> None:
        """Sign out: revoke the presented token's whole family (idempotent)."""
        token = await self.repo.find(hash_refresh_token(presented))
        if token is not None and await self.repo.revoke_family(token.family_id, datetime.now(UTC)):
            await self.audit.log(
                AuditAction.LOGOUT,
                "users",
                token.user_id,
                details={"family_id": token.family_id},
                tenant_id=token.tenant_id,
                actor_id=token.user_id,
            )

    async def revoke_all(self, user_id: UUID) -> int:
        return await self.repo.revoke_all_of_user(user_id, datetime.now(UTC))

    async def _refuse(self, token: RefreshToken | None, now: datetime) -> NoReturn:
        if token is not None and token.expires_at > now and (token.used_at or token.revoked_at):
            revoked = await self.repo.revoke_family(token.family_id, now)
            log.warning(
                "refresh_token_reuse_detected",
                family_id=str(token.family_id),
                user_id=str(token.user_id),
                revoked=revoked,
            )
            await self.audit.log(
                AuditAction.TOKEN_REUSE,
                "users",
                token.user_id,
                details={"family_id": token.family_id, "revoked": revoked},
                tenant_id=token.tenant_id,
            )
            await commit(self.session)  # the revocation must outlive the failing request
        raise AuthenticationError("Invalid or expired refresh token")

    async def _active_plan(self, tenant_id: UUID) -> Plan:
        """The tenant's plan, which rides in the access token so rate limiting needs no
        lookup per request; a suspended tenant's users can neither sign in nor refresh."""
        tenant = await TenantService(self.session).get(tenant_id)
        if not tenant.is_active:
            raise AuthenticationError("The account is inactive")
        return Plan(tenant.plan)

    async def _issue(
        self,
        user_id: UUID,
        tenant_id: UUID,
        family_id: UUID,
        now: datetime | None = None,
        *,
        parent_id: UUID | None = None,
    ) -> tuple[IssuedTokens, RefreshToken]:
        """A new refresh token (random for a sign-in, derived from its parent for a
        rotation) and an access token."""
        now = now or datetime.now(UTC)
        raw, token_hash = (
            new_refresh_token()
            if parent_id is None
            else self.access_tokens.derive_refresh_token(parent_id)
        )
        plan = await self._active_plan(tenant_id)
        stored = await self.repo.add(
            RefreshToken(
                tenant_id=tenant_id,
                user_id=user_id,
                family_id=family_id,
                token_hash=token_hash,
                created_at=now,
                expires_at=now + self.refresh_lifetime,
            )
        )
        tokens = IssuedTokens(
            access_token=self.access_tokens.issue(user_id, tenant_id, plan=plan, now=now),
            expires_in=int(self.access_tokens.lifetime.total_seconds()),
            refresh_token=raw,
            user_id=user_id,
            tenant_id=tenant_id,
        )
        return tokens, stored
