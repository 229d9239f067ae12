"""The refresh-token cookie: HTTP-only, scoped to the auth path, Secure outside development."""

from fastapi import Response

from app.config import Settings

REFRESH_COOKIE_PATH = "/api/v1/auth"


def set_refresh_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        settings.auth.refresh_cookie_name,
        token,
        max_age=settings.auth.refresh_token_expire_days * 24 * 3600,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=not settings.app.is_development,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        settings.auth.refresh_cookie_name,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=not settings.app.is_development,
        samesite="strict",
    )
