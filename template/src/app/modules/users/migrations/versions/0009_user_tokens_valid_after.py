"""Add users.tokens_valid_after: access tokens issued before it are refused.

Existing users get NULL (no access token of theirs is refused): nothing to backfill.

Revision ID: 0009_user_tokens_valid_after
Revises: 0008_default_grants
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_user_tokens_valid_after"
down_revision: str | Sequence[str] | None = "0008_default_grants"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("users", "tokens_valid_after")
