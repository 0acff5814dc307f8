"""warning source: the department list a warning came from

A warning raised from a department's monthly list (部门筛查预警, ``fangpin dept import``) keeps the
department (``source``: 医保, 民政, 残联, 教育, 住建, 应急, 其他) and the list's date (``source_date``)
as data, so the warnings page and the 预警处置台账 show and filter them. Empty for warnings raised
by what was typed into the app, and for those raised before this revision.

Revision ID: 0019
Revises: 0020
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("warning") as batch_op:
        batch_op.add_column(sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("source_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("warning") as batch_op:
        batch_op.drop_column("source_date")
        batch_op.drop_column("source")
