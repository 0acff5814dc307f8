from datetime import date
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from app.store.models.base import SyncedModel


class Visit(SyncedModel, table=True):
    """A door-to-door visit; answers are kept with the form version they were given in."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    visit_date: date = Field(index=True)
    visitor: str = Field(max_length=40)
    form_id: str = Field(max_length=64)
    form_version: str = Field(max_length=32)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    summary: str = Field(default="", max_length=500)
    status: str = Field(default="已完成", max_length=8)
    next_visit_date: date | None = None
    # A correction is a new visit naming the one it corrects (whose status becomes 已更正) and why.
    corrects_id: str | None = Field(default=None, max_length=36, index=True)
    correction_reason: str = Field(default="", max_length=200)
