"""user ids are never reused: AUTOINCREMENT on SQLite

SQLite's plain INTEGER PRIMARY KEY hands the id of the newest deleted row to the next insert, so
a new account took over what was keyed on a deleted one (issue 17). PostgreSQL's sequence never
reuses ids: nothing to do there. The table is rebuilt (batch mode); its expression indexes on
lower(login) and lower(email) are not reflected by SQLite, so they are dropped and made again.

Revision ID: limits_user_ids
Revises: perf_cart_line_updated
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'limits_user_ids'
down_revision = 'perf_cart_line_updated'
branch_labels = None
depends_on = None


def _rebuild_user_table(*, autoincrement: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.drop_index('uq_user_email_ci', table_name='user_account')
    op.drop_index('uq_user_login_ci', table_name='user_account')
    with op.batch_alter_table(
        'user_account', recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}
    ):
        pass
    op.create_index('uq_user_login_ci', 'user_account', [sa.text('lower(login)')], unique=True)
    op.create_index('uq_user_email_ci', 'user_account', [sa.text('lower(email)')], unique=True)


def upgrade() -> None:
    _rebuild_user_table(autoincrement=True)


def downgrade() -> None:
    _rebuild_user_table(autoincrement=False)
