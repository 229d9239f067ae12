"""Authentication: passwords, tokens, and the dependencies that identify the caller."""

from app.core.auth.cookies import REFRESH_COOKIE_PATH, clear_refresh_cookie, set_refresh_cookie
from app.core.auth.dependencies import (
    TOKEN_URL,
    ActorLoader,
    CurrentActor,
    CurrentPrincipal,
    current_actor,
    current_principal,
)
from app.core.auth.passwords import Passwords
from app.core.auth.principal import Actor, Principal
from app.core.auth.tokens import (
    AccessTokens,
    InvalidTokenError,
    hash_refresh_token,
    new_refresh_token,
)

__all__ = [
    "REFRESH_COOKIE_PATH",
    "TOKEN_URL",
    "AccessTokens",
    "Actor",
    "ActorLoader",
    "CurrentActor",
    "CurrentPrincipal",
    "InvalidTokenError",
    "Passwords",
    "Principal",
    "clear_refresh_cookie",
    "current_actor",
    "current_principal",
    "hash_refresh_token",
    "new_refresh_token",
    "set_refresh_cookie",
]
