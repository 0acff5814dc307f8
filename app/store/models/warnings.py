from datetime import date

from sqlmodel import Field

from app.store.models.base import SyncedModel


class RiskWarning(SyncedModel, table=True):
    __tablename__ = "warning"

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    rule: str = Field(max_length=32, index=True)
    title: str = Field(max_length=64)
    reason: str = Field(max_length=300)
    value: str = Field(default="", max_length=32)
    threshold: str = Field(default="", max_length=32)
    raised_on: date = Field(index=True)
    status: str = Field(default="待处置", max_length=8, index=True)
    handled_by: str = Field(default="", max_length=40)
    handled_on: date | None = None
    handling_note: str = Field(default="", max_length=300)
    case_id: str | None = Field(default=None, max_length=36)
    # Raised from a department's list (部门筛查预警): the department (医保, 教育 …) and the list's date;
    # empty for a warning raised by what was typed into the app.
    source: str = Field(default="", max_length=16)
    source_date: date | None = None
