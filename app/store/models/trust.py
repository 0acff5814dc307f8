"""Who vouched for which device, and which devices were revoked (docs/sync.md, "Trust model")."""

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.store.models.base import SyncedModel


class EnrollmentRecord(SyncedModel, table=True):
    """The record the station that enrolled a device signed for it (app/sync/enrollment_record.py).

    Its id is the enrolled device's id, so a device has one record and a second station vouching
    for it meets the first one's row. Synchronised up and down: every receiver checks the
    signature against the enrolling station's key before it takes entries from the device."""

    __tablename__ = "enrollmentrecord"

    name: str = Field(max_length=40)
    role: str = Field(max_length=16)
    division_code: str = Field(max_length=12)
    scope: list[str] = Field(default_factory=list, sa_type=JSON)
    signing_key: str = Field(max_length=64)  # base64 of the raw 32-byte public keys
    agreement_key: str = Field(max_length=64)
    enrolled_by: str = Field(max_length=36, index=True)
    enrolled_on: date
    signature: str = Field(max_length=100)


class DeviceRevocation(SQLModel, table=True):
    """A revocation this device holds (app/sync/revocation.py): the signed record, as it travels.

    ``refused`` is empty for a revocation in force; a record from a device that may not revoke
    the device is kept with the reason (for review) and changes nothing."""

    __tablename__ = "devicerevocation"

    id: int | None = Field(default=None, primary_key=True)
    device_id: str = Field(max_length=36, index=True)  # the revoked device
    device_name: str = Field(max_length=40)
    revoked_by: str = Field(max_length=36)  # the station that revoked it
    revoked_by_name: str = Field(max_length=40)  # the user there who did
    reason: str = Field(max_length=100)
    revoked_at: str = Field(max_length=40)  # as signed (ISO 8601, UTC)
    signature: str = Field(max_length=100)
    via: str = Field(max_length=36)  # the device it came from (this one, when revoked here)
    kept_at: datetime
    refused: str = Field(default="", max_length=200)
    record: dict = Field(default_factory=dict, sa_type=JSON)  # the signed record, forwarded as is


__all__ = ["DeviceRevocation", "EnrollmentRecord"]
