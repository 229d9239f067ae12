"""How routes get their services: built per request from the request's session."""

from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.core.auth import AccessTokens, Passwords
from app.core.database import DbSession
from app.modules.users.services import AccountService, SignInTokens, UserService


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


def sign_in_tokens(request: Request, session: DbSession, settings: AppSettings) -> SignInTokens:
    access_tokens: AccessTokens = request.app.state.access_tokens
    return SignInTokens(session, access_tokens, settings.auth)


Tokens = Annotated[SignInTokens, Depends(sign_in_tokens)]


def _passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


def account_service(
    request: Request, session: DbSession, tokens: Tokens, settings: AppSettings
) -> AccountService:
    return AccountService(session, _passwords(request), tokens, settings.auth)


def user_service(
    request: Request, session: DbSession, tokens: Tokens, settings: AppSettings
) -> UserService:
    return UserService(session, _passwords(request), tokens, settings.auth)


Accounts = Annotated[AccountService, Depends(account_service)]
Users = Annotated[UserService, Depends(user_service)]
