"""facets: catalog_version, one row whose number every catalog write moves on in its own transaction,
so each worker tells at once that its facet index and kept counts are stale

Revision ID: facets_catalog_version
Revises: search_described_index
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "facets_catalog_version"
down_revision = "search_described_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "catalog_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("catalog_version")
