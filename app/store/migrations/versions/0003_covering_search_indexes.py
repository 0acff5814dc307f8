"""covering indexes for name and initials search

Common initials match thousands of members; reading each matching table row made the search
slow at county scale. The new indexes hold everything a search reads.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_index("ix_member_name")
        batch_op.drop_index("ix_member_name_initials")
        batch_op.create_index("ix_member_name_search", ["name", "deleted", "household_id"])
        batch_op.create_index("ix_member_initials_search",
                              ["name_initials", "deleted", "household_id", "name"])


def downgrade() -> None:
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_index("ix_member_initials_search")
        batch_op.drop_index("ix_member_name_search")
        batch_op.create_index("ix_member_name_initials", ["name_initials"])
        batch_op.create_index("ix_member_name", ["name"])
