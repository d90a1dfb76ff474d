"""search: word_part_listing by (word, weight, product): a text's rows of one weight in product order,
so a search in order of relevance reads a level of it from the index and counts its levels off the index

Revision ID: search_word_weight_index
Revises: facets_catalog_version
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "search_word_weight_index"
down_revision = "facets_catalog_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_word_part_listing_word_weight", "word_part_listing", ["word", "weight", "product_id"])


def downgrade() -> None:
    op.drop_index("ix_word_part_listing_word_weight", table_name="word_part_listing")
