from datetime import date
from decimal import Decimal

from sqlmodel import Field

from app.store.models.base import SyncedModel


class AssistancePerson(SyncedModel, table=True):
    """帮扶责任人."""

    name: str = Field(max_length=40, index=True)
    sex: str = Field(default="", max_length=2)
    phone: str = Field(default="", max_length=32)
    unit: str = Field(default="", max_length=100)
    unit_relation: str = Field(default="", max_length=16)
    post: str = Field(default="", max_length=40)
    political_status: str = Field(default="", max_length=16)
    division_code: str = Field(max_length=12, index=True)
    active: bool = True


class Assignment(SyncedModel, table=True):
    """A person's responsibility for a household over a period; ended rows are the history."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    person_id: str = Field(foreign_key="assistanceperson.id", index=True, max_length=36)
    is_primary: bool = True
    start_date: date
    end_date: date | None = None
    start_reason: str = Field(default="", max_length=200)
    end_reason: str = Field(default="", max_length=200)


class Measure(SyncedModel, table=True):
    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    case_id: str | None = Field(default=None, max_length=36, index=True)
    kind: str = Field(max_length=16, index=True)
    item: str = Field(default="", max_length=100)
    risk_type: str = Field(default="", max_length=16)
    start_date: date
    end_date: date | None = None
    amount: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    status: str = Field(default="实施中", max_length=8)
    provider_unit: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=300)
    # Voided (作废) with a reason from app/domain/voiding.py: the row is tombstoned and keeps why.
    void_reason: str = Field(default="", max_length=16)
    void_note: str = Field(default="", max_length=200)
    voided_by: str = Field(default="", max_length=40)
    voided_on: date | None = None
