"""form versions: questionnaire forms installed by the county, synchronised down

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "formversion",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("created_hlc", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("updated_hlc", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("field_stamps", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("form_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("xlsx_base64", sa.Text(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=False),
        sa.Column("installed_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("formversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_formversion_form_id"), ["form_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_formversion_updated_hlc"), ["updated_hlc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("formversion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_formversion_updated_hlc"))
        batch_op.drop_index(batch_op.f("ix_formversion_form_id"))
    op.drop_table("formversion")
