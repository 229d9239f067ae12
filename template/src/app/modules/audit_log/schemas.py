"""Audit-trail response and filter shapes."""

from datetime import UTC, datetime
from typing import Annotated, Any, Self
from uuid import UUID

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def _utc_if_naive(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _date_time_text(value: object) -> object:
    """A date-time as the document promises (ISO 8601); Pydantic alone would also read a
    bare number as Unix time, so `until=0.5` would quietly mean January 1970."""
    if isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit():
        msg = "must be an ISO 8601 date-time, such as 2026-01-31T12:00:00Z"
        raise ValueError(msg)
    return value


Instant = Annotated[
    datetime | None, BeforeValidator(_date_time_text), AfterValidator(_utc_if_naive)
]


class AuditLogRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    actor_id: UUID | None = Field(description="Who acted; empty for anonymous requests")
    action: str
    resource_type: str
    resource_id: str | None
    ip_address: str | None
    user_agent: str | None
    request_id: str | None
    changes: dict[str, Any] | None = Field(
        description='Changed fields as {"field": {"old": x, "new": y}}; secrets redacted'
    )
    details: dict[str, Any] | None
    created_at: datetime


class AuditLogFilters(BaseModel):
    """Every given filter must match; times without a zone are taken as UTC."""

    actor_id: UUID | None = None
    resource_type: str | None = Field(default=None, max_length=100)
    resource_id: str | None = Field(default=None, max_length=100)
    action: str | None = Field(default=None, max_length=50)
    since: Instant = Field(default=None, description="Entries at or after this time")
    until: Instant = Field(default=None, description="Entries before this time")

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Self:
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise ValueError("`since` must be earlier than `until`")
        return self
