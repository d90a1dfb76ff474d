"""mail: masked copies of messages that carry a secret; old delivered ones redacted

Messages queued before this revision have no masked copy: those that carry an activation link or
a reset code and are no longer waiting for delivery lose their text now (issue 9 §3).

Revision ID: limits_mail_masked
Revises: limits_user_ids
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'limits_mail_masked'
down_revision = 'limits_user_ids'
branch_labels = None
depends_on = None

REDACTED = '(redacted: this message carried a secret)'


def upgrade() -> None:
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('masked_text_body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('masked_html_body', sa.Text(), nullable=True))
    op.execute(
        sa.text(
            "UPDATE mail_message SET text_body = :redacted, html_body = '', masked_text_body = :redacted, "
            "masked_html_body = '' WHERE template IN ('activation', 'password_reset_code') AND status != 'pending'"
        ).bindparams(redacted=REDACTED)
    )


def downgrade() -> None:
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.drop_column('masked_html_body')
        batch_op.drop_column('masked_text_body')
