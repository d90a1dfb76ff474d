"""catalog attributes, pictures, word parts, saved lists: typed attributes per category, products'
values, the derived facet and word-part listings, each product's gallery, favourites and comparison

Revision ID: catalog_attributes
Revises: mfa_totp
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = "catalog_attributes"
down_revision = "mfa_totp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attribute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("choices", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("group", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attribute", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attribute_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attribute_code"), ["code"], unique=True)

    op.create_table(
        "facet_listing",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("attribute_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("sale_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["attribute_id"], ["attribute.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(
            "category_id", "attribute_id", "value", "product_id", postgresql_include=["sale_price", "number"]
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("facet_listing", schema=None) as batch_op:
        batch_op.create_index("ix_facet_listing_product", ["product_id"], unique=False)

    op.create_table(
        "product_attribute_value",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("attribute_id", sa.Integer(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["attribute_id"], ["attribute.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("product_id", "attribute_id"),
    )
    with op.batch_alter_table("product_attribute_value", schema=None) as batch_op:
        batch_op.create_index(
            "ix_product_attribute_value_attribute_value", ["attribute_id", "value", "product_id"], unique=False
        )


    op.create_table('product_picture',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('product_picture', schema=None) as batch_op:
        batch_op.create_index('ix_product_picture_product_position', ['product_id', 'position'], unique=False)

    op.create_table('word_part_listing',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sale_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('sort_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('word', sa.String(length=64).with_variant(sa.String(length=64, collation='C'), 'postgresql'), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('word', 'product_id', postgresql_include=['created_at', 'sale_price', 'sort_name']),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('word_part_listing', schema=None) as batch_op:
        batch_op.create_index('ix_word_part_listing_product', ['product_id'], unique=False)
    op.create_table('saved_product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_name', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('guest_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('list_name', 'guest_key', 'product_id', name='uq_saved_product_guest'),
    sa.UniqueConstraint('list_name', 'user_id', 'product_id', name='uq_saved_product_user')
    )
    with op.batch_alter_table('saved_product', schema=None) as batch_op:
        batch_op.create_index('ix_saved_product_guest', ['guest_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_product_user_id'), ['user_id'], unique=False)
    # Existing shops: the parts of every active product's name (the listings are derived data).
    _fill_word_parts()


def _fill_word_parts() -> None:
    from store_app.catalog.query import word_parts

    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, name, created_at, coalesce(discount_price, price) AS sale_price, search_text"
            " FROM product WHERE is_active = :yes"
        ),
        {"yes": True},
    ).all()
    table = sa.table(
        'word_part_listing',
        sa.column('word'), sa.column('product_id'), sa.column('created_at'), sa.column('sale_price'), sa.column('sort_name'),
    )
    batch = [
        {"word": part, "product_id": row.id, "created_at": row.created_at, "sale_price": row.sale_price, "sort_name": row.search_text}
        for row in rows
        for part in word_parts(row.name)
    ]
    if batch:
        op.bulk_insert(table, batch)


def downgrade() -> None:
    with op.batch_alter_table('saved_product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_product_user_id'))
        batch_op.drop_index('ix_saved_product_guest')

    op.drop_table('saved_product')
    with op.batch_alter_table('word_part_listing', schema=None) as batch_op:
        batch_op.drop_index('ix_word_part_listing_product')

    op.drop_table('word_part_listing')
    with op.batch_alter_table('product_picture', schema=None) as batch_op:
        batch_op.drop_index('ix_product_picture_product_position')

    op.drop_table('product_picture')
    with op.batch_alter_table("product_attribute_value", schema=None) as batch_op:
        batch_op.drop_index("ix_product_attribute_value_attribute_value")

    op.drop_table("product_attribute_value")
    with op.batch_alter_table("facet_listing", schema=None) as batch_op:
        batch_op.drop_index("ix_facet_listing_product")

    op.drop_table("facet_listing")
    with op.batch_alter_table("attribute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attribute_code"))
        batch_op.drop_index(batch_op.f("ix_attribute_category_id"))

    op.drop_table("attribute")
