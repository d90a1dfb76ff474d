"""the shopper's language on the account, so mails follow it (issue 12)

Revision ID: user_language
Revises: email_change
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "user_language"
down_revision = "email_change"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Accounts made before the switch existed were used in Russian, the shop's default.
    op.add_column(
        "user_account",
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False, server_default="ru"),
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would lose its expression indexes.
    op.drop_column("user_account", "language")
