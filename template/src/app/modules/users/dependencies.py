"""The users module's route dependencies: its services and reads, built per request.

Every module keeps its dependency factories here, in `dependencies.py`, next to the
`Annotated` names its routes use (`just new-module` writes one too). A factory takes the
request and, for services, the session, and reads the process-wide objects from
`app.state` itself: each dependency FastAPI resolves costs it some microseconds per
request. Services build their collaborators when a method first needs them.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.core.auth import CurrentActor
from app.core.database import DbSession
from app.core.resources import Resources
from app.modules.users.reads import UserReads
from app.modules.users.services import (
    AccountService,
    InvitationService,
    SignInTokens,
    UserService,
)


def settings_of(request: Request) -> Settings:
    """The settings `create_app()` was given (tests give their own), not the environment's."""
    settings: Settings = request.app.state.settings
    return settings


async def app_settings(request: Request) -> Settings:
    return settings_of(request)


AppSettings = Annotated[Settings, Depends(app_settings)]


async def sign_in_tokens(request: Request, session: DbSession) -> SignInTokens:
    return SignInTokens(session, request.app.state.access_tokens, settings_of(request).auth)


async def account_service(request: Request, session: DbSession) -> AccountService:
    state = request.app.state
    return AccountService(session, state.passwords, state.access_tokens, settings_of(request).auth)


async def user_service(request: Request, session: DbSession) -> UserService:
    state = request.app.state
    return UserService(session, state.passwords, state.access_tokens, settings_of(request).auth)


async def invitation_service(request: Request, session: DbSession) -> InvitationService:
    state = request.app.state
    return InvitationService(
        session, state.passwords, state.access_tokens, settings_of(request).auth
    )


async def user_reads(request: Request, actor: CurrentActor) -> UserReads:
    """Reads in the confirmed actor's tenant, with no session at all."""
    resources: Resources = request.app.state.resources
    return UserReads(resources.reads, actor.tenant_id)


Accounts = Annotated[AccountService, Depends(account_service)]
Invitations = Annotated[InvitationService, Depends(invitation_service)]
Tokens = Annotated[SignInTokens, Depends(sign_in_tokens)]
Users = Annotated[UserService, Depends(user_service)]
UsersRead = Annotated[UserReads, Depends(user_reads)]
