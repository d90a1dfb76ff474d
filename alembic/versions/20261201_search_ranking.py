"""search ranking: word_part_listing also holds the words of descriptions, each text with its weight
(a word of the name, inside a word of the name, a word of the description), and an index by
product and word for the further words of a search

Revision ID: search_ranking
Revises: user_language
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "search_ranking"
down_revision = "user_language"
branch_labels = None
depends_on = None

_PRODUCTS_AT_ONCE = 2_000


def _create_table(*, weighted: bool) -> None:
    """word_part_listing as of this revision (`weighted`) or the one before."""
    included = ["created_at", "sale_price", "sort_name"] + (["weight"] if weighted else [])
    columns = [
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sale_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("sort_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "word",
            sa.String(length=64).with_variant(sa.String(length=64, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("product_id", sa.Integer(), nullable=False),
    ]
    if weighted:
        columns.append(sa.Column("weight", sa.SmallInteger(), nullable=False))
    op.create_table(
        "word_part_listing",
        *columns,
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("word", "product_id", postgresql_include=included),
        sqlite_with_rowid=False,
    )
    if weighted:
        op.create_index("ix_word_part_listing_product_word", "word_part_listing", ["product_id", "word", "weight"])
    else:
        op.create_index("ix_word_part_listing_product", "word_part_listing", ["product_id"])


def _fill(rows_of: Callable[[str, str], dict[str, int]], *, weighted: bool) -> None:
    """Every active product's rows (the listing is derived data), a few thousand products at a time."""
    connection = op.get_bind()
    names = ["word", "product_id", "created_at", "sale_price", "sort_name"] + (["weight"] if weighted else [])
    table = sa.table("word_part_listing", *[sa.column(name) for name in names])
    last = 0
    while True:
        products = connection.execute(
            sa.text(
                "SELECT id, name, description, created_at, coalesce(discount_price, price) AS sale_price,"
                " search_text FROM product WHERE is_active = :yes AND id > :last ORDER BY id LIMIT :n"
            ),
            {"yes": True, "last": last, "n": _PRODUCTS_AT_ONCE},
        ).all()
        if not products:
            return
        batch = [
            {
                "word": word,
                "product_id": row.id,
                "created_at": row.created_at,
                "sale_price": row.sale_price,
                "sort_name": row.search_text,
                **({"weight": weight} if weighted else {}),
            }
            for row in products
            for word, weight in rows_of(row.name, row.description or "").items()
        ]
        op.bulk_insert(table, batch)
        last = products[-1].id


def upgrade() -> None:
    from store_app.catalog.query import weighted_words

    op.drop_table("word_part_listing")
    _create_table(weighted=True)
    _fill(weighted_words, weighted=True)


def downgrade() -> None:
    from store_app.catalog.query import word_parts

    op.drop_table("word_part_listing")
    _create_table(weighted=False)
    _fill(lambda name, _description: dict.fromkeys(word_parts(name), 0), weighted=False)
