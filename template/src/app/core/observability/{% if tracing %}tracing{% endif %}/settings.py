"""Where spans go: OTLP_ENDPOINT, or nowhere (spans still correlate logs and errors).

Only the destination is a setting of ours. The standard OpenTelemetry variables keep
working, e.g. OTEL_EXPORTER_OTLP_HEADERS (collector credentials), OTEL_TRACES_SAMPLER /
OTEL_TRACES_SAMPLER_ARG (sampling) and OTEL_RESOURCE_ATTRIBUTES.
"""

from urllib.parse import urlsplit

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.config import ENV_FILE, SettingsError, describe_errors

TRACES_PATH = "/v1/traces"


class TracingSettings(BaseSettings):
    model_config = ENV_FILE | SettingsConfigDict(env_prefix="OTLP_")

    endpoint: str | None = None

    @field_validator("endpoint")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            msg = "OTLP_ENDPOINT must be an http(s) URL, e.g. http://otel-collector:4318"
            raise ValueError(msg)
        return value.strip()

    @property
    def traces_url(self) -> str | None:
        """The collector's base URL gets the OTLP/HTTP traces path; a full URL is kept."""
        if self.endpoint is None:
            return None
        if urlsplit(self.endpoint).path.strip("/"):
            return self.endpoint
        return self.endpoint.rstrip("/") + TRACES_PATH


def load_tracing_settings() -> TracingSettings:
    try:
        return TracingSettings()
    except ValidationError as exc:
        raise SettingsError("Invalid configuration:\n" + describe_errors(exc, "OTLP_")) from None
