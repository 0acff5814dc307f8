"""the base value of a field conflict, who made the kept value; a decision on refused changes

A field conflict keeps the value both edits were made on (``base_value``, ``base_stamp``) and who
made the value kept (``kept_user``), so the station sees base, one side and the other. A
quarantined change records whether the station released or discarded it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("conflict") as batch_op:
        batch_op.add_column(sa.Column("kept_user", _text(40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("base_value", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("base_stamp", _text(32), nullable=False, server_default=""))
    with op.batch_alter_table("quarantinedchange") as batch_op:
        batch_op.add_column(sa.Column("status", _text(16), nullable=False, server_default="held"))
        batch_op.add_column(sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("decided_by", _text(40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("quarantinedchange") as batch_op:
        batch_op.drop_column("decided_by")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("status")
    with op.batch_alter_table("conflict") as batch_op:
        batch_op.drop_column("base_stamp")
        batch_op.drop_column("base_value")
        batch_op.drop_column("kept_user")
