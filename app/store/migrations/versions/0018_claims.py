"""claims: 防贫保险/防贫救助 claims of a household's measure (applied, approved, paid)

``claim`` belongs to a household through its measure (``household_id`` is the measure's), is
synchronised and scope-checked like the measure; the fund ledger (资金台账) sums it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _money(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=14, scale=2), nullable=False)


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", _text(36), nullable=False),
        sa.Column("created_hlc", _text(32), nullable=False),
        sa.Column("updated_hlc", _text(32), nullable=False),
        sa.Column("field_stamps", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("household_id", _text(36), nullable=False),
        sa.Column("measure_id", _text(36), nullable=False),
        sa.Column("kind", _text(8), nullable=False),
        sa.Column("fund", _text(60), nullable=False),
        sa.Column("status", _text(8), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        _money("amount_applied"),
        _money("amount_approved"),
        _money("amount_paid"),
        sa.Column("recorded_by", _text(40), nullable=False),
        sa.Column("note", _text(200), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"], deferrable=True, initially="DEFERRED"),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], deferrable=True, initially="DEFERRED"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim") as batch_op:
        for column in ("household_id", "measure_id", "kind", "fund", "updated_hlc"):
            batch_op.create_index(batch_op.f(f"ix_claim_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("claim")
