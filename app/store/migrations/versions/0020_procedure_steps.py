"""procedure steps: 承诺授权书, 结果公告 period, fast track

The procedure gains 信息比对 and 结果公告 and a fast track (issue 20, app/domain/procedure.py). A
step may record the household's 承诺授权书 (the day it was signed and the member who signed it),
a 结果公告 its last day; a case on the fast track (先帮后认, 突发严重困难户) says so. Steps and
stages are text columns, so the new steps need no other change, and records made under the old
step list read as before.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("casestep") as batch_op:
        batch_op.add_column(sa.Column("consent_signed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consent_member_id", sqlmodel.sql.sqltypes.AutoString(length=36),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("period_end", sa.Date(), nullable=True))
    with op.batch_alter_table("monitoringcase") as batch_op:
        batch_op.add_column(sa.Column("fast_track", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("monitoringcase") as batch_op:
        batch_op.drop_column("fast_track")
    with op.batch_alter_table("casestep") as batch_op:
        for column in ("period_end", "consent_member_id", "consent_signed_on"):
            batch_op.drop_column(column)
