"""sync records kept on this device: quarantined changes, rule conflicts, recovery keys

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "quarantinedchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_device_id", _text(36), nullable=False),
        sa.Column("sender_name", _text(40), nullable=False),
        sa.Column("bundle_sequence", sa.Integer(), nullable=False),
        sa.Column("origin_device_id", _text(36), nullable=False),
        sa.Column("origin_seq", sa.Integer(), nullable=False),
        sa.Column("table_name", _text(32), nullable=False),
        sa.Column("row_id", _text(36), nullable=False),
        sa.Column("op", _text(8), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("user_name", _text(40), nullable=False),
        sa.Column("reason", _text(200), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("origin_device_id", "origin_seq"),
    )
    with op.batch_alter_table("quarantinedchange") as batch_op:
        batch_op.create_index("ix_quarantinedchange_sender_device_id", ["sender_device_id"])
        batch_op.create_index("ix_quarantinedchange_received_at", ["received_at"])
    op.create_table(
        "ruleconflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _text(32), nullable=False),
        sa.Column("subject", _text(36), nullable=False),
        sa.Column("description", _text(500), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("detected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolution", _text(200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ruleconflict") as batch_op:
        batch_op.create_index("ix_ruleconflict_subject", ["subject"])
        batch_op.create_index("ix_ruleconflict_resolved", ["resolved"])
    op.create_table(
        "keyescrow",
        sa.Column("device_id", _text(36), nullable=False),
        sa.Column("station_id", _text(36), nullable=False),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )


def downgrade() -> None:
    op.drop_table("keyescrow")
    op.drop_table("ruleconflict")
    op.drop_table("quarantinedchange")
