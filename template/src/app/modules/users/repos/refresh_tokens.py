"""Refresh-token storage. Rotation is one conditional UPDATE, so it is atomic."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import Crossing, set_tenant
from app.modules.users.models import RefreshToken

TENANT_OF_TOKEN = Crossing(
    "app_tenant_of_refresh_token",
    lambda token_hash: select(RefreshToken.tenant_id).where(RefreshToken.token_hash == token_hash),
)
DELETE_EXPIRED = Crossing(
    "app_delete_expired_refresh_tokens",
    lambda before: select(func.count()).select_from(
        delete(RefreshToken)
        .where(RefreshToken.expires_at < before)
        .returning(RefreshToken.id)
        .cte("deleted")
    ),
)


class RefreshTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token: RefreshToken) -> RefreshToken:
        self.session.add(token)
        await self.session.flush()
        return token

    async def claim(self, token_hash: str, now: datetime) -> RefreshToken | None:
        """Mark a live token used and return it; None if it is unknown, used, revoked or expired.

        `UPDATE ... WHERE used_at IS NULL ... RETURNING` takes the row lock: of two concurrent
        refreshes with the same token, exactly one gets the row back.
        """
        if not await self._enter_tenant_of(token_hash):
            return None
        return await self.session.scalar(
            update(RefreshToken)
            .where(
                RefreshToken.token_hash == token_hash,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked_at.is_(None),
                RefreshToken.expires_at > now,
            )
            .values(used_at=now)
            .returning(RefreshToken),
            execution_options={"populate_existing": True},
        )

    async def find(self, token_hash: str) -> RefreshToken | None:
        if not await self._enter_tenant_of(token_hash):
            return None
        return await self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        )

    async def _enter_tenant_of(self, token_hash: str) -> bool:
        """The token, not a session, says whose it is: a crossing names the tenant and the
        session switches to it. False for an unknown token."""
        tenant_id = await TENANT_OF_TOKEN.ask(self.session, token_hash)
        if tenant_id is None:
            return False
        set_tenant(self.session, tenant_id)
        return True

    async def get(self, token_id: UUID) -> RefreshToken | None:
        """A token of the tenant `find` or `claim` already switched the session to."""
        return await self.session.get(RefreshToken, token_id)

    async def link(self, token_id: UUID, replaced_by_id: UUID) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == token_id)
            .values(replaced_by_id=replaced_by_id)
        )

    async def revoke_family(self, family_id: UUID, now: datetime) -> int:
        """A family lives in one tenant: the one `find` or `claim` switched the session to."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
            .returning(RefreshToken.id)
        )
        return len(result.all())

    async def revoke_all_of_user(self, user_id: UUID, now: datetime) -> int:
        result = await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
            .returning(RefreshToken.id)
        )
        return len(result.all())

    async def delete_expired(self, before: datetime) -> int:
        """Housekeeping across all tenants (the cleanup job): a crossing that returns a count."""
        return int(await DELETE_EXPIRED.ask(self.session, before) or 0)
