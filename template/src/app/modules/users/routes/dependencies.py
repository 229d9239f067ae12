"""How routes get their services: built per request from the request's session.

A service factory takes the request and the session and reads the rest from `app.state`
itself: every dependency FastAPI resolves costs it tens of microseconds per request, and
the services sit on the hottest routes.
"""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.core.auth import AccessTokens, Passwords
from app.core.database import DbSession
from app.modules.users.services import (
    AccountService,
    InvitationService,
    SignInTokens,
    UserService,
)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


def _sign_in_tokens(request: Request, session: AsyncSession) -> SignInTokens:
    access_tokens: AccessTokens = request.app.state.access_tokens
    settings: Settings = request.app.state.settings
    return SignInTokens(session, access_tokens, settings.auth)


async def sign_in_tokens(request: Request, session: DbSession) -> SignInTokens:
    return _sign_in_tokens(request, session)


Tokens = Annotated[SignInTokens, Depends(sign_in_tokens)]


def _passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


async def account_service(request: Request, session: DbSession) -> AccountService:
    settings: Settings = request.app.state.settings
    tokens = _sign_in_tokens(request, session)
    return AccountService(session, _passwords(request), tokens, settings.auth)


async def user_service(request: Request, session: DbSession) -> UserService:
    settings: Settings = request.app.state.settings
    tokens = _sign_in_tokens(request, session)
    return UserService(session, _passwords(request), tokens, settings.auth)


async def invitation_service(request: Request, session: DbSession) -> InvitationService:
    settings: Settings = request.app.state.settings
    tokens = _sign_in_tokens(request, session)
    return InvitationService(session, _passwords(request), tokens, settings.auth)


Accounts = Annotated[AccountService, Depends(account_service)]
Invitations = Annotated[InvitationService, Depends(invitation_service)]
Users = Annotated[UserService, Depends(user_service)]
