"""English names of the shop's own words: categories, and attributes' names, units, headings and options

Revision ID: english_names
Revises: saved_notify_restock
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "english_names"
down_revision = "saved_notify_restock"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
COLUMNS = {
    "category": (("name_en", AutoString(length=120)),),
    "attribute": (
        ("name_en", AutoString(length=80)),
        ("unit_en", AutoString(length=20)),
        ("group_en", AutoString(length=60)),
        ("choices_en", AutoString()),
    ),
}


def upgrade() -> None:
    # Rows made before have no English name: "" shows English readers the Russian one, as before.
    for table, columns in COLUMNS.items():
        for name, type_ in columns:
            op.add_column(table, sa.Column(name, type_, nullable=False, server_default=""))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as the other column migrations do.
    for table, columns in COLUMNS.items():
        for name, _type in reversed(columns):
            op.drop_column(table, name)
