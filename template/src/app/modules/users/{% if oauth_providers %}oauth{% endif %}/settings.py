"""The OAuth settings group: where signed-in browsers go and how long a sign-in may take.

Each provider reads its own credentials (`GOOGLE_CLIENT_ID`, ...) next to its code in
`providers/`; a provider without credentials is simply not offered.
"""

from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.config import ENV_FILE, SettingsError, describe_errors


def _absolute_http_url(value: str, name: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.fragment:
        msg = f"{name} must be an absolute http(s) URL without a #fragment"
        raise ValueError(msg)
    return value


class OAuthSettings(BaseSettings):
    model_config = ENV_FILE | SettingsConfigDict(env_prefix="OAUTH_")

    frontend_redirect_url: str = Field(
        default="http://localhost:3000/auth/callback",
        description="Where the browser lands after signing in (access token in the #fragment)",
    )
    callback_base_url: str = Field(
        default="",
        description="Public base URL of this API for the providers' callbacks; "
        "empty: taken from the request",
    )
    state_ttl_seconds: int = Field(default=600, ge=60, le=3600)
    http_timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("frontend_redirect_url")
    @classmethod
    def _frontend_url(cls, value: str) -> str:
        return _absolute_http_url(value, "OAUTH_FRONTEND_REDIRECT_URL")

    @field_validator("callback_base_url")
    @classmethod
    def _callback_base(cls, value: str) -> str:
        return _absolute_http_url(value, "OAUTH_CALLBACK_BASE_URL").rstrip("/") if value else ""


def require_public_urls(oauth: OAuthSettings, environment: str) -> None:
    """Outside development the access token travels to the frontend's URL (https only),
    and the callback URL must not be built from the request's Host header, which any
    client sets (TRUSTED_HOSTS=* accepts every one)."""
    if urlsplit(oauth.frontend_redirect_url).scheme != "https":
        raise SettingsError(
            "Invalid configuration:\n  OAUTH_FRONTEND_REDIRECT_URL: must be an https URL when "
            f"ENVIRONMENT={environment} and a provider is configured "
            f"(got {oauth.frontend_redirect_url})"
        )
    if not oauth.callback_base_url:
        raise SettingsError(
            "Invalid configuration:\n  OAUTH_CALLBACK_BASE_URL: must be set to this API's "
            f"public URL when ENVIRONMENT={environment} and a provider is configured"
        )


def load_settings[Group: BaseSettings](group: type[Group]) -> Group:
    """Read one settings group from the environment; a bad value stops start-up, named."""
    try:
        return group()
    except ValidationError as exc:
        prefix = str(group.model_config.get("env_prefix", "")).upper()
        raise SettingsError("Invalid configuration:\n" + describe_errors(exc, prefix)) from None
