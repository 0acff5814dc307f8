"""an insert's change-log entry may leave its field values to its row

``changelog.fields`` becomes nullable: NULL for an insert whose row was written from exactly its
values (the row holds them; app/sync/log_reader.py rebuilds them when the entry is read). Existing
entries keep their values and are read as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("changelog") as batch_op:
        batch_op.alter_column("fields", existing_type=sa.JSON(), nullable=True)


def downgrade() -> None:
    # Entries without values cannot go back to a schema that requires them; the rows still
    # hold the values, so this needs the log rebuilt by the program, not by SQL.
    raise NotImplementedError("0012 cannot be downgraded: inserts' values live in their rows")
