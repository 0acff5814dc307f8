"""foreign keys checked at commit on PostgreSQL

A household's case and its first step are written in one flush, and the ORM does not order rows
of unrelated mappers by their foreign keys; merges write whole tables at a time. PostgreSQL
enforces foreign keys (SQLite, as configured here, does not), so on PostgreSQL each foreign key is
checked when the transaction commits instead of after every statement: a transaction that leaves
no orphan commits, whatever order it wrote its rows in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _foreign_keys() -> list[tuple[str, str]]:
    inspector = sa.inspect(op.get_bind())
    return [(table, key["name"]) for table in inspector.get_table_names()
            for key in inspector.get_foreign_keys(table) if key.get("name")]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, name in _foreign_keys():
        op.execute(f'ALTER TABLE "{table}" ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY DEFERRED')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, name in _foreign_keys():
        op.execute(f'ALTER TABLE "{table}" ALTER CONSTRAINT "{name}" NOT DEFERRABLE')
