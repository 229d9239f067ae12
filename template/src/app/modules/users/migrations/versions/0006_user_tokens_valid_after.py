"""Add users.tokens_valid_after: access tokens issued before it are refused.

Existing users get NULL (no access token of theirs is refused): nothing to backfill.
The revision follows the history's head, which row-level security (an optional feature)
moves, so upgrading any earlier release of either variant applies it.

Revision ID: 0006_user_tokens_valid_after
Revises: 0005_row_level_security (with row-level security) or 0004_audit
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.features import enabled_feature_names

revision: str = "0006_user_tokens_valid_after"
down_revision: str | Sequence[str] | None = (
    "0005_row_level_security" if "postgres_rls" in enabled_feature_names() else "0004_audit"
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("users", "tokens_valid_after")
