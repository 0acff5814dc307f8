"""device keys for signing and receiving sync bundles

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("signing_key", "agreement_key", "signing_private", "agreement_private")


def upgrade() -> None:
    # Keys for an existing device are made when it is next opened (app/services/identity.py).
    with op.batch_alter_table("device") as batch_op:
        for name in _COLUMNS:
            batch_op.add_column(sa.Column(name, sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch_op:
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)
