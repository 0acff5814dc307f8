"""enrollment records and revocations as tables

``enrollmentrecord`` (synchronised): the record the station that enrolled a device signed for it
— the device's public keys, role, division, area, the station, the date; every receiver checks it
before it takes entries from the device (app/sync/enrollment_record.py). ``devicerevocation``
(kept on each device, travelling as signed records in every bundle): who revoked which device,
when, why, at which station; until now these lived in the audit log as ``device_revoked``
events, which are copied here (the events stay, as history).

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIELDS = ("device_id", "device_name", "revoked_by", "revoked_by_name", "reason", "revoked_at", "signature")


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "enrollmentrecord",
        sa.Column("id", _text(36), nullable=False),
        sa.Column("created_hlc", _text(32), nullable=False),
        sa.Column("updated_hlc", _text(32), nullable=False),
        sa.Column("field_stamps", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("name", _text(40), nullable=False),
        sa.Column("role", _text(16), nullable=False),
        sa.Column("division_code", _text(12), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("signing_key", _text(64), nullable=False),
        sa.Column("agreement_key", _text(64), nullable=False),
        sa.Column("enrolled_by", _text(36), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("signature", _text(100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("enrollmentrecord") as batch_op:
        for column in ("enrolled_by", "updated_hlc"):
            batch_op.create_index(batch_op.f(f"ix_enrollmentrecord_{column}"), [column], unique=False)
    revocations = op.create_table(
        "devicerevocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", _text(36), nullable=False),
        sa.Column("device_name", _text(40), nullable=False),
        sa.Column("revoked_by", _text(36), nullable=False),
        sa.Column("revoked_by_name", _text(40), nullable=False),
        sa.Column("reason", _text(100), nullable=False),
        sa.Column("revoked_at", _text(40), nullable=False),
        sa.Column("signature", _text(100), nullable=False),
        sa.Column("via", _text(36), nullable=False),
        sa.Column("kept_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("refused", _text(200), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("devicerevocation") as batch_op:
        batch_op.create_index(batch_op.f("ix_devicerevocation_device_id"), ["device_id"], unique=False)
    op.bulk_insert(revocations, list(_from_audit_log()))


def _from_audit_log() -> list[dict]:
    """The revocations held as audit events, first one per device (as they were read)."""
    audit = sa.table("auditevent", sa.column("id", sa.Integer()), sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
                     sa.column("action", sa.String()), sa.column("detail", sa.JSON()))
    rows, seen = [], set()
    query = sa.select(audit.c.at, audit.c.detail).where(audit.c.action == "device_revoked").order_by(audit.c.id)
    for at, detail in op.get_bind().execute(query):
        record = (detail or {}).get("record")
        if not (isinstance(record, dict) and all(isinstance(record.get(name), str) for name in _FIELDS)):
            continue
        if record["device_id"] in seen:
            continue
        seen.add(record["device_id"])
        rows.append({**{name: record[name] for name in _FIELDS}, "via": str(detail.get("via", ""))[:36],
                     "kept_at": at or datetime.now(UTC), "refused": "", "record": record})
    return rows


def downgrade() -> None:
    op.drop_table("devicerevocation")
    op.drop_table("enrollmentrecord")
