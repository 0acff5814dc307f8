"""form drafts inside the encrypted store

A visit being filled in used to be kept as a plaintext JSON file beside the database. It now
lives in ``formdraft``: one row per household and form, on this device only (never logged, never
synchronised). The desktop imports old draft files into it and deletes them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "formdraft",
        sa.Column("household_id", _text(36), nullable=False),
        sa.Column("form_id", _text(64), nullable=False),
        sa.Column("form_version", _text(32), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("saved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("household_id", "form_id"),
    )


def downgrade() -> None:
    op.drop_table("formdraft")
