"""search keys: pinyin initials and reversed ID numbers

Searching 300k households by pinyin initials or by the last digits of an ID number must be an
index lookup, so both are stored as indexed columns and filled in for rows that already exist.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.domain.pinyin import name_initials

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.add_column(sa.Column("head_initials", sqlmodel.sql.sqltypes.AutoString(length=40),
                                      nullable=False, server_default=""))
        batch_op.create_index("ix_household_head_initials", ["head_initials"])
    with op.batch_alter_table("member") as batch_op:
        batch_op.add_column(sa.Column("name_initials", sqlmodel.sql.sqltypes.AutoString(length=40),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("id_number_reversed",
                                      sqlmodel.sql.sqltypes.AutoString(length=18),
                                      nullable=False, server_default=""))
        batch_op.create_index("ix_member_name_initials", ["name_initials"])
        batch_op.create_index("ix_member_id_number_reversed", ["id_number_reversed"])
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    members = connection.execute(sa.text("SELECT id, name, id_number FROM member")).all()
    for start in range(0, len(members), _BATCH):
        connection.execute(
            sa.text("UPDATE member SET name_initials = :initials, "
                    "id_number_reversed = :reversed WHERE id = :id"),
            [{"id": row.id, "initials": name_initials(row.name), "reversed": row.id_number[::-1]}
             for row in members[start:start + _BATCH]],
        )
    households = connection.execute(sa.text("SELECT id, head_name FROM household")).all()
    for start in range(0, len(households), _BATCH):
        connection.execute(
            sa.text("UPDATE household SET head_initials = :initials WHERE id = :id"),
            [{"id": row.id, "initials": name_initials(row.head_name)}
             for row in households[start:start + _BATCH]],
        )


def downgrade() -> None:
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_index("ix_member_id_number_reversed")
        batch_op.drop_index("ix_member_name_initials")
        batch_op.drop_column("id_number_reversed")
        batch_op.drop_column("name_initials")
    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_index("ix_household_head_initials")
        batch_op.drop_column("head_initials")
