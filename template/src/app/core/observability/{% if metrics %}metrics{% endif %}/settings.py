"""Who may scrape /metrics: whoever presents METRICS_TOKEN as a bearer token.

Without a token the endpoint does not exist (404), so metrics are never public by
accident. A separate port was the alternative; a token works behind any proxy and with
Prometheus' `authorization: {credentials_file: ...}` scrape setting.
"""

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.config import ENV_FILE, SettingsError, describe_errors

MIN_TOKEN_LENGTH = 32


class MetricsSettings(BaseSettings):
    model_config = ENV_FILE | SettingsConfigDict(env_prefix="METRICS_")

    token: SecretStr | None = None

    @field_validator("token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if len(value.get_secret_value()) < MIN_TOKEN_LENGTH:
            msg = f"METRICS_TOKEN must be at least {MIN_TOKEN_LENGTH} characters (`just secret`)"
            raise ValueError(msg)
        return value


def load_metrics_settings() -> MetricsSettings:
    try:
        return MetricsSettings()
    except ValidationError as exc:
        raise SettingsError("Invalid configuration:\n" + describe_errors(exc, "METRICS_")) from None
