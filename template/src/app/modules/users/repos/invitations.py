"""Invitations to join a tenant. Accepting one is a single conditional UPDATE: atomic."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import Crossing, set_tenant
from app.core.pagination import Page, fetch_page
from app.modules.users.models import Invitation

TENANT_OF_INVITATION = Crossing(
    "app_tenant_of_invitation",
    lambda token_hash: select(Invitation.tenant_id).where(Invitation.token_hash == token_hash),
)


class InvitationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, invitation: Invitation) -> Invitation:
        self.session.add(invitation)
        await self.session.flush()
        return invitation

    async def withdraw_pending(self, email: str) -> None:
        """Delete the tenant's unaccepted invitations of `email` (through the unit of work,
        so the audit trail sees them go)."""
        pending = await self.session.scalars(
            select(Invitation).where(Invitation.email == email, Invitation.accepted_at.is_(None))
        )
        for invitation in pending:
            await self.session.delete(invitation)
        await self.session.flush()

    async def pending(self, page: Page) -> tuple[list[Invitation], int]:
        statement = (
            select(Invitation)
            .where(Invitation.accepted_at.is_(None))
            .order_by(Invitation.created_at, Invitation.id)
        )
        return await fetch_page(self.session, statement, page)

    async def claim(self, token_hash: str, now: datetime) -> Invitation | None:
        """Mark a live invitation accepted and return it; None if it is unknown, accepted or
        expired. The token, not a session, says which tenant it is in: a crossing names it
        and the session switches to it. Of two concurrent claims, one gets the row."""
        tenant_id = await TENANT_OF_INVITATION.ask(self.session, token_hash)
        if tenant_id is None:
            return None
        set_tenant(self.session, tenant_id)
        return await self.session.scalar(
            update(Invitation)
            .where(
                Invitation.token_hash == token_hash,
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > now,
            )
            .values(accepted_at=now)
            .returning(Invitation),
            execution_options={"populate_existing": True},
        )
