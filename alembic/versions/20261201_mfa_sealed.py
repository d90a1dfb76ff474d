"""two-factor secrets sealed at rest; recovery codes waiting to be shown

Revision ID: mfa_sealed
Revises: catalog_attributes
Create Date: 2026-12-01

Existing secrets are sealed here with the install's SECRET_KEY (the key the shop runs with), so no
row keeps a secret in clear after the upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store_app.core.sealed import is_sealed, seal, unseal

revision = "mfa_sealed"
down_revision = "catalog_attributes"
branch_labels = None
depends_on = None

# The same purpose and binding as store_app.accounts.mfa.service (copied: a migration must not change
# when the service does).
PURPOSE = "mfa secret"


def upgrade() -> None:
    with op.batch_alter_table("mfa_secret") as batch:
        batch.alter_column(
            "secret",
            type_=sqlmodel.sql.sqltypes.AutoString(length=255),
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_nullable=False,
        )
        batch.add_column(sa.Column("codes_sealed", sqlmodel.sql.sqltypes.AutoString(length=1024), nullable=True))
        batch.add_column(sa.Column("codes_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT user_id, secret FROM mfa_secret")).all()
    for user_id, secret in rows:
        if not is_sealed(secret):
            connection.execute(
                sa.text("UPDATE mfa_secret SET secret = :sealed WHERE user_id = :user_id"),
                {"sealed": seal(secret, purpose=PURPOSE, bound_to=f"user:{user_id}"), "user_id": user_id},
            )


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT user_id, secret FROM mfa_secret")).all()
    for user_id, secret in rows:
        opened = unseal(secret, purpose=PURPOSE, bound_to=f"user:{user_id}")
        if opened is None:
            connection.execute(sa.text("DELETE FROM mfa_secret WHERE user_id = :user_id"), {"user_id": user_id})
        else:
            connection.execute(
                sa.text("UPDATE mfa_secret SET secret = :secret WHERE user_id = :user_id"),
                {"secret": opened, "user_id": user_id},
            )
    with op.batch_alter_table("mfa_secret") as batch:
        batch.drop_column("codes_until")
        batch.drop_column("codes_sealed")
        batch.alter_column(
            "secret",
            type_=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
            existing_nullable=False,
        )
