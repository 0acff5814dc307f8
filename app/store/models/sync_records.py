"""What sync keeps on this device only: quarantined changes, rule conflicts, recovery keys.

None of these tables is synchronised; they record what this device received, found or holds.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class QuarantinedChange(SQLModel, table=True):
    """A change from a device below that it may not make (outside its villages or its role).

    Kept whole, with its reason, so the station can see it; the rest of its bundle applied.
    One row per change (origin device and sequence), however often the bundle is imported.
    """

    __table_args__ = (UniqueConstraint("origin_device_id", "origin_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    sender_device_id: str = Field(max_length=36, index=True)
    sender_name: str = Field(max_length=40)
    bundle_sequence: int
    origin_device_id: str = Field(max_length=36)
    origin_seq: int
    table_name: str = Field(max_length=32)
    row_id: str = Field(max_length=36)
    op: str = Field(max_length=8)
    fields: dict = Field(default_factory=dict, sa_type=JSON)
    user_name: str = Field(default="", max_length=40)
    reason: str = Field(max_length=200)
    received_at: datetime = Field(index=True)
    # "held" until the station decides: "released" (applied as the station's own change) or
    # "discarded"; the row stays, so importing the bundle again does not bring it back.
    status: str = Field(default="held", max_length=16)
    decided_at: datetime | None = None
    decided_by: str = Field(default="", max_length=40)


class RuleConflict(SQLModel, table=True):
    """A broken rule that spans rows (two heads in one household …), found after a merge.

    ``subject`` names what the rule is about (a household id, an ID number, a member id), so one
    open record stands per kind and subject however many merges find it again.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    subject: str = Field(max_length=36, index=True)
    description: str = Field(max_length=500)
    # [{"table", "row_id", "label"}]: the rows in question; a resolution keeps one of them.
    rows: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    detected_at: datetime
    resolved: bool = Field(default=False, index=True)
    resolution: str = Field(default="", max_length=200)


class KeyEscrow(SQLModel, table=True):
    """A device's database key, wrapped for the station that enrolled it (app/sync/recovery.py).

    The worker keeps its own (to send up); the station keeps one per device below, for the day a
    password is forgotten. ``salt`` is the database file's first 16 bytes: it identifies the file.
    """

    device_id: str = Field(primary_key=True, max_length=36)
    station_id: str = Field(max_length=36)
    salt: bytes = Field(sa_type=LargeBinary)
    wrapped: bytes = Field(sa_type=LargeBinary)
    updated_at: datetime
