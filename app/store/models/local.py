"""Tables that stay on this device and are never synchronised."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, LargeBinary
from sqlmodel import Field, SQLModel


class Device(SQLModel, table=True):
    """This installation (``is_self``) and, later, the peers it exchanges bundles with."""

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=40)
    role: str = Field(max_length=16)
    division_code: str = Field(max_length=12)
    is_self: bool = False
    created_at: datetime
    # Raw 32-byte keys (see app/sync/keys.py). Private keys exist only for this device and, like
    # everything here, are encrypted at rest with the database.
    signing_key: bytes | None = Field(default=None, sa_type=LargeBinary)
    agreement_key: bytes | None = Field(default=None, sa_type=LargeBinary)
    signing_private: bytes | None = Field(default=None, sa_type=LargeBinary)
    agreement_private: bytes | None = Field(default=None, sa_type=LargeBinary)


class Peer(SQLModel, table=True):
    """A device this one exchanges bundles with: the station above, or a device enrolled below."""

    device_id: str = Field(primary_key=True, max_length=36)
    direction: str = Field(max_length=4)  # "up" (the station above) or "down"
    # The division codes the device below keeps: granted by the station at enrollment.
    scope: list[str] = Field(default_factory=list, sa_type=JSON)
    # What the peer has confirmed it holds (its receipt), so exports send only the rest.
    acknowledged: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    sent_sequence: int = 0
    received_sequence: int = 0
    enrolled_at: datetime


class ChangeLog(SQLModel, table=True):
    """Every change to a synchronised row, numbered per origin device.

    Local writes and (later) changes received from other devices both land here, so a station can
    forward what it received, and a version vector (highest ``seq`` per device) says what is known.
    """

    __table_args__ = (Index("ix_changelog_row", "table_name", "row_id"),)

    device_id: str = Field(primary_key=True, max_length=36)
    seq: int = Field(primary_key=True)
    hlc: str = Field(max_length=32)
    table_name: str = Field(max_length=32)
    row_id: str = Field(max_length=36)
    op: str = Field(max_length=8)
    # The changed fields' values (JSON form). NULL for an insert whose row was written from exactly
    # its values: the row holds them, and readers take them from it (app/sync/log_reader.py).
    fields: dict | None = Field(default=None, sa_type=JSON(none_as_null=True))
    # The stamps the author saw for the fields it changed: lets the merge tell a concurrent
    # edit (a conflict) from an edit made on top of the current value.
    seen: dict | None = Field(default=None, sa_type=JSON)
    user_name: str = Field(max_length=40)


class AuditEvent(SQLModel, table=True):
    """Actions that are not row changes: opening, demo generation, exports, refusals."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    user_name: str = Field(max_length=40)
    action: str = Field(max_length=32)
    detail: dict = Field(default_factory=dict, sa_type=JSON)


class Conflict(SQLModel, table=True):
    """Two edits of one field that did not see each other; both values are kept for a person."""

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=32, index=True)
    row_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=40)
    kept_value: Any = Field(default=None, sa_type=JSON, nullable=True)
    kept_stamp: str = Field(max_length=32)
    kept_user: str = Field(default="", max_length=40)
    other_value: Any = Field(default=None, sa_type=JSON, nullable=True)
    other_stamp: str = Field(max_length=32)
    other_user: str = Field(default="", max_length=40)
    # The value both edits were made on (what the losing side's author saw), and its stamp;
    # an empty stamp means the log does not tell (docs/sync.md, "base").
    base_value: Any = Field(default=None, sa_type=JSON, nullable=True)
    base_stamp: str = Field(default="", max_length=32)
    detected_at: datetime
    resolved: bool = Field(default=False, index=True)


class FormDraft(SQLModel, table=True):
    """A form being filled in and not yet saved (a visit left with 稍后继续, or rescued from a crash).

    One per household and form. It stays on this device, encrypted with everything else, and is
    never logged or synchronised: it is nobody's record until it is saved.
    """

    household_id: str = Field(primary_key=True, max_length=36)
    form_id: str = Field(primary_key=True, max_length=64)
    form_version: str = Field(default="", max_length=32)
    answers: dict = Field(default_factory=dict, sa_type=JSON)
    saved_at: datetime
