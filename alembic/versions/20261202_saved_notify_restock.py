"""a favourite's "tell me when it is back in stock" (issue 13)

Revision ID: saved_notify_restock
Revises: search_word_weight_index
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "saved_notify_restock"
down_revision = "search_word_weight_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("saved_product", sa.Column("notify_restock", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as the other column migrations do.
    op.drop_column("saved_product", "notify_restock")
