"""conflicts kept by the merge for a person to resolve

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("row_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kept_value", sa.JSON(), nullable=True),
        sa.Column("kept_stamp", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("other_value", sa.JSON(), nullable=True),
        sa.Column("other_stamp", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("other_user", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("detected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict") as batch_op:
        batch_op.create_index("ix_conflict_table_name", ["table_name"])
        batch_op.create_index("ix_conflict_row_id", ["row_id"])
        batch_op.create_index("ix_conflict_resolved", ["resolved"])


def downgrade() -> None:
    op.drop_table("conflict")
