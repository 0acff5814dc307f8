"""national entries: our rows as the national monitoring system knows them

``nationalentry`` keeps, per household, the national household and person numbers and which
identifications, eliminations, measures and yearly incomes a clerk has entered in the national
防返贫监测信息系统 (with what was exported then), so ``fangpin national export --pending`` holds
only what is still to be typed in. Synchronised like the household's other rows.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "nationalentry",
        sa.Column("id", _text(36), nullable=False),
        sa.Column("created_hlc", _text(32), nullable=False),
        sa.Column("updated_hlc", _text(32), nullable=False),
        sa.Column("field_stamps", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("household_id", _text(36), nullable=False),
        sa.Column("kind", _text(8), nullable=False),
        sa.Column("row_id", _text(36), nullable=False),
        sa.Column("national_number", _text(40), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("entered_by", _text(40), nullable=False),
        sa.Column("fingerprint", _text(64), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"], deferrable=True, initially="DEFERRED"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("nationalentry") as batch_op:
        for column in ("household_id", "kind", "row_id", "national_number", "updated_hlc"):
            batch_op.create_index(batch_op.f(f"ix_nationalentry_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("nationalentry")
