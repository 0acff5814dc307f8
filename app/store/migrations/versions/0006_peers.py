"""peers: the devices a device exchanges bundles with

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "peer",
        sa.Column("device_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("acknowledged", sa.JSON(), nullable=False),
        sa.Column("sent_sequence", sa.Integer(), nullable=False),
        sa.Column("received_sequence", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )


def downgrade() -> None:
    op.drop_table("peer")
