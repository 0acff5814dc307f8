"""grids: a village divided into 网格, each with its grid worker(s), each household in one

``grid`` (village, name, the User ids of its workers) is drawn by a township station or the
county; ``gridhousehold`` places a household in a grid (its id is the household's, so one grid
per household). Both synchronised; a grid worker's device may not write them (app/sync/checks.py).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _bookkeeping() -> list[sa.Column]:
    return [sa.Column("id", _text(36), nullable=False),
            sa.Column("created_hlc", _text(32), nullable=False),
            sa.Column("updated_hlc", _text(32), nullable=False),
            sa.Column("field_stamps", sa.JSON(), nullable=True),
            sa.Column("deleted", sa.Boolean(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "grid",
        *_bookkeeping(),
        sa.Column("village_code", _text(12), nullable=False),
        sa.Column("name", _text(32), nullable=False),
        sa.Column("worker_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("grid") as batch_op:
        for column in ("village_code", "updated_hlc"):
            batch_op.create_index(batch_op.f(f"ix_grid_{column}"), [column], unique=False)
    op.create_table(
        "gridhousehold",
        *_bookkeeping(),
        sa.Column("household_id", _text(36), nullable=False),
        sa.Column("grid_id", _text(36), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"], deferrable=True, initially="DEFERRED"),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], deferrable=True, initially="DEFERRED"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gridhousehold") as batch_op:
        for column in ("household_id", "grid_id", "updated_hlc"):
            batch_op.create_index(batch_op.f(f"ix_gridhousehold_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("gridhousehold")
    op.drop_table("grid")
