"""login session token nonce

Revision ID: 0008
Revises: limits_mail_masked
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008'
down_revision = 'limits_mail_masked'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sessions started before this revision get an empty nonce, which no token carries: they must log in again.
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('token_nonce', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default='')
        )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.alter_column('token_nonce', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_column('token_nonce')
