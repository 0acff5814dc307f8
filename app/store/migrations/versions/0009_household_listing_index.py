"""index for the household table's order

The application lists a county's households a page at a time in (village, head, id) order; with
this index each page is a short range scan instead of a sort of every household.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.create_index("ix_household_listing", ["village_code", "head_name", "id", "deleted"])


def downgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_index("ix_household_listing")
