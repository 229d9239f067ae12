"""Request and response shapes of the users and auth endpoints."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from app.core.text import Label, Name


def _casefold(value: str) -> str:
    return value.strip().casefold()


Email = Annotated[EmailStr, AfterValidator(_casefold)]
Password = Annotated[str, Field(min_length=8, max_length=128)]
FullName = Name


class Strict(BaseModel):
    """A request body: unknown fields refused, and no type coercion (`"is_active": 0` is
    an error, not False), so the API accepts exactly what its document describes."""

    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterRequest(Strict):
    email: Email
    password: Password
    full_name: FullName
    tenant_name: FullName


class LoginRequest(Strict):
    email: Email
    password: str = Field(min_length=1, max_length=128)


class RefreshRequest(Strict):
    refresh_token: str | None = Field(
        default=None, description="For non-browser clients; browsers send the HTTP-only cookie"
    )


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: Password


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int = Field(description="Seconds until the access token expires")


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    tenant_id: UUID
    email: str
    full_name: str
    is_active: bool
    is_superuser: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class UserCreate(Strict):
    """A person to invite: they become a user when they accept the emailed invitation."""

    email: Email
    full_name: FullName
    roles: list[Label] = Field(default_factory=lambda: ["member"], max_length=20)


class InvitationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    tenant_id: UUID
    email: str
    full_name: str
    roles: list[str]
    invited_by: UUID | None
    expires_at: datetime
    created_at: datetime


class InvitationAccept(Strict):
    token: str = Field(min_length=1, max_length=128, description="From the invitation email")
    password: Password | None = Field(
        default=None,
        description="Omit to sign in only through an identity provider (when one is set up)",
    )
    full_name: FullName | None = Field(default=None, description="Replaces the invited name")


class UserUpdate(Strict):
    full_name: FullName | None = None
    is_active: bool | None = None


class MeUpdate(Strict):
    full_name: FullName | None = None


class RoleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    description: str
    is_system: bool
    permissions: list[str] = Field(default_factory=list)


class RolesAssignment(Strict):
    roles: list[Label] = Field(
        min_length=1, max_length=20, description="Role names, e.g. ['admin']"
    )


class UserRoles(BaseModel):
    user_id: UUID
    roles: list[str]
