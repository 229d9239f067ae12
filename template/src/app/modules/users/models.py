"""Users, their linked OAuth accounts and their refresh tokens."""

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import Base, TenantMixin, TimestampMixin, UUIDMixin


class User(UUIDMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "users"
    __audit__ = True
    __audit_redact__: ClassVar[frozenset[str]] = frozenset({"password_hash"})
    # Login events and ended sessions have audit entries of their own (login, logout, ...).
    __audit_ignore__: ClassVar[frozenset[str]] = frozenset({"last_login_at", "tokens_valid_after"})
    # What a cached actor is made of: deactivating, promoting or deleting a user ends it,
    # and so does moving `tokens_valid_after` (a password change, signing out everywhere).
    __actor_source__: ClassVar[frozenset[str]] = frozenset(
        {"is_active", "is_superuser", "tokens_valid_after"}
    )

    # Stored case-folded; unique across all tenants (an email signs in to one tenant).
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: OAuth-only user
    full_name: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True, server_default="true")
    is_superuser: Mapped[bool] = mapped_column(default=False, server_default="false")
    last_login_at: Mapped[datetime | None]
    # Access tokens issued before this instant are refused (None: none are).
    tokens_valid_after: Mapped[datetime | None]


class OAuthAccount(UUIDMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "oauth_accounts"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))


class RefreshToken(UUIDMixin, TenantMixin, Base):
    """One link in a rotation chain; every rotation of a login shares its `family_id`."""

    __tablename__ = "refresh_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("refresh_tokens.id", ondelete="SET NULL")
    )


class Invitation(UUIDMixin, TimestampMixin, TenantMixin, Base):
    """An offer to join a tenant, sent to an email address; not an account until accepted.

    Only the SHA-256 of its one-time token is stored. Accepting it (once, before
    `expires_at`) creates the user; until then the address belongs to nobody here, so it
    can still sign up for a tenant of its own.
    """

    __tablename__ = "invitations"
    __audit__ = True
    __audit_redact__: ClassVar[frozenset[str]] = frozenset({"token_hash"})

    email: Mapped[str] = mapped_column(String(320), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
