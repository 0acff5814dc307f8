"""an index on 户编号

A 户编号 typed or scanned into the search box (or given to a command) is looked up exactly, and a
new household's number is the next of its device's in the village (a prefix range): both are index
lookups over a county's 300k households, never a table scan.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.create_index("ix_household_household_number", ["household_number"])


def downgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_index("ix_household_household_number")
