from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from app.store.models.base import SyncedModel


class User(SyncedModel, table=True):
    """A person who works in the system; synchronised so stations know who did what."""

    name: str = Field(max_length=40, index=True)
    role: str = Field(max_length=16)
    division_code: str = Field(max_length=12)
    device_id: str = Field(max_length=36)
    phone: str = Field(default="", max_length=32)


class IncomeLine(SyncedModel, table=True):
    """The income monitoring line and the date it takes effect (policy data set by the county)."""

    effective_from: date = Field(index=True)
    amount: Decimal = Field(max_digits=10, decimal_places=2)
    note: str = Field(default="", max_length=100)


class PolicySetting(SyncedModel, table=True):
    """One named policy value (warning thresholds, workload limit, visit interval …); id is the key."""

    value: Any = Field(sa_type=JSON)
