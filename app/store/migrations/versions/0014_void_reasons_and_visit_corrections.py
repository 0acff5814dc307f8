"""void reasons and visit corrections

A member, a household or a measure entered by mistake is voided (作废) rather than deleted: the
row is tombstoned as before and now also keeps why (``void_reason`` from app/domain/voiding.py,
``void_note``), who and when, so the voiding travels in bundles and shows in the history and the
作废记录 ledger. A corrected visit stays; its correction is a new visit naming it
(``corrects_id``) with the reason (``correction_reason``).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VOIDABLE = ("household", "member", "measure")


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    for table in VOIDABLE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("void_reason", _text(16), nullable=False, server_default=""))
            batch_op.add_column(sa.Column("void_note", _text(200), nullable=False, server_default=""))
            batch_op.add_column(sa.Column("voided_by", _text(40), nullable=False, server_default=""))
            batch_op.add_column(sa.Column("voided_on", sa.Date(), nullable=True))
    with op.batch_alter_table("visit") as batch_op:
        batch_op.add_column(sa.Column("corrects_id", _text(36), nullable=True))
        batch_op.add_column(sa.Column("correction_reason", _text(200), nullable=False, server_default=""))
        batch_op.create_index("ix_visit_corrects_id", ["corrects_id"])


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_index("ix_visit_corrects_id")
        batch_op.drop_column("correction_reason")
        batch_op.drop_column("corrects_id")
    for table in reversed(VOIDABLE):
        with op.batch_alter_table(table) as batch_op:
            for column in ("voided_on", "voided_by", "void_note", "void_reason"):
                batch_op.drop_column(column)
