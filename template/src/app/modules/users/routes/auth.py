"""Sign-up, sign-in and session endpoints under /auth.

Sign-up, sign-in, refresh and accepting an invitation carry the strict per-address budget
of `auth_rate_limit` (RATE_LIMIT_AUTH_*) on top of the global one; both sign-in forms share
one bucket. A password change, which checks the current password, has that budget per user.
"""

from typing import Annotated

from fastapi import Body, Cookie, Depends, Response
from fastapi.exceptions import RequestValidationError
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import ValidationError

from app.core.auth import CurrentActor, clear_refresh_cookie, set_refresh_cookie
from app.core.errors import AuthenticationError
from app.core.rate_limit import auth_rate_limit
from app.core.routing import AgencyRouter
from app.modules.users.dependencies import Accounts, AppSettings, Invitations, Tokens
from app.modules.users.schemas import (
    InvitationAccept,
    LoginRequest,
    PasswordChange,
    RefreshRequest,
    RegisterRequest,
    TokenResponse,
)
from app.modules.users.services import IssuedTokens

router = AgencyRouter(prefix="/auth", tags=["auth"])

FORM_FIELDS = {"email": "username", "password": "password"}
"""`LoginRequest` fields as the OAuth2 password form names them."""

RefreshCookie = Annotated[str | None, Cookie(alias="refresh_token", include_in_schema=False)]


def token_response(
    tokens: IssuedTokens, response: Response, settings: AppSettings
) -> TokenResponse:
    set_refresh_cookie(response, tokens.refresh_token, settings)
    return TokenResponse(access_token=tokens.access_token, expires_in=tokens.expires_in)


def presented_refresh_token(cookie: RefreshCookie, body: RefreshRequest | None) -> str | None:
    return (body.refresh_token if body else None) or cookie


@router.post(
    "/invitations/accept",
    response_model=TokenResponse,
    status_code=201,
    summary="Accept an invitation: join its tenant, and sign in",
    dependencies=[auth_rate_limit("auth:invitation")],
)
async def accept_invitation(
    request: InvitationAccept,
    invitations: Invitations,
    response: Response,
    settings: AppSettings,
) -> TokenResponse:
    return token_response(await invitations.accept(request), response, settings)


@router.post(
    "/register",
    response_model=TokenResponse,
    status_code=201,
    summary="Create a tenant and its owner, and sign in",
    dependencies=[auth_rate_limit("auth:register")],
)
async def register(
    request: RegisterRequest, accounts: Accounts, response: Response, settings: AppSettings
) -> TokenResponse:
    return token_response(await accounts.register(request), response, settings)


@router.post(
    "/login",
    response_model=TokenResponse,
    summary="Sign in with email and password",
    dependencies=[auth_rate_limit("auth:password")],
)
async def login(
    request: LoginRequest, accounts: Accounts, response: Response, settings: AppSettings
) -> TokenResponse:
    return token_response(await accounts.login(request), response, settings)


@router.post(
    "/token",
    response_model=TokenResponse,
    summary="Sign in with the OAuth2 password form (the docs' Authorize button)",
    dependencies=[auth_rate_limit("auth:password")],
)
async def login_form(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    accounts: Accounts,
    response: Response,
    settings: AppSettings,
) -> TokenResponse:
    try:
        credentials = LoginRequest(email=form.username, password=form.password)
    except ValidationError as error:  # the same 422 as /auth/login, named after the form's fields
        raise RequestValidationError(
            [
                {**item, "loc": ("body", FORM_FIELDS.get(str(item["loc"][0]), item["loc"][0]))}
                for item in error.errors(include_url=False)
            ]
        ) from None
    return token_response(await accounts.login(credentials), response, settings)


@router.post(
    "/refresh",
    response_model=TokenResponse,
    summary="Exchange a refresh token for new tokens (the old one stops working)",
    dependencies=[auth_rate_limit("auth:refresh")],
)
async def refresh(
    tokens: Tokens,
    response: Response,
    settings: AppSettings,
    cookie: RefreshCookie = None,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> TokenResponse:
    presented = presented_refresh_token(cookie, body)
    if not presented:
        raise AuthenticationError("Missing refresh token")
    return token_response(await tokens.rotate(presented), response, settings)


@router.post("/logout", response_model=None, status_code=204, summary="Sign out this session")
async def logout(
    tokens: Tokens,
    response: Response,
    settings: AppSettings,
    cookie: RefreshCookie = None,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> None:
    presented = presented_refresh_token(cookie, body)
    if presented:
        await tokens.revoke(presented)
    clear_refresh_cookie(response, settings)


@router.post(
    "/logout-all",
    response_model=None,
    status_code=204,
    summary="Sign out every session (access tokens stop working at once)",
)
async def logout_everywhere(
    actor: CurrentActor, accounts: Accounts, response: Response, settings: AppSettings
) -> None:
    await accounts.sign_out_everywhere(actor.user_id)
    clear_refresh_cookie(response, settings)


@router.post(
    "/password",
    response_model=None,
    status_code=204,
    summary="Change your password (signs out every session)",
    # It checks the current password: guessing it with a stolen token meets the strict budget.
    dependencies=[auth_rate_limit("auth:password-change", by="caller")],
)
async def change_password(
    change: PasswordChange,
    actor: CurrentActor,
    accounts: Accounts,
    response: Response,
    settings: AppSettings,
) -> None:
    await accounts.change_password(actor.user_id, change)
    clear_refresh_cookie(response, settings)
