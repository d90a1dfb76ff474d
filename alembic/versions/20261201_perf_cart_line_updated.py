"""cart lines date their last change

Revision ID: perf_cart_line_updated
Revises: scale_job_lease
Create Date: 2026-12-01

A quantity change then dates itself in the same UPDATE that changes it, so a cart click needs no
write to the cart row (the cart's last change is the latest of its row and its lines).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = 'perf_cart_line_updated'
down_revision = 'scale_job_lease'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cart_line') as batch:
        batch.add_column(sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute('UPDATE cart_line SET updated_at = added_at')
    with op.batch_alter_table('cart_line') as batch:
        batch.alter_column('updated_at', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('cart_line') as batch:
        batch.drop_column('updated_at')
