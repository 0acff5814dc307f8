from datetime import date

from sqlmodel import Field

from app.store.models.base import SyncedModel


class NationalEntry(SyncedModel, table=True):
    """A row of ours as the national 防返贫监测信息系统 knows it (app/services/national).

    ``kind`` says what ``row_id`` is: 户 (a household: its national household number), 人 (a
    member: the national person number), 识别 / 消除 (a case's identification or elimination),
    措施 (a measure), 收入 (a year's income record). ``entered_on`` is set once a clerk confirms the
    row was entered in the national system; ``fingerprint`` is what was exported then, so a row
    changed since is pending again. One table beside the others, so their rows keep their shape."""

    __tablename__ = "nationalentry"

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    kind: str = Field(max_length=8, index=True)
    row_id: str = Field(max_length=36, index=True)
    national_number: str = Field(default="", max_length=40, index=True)
    entered_on: date | None = None
    entered_by: str = Field(default="", max_length=40)
    fingerprint: str = Field(default="", max_length=64)
