"""search: a partial index of the words only a description has (word_part_listing rows of weight 1),
which a search's further words are checked against

Revision ID: search_described_index
Revises: search_ranking
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "search_described_index"
down_revision = "search_ranking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_word_part_listing_described",
        "word_part_listing",
        ["word", "product_id"],
        sqlite_where=sa.text("weight = 1"),
        postgresql_where=sa.text("weight = 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_word_part_listing_described", table_name="word_part_listing")
