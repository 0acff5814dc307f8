from datetime import date

from sqlalchemy import JSON
from sqlmodel import Field

from app.store.models.base import SyncedModel


class MonitoringCase(SyncedModel, table=True):
    """One identification of a household as a monitoring object, and later its risk elimination."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    category: str = Field(max_length=16, index=True)
    category_reason: str = Field(default="", max_length=300)
    risk_types: list[str] = Field(default_factory=list, sa_type=JSON)
    disaster_kind: str = Field(default="", max_length=16)
    discovery_channel: str = Field(max_length=16)
    procedure: str = Field(max_length=16, index=True)
    stage: str = Field(max_length=24, index=True)
    status: str = Field(max_length=16, index=True)
    proposed_on: date
    stage_since: date
    identified_on: date | None = None
    posting_start: date | None = None
    posting_end: date | None = None
    elimination_method: str = Field(default="", max_length=16)
    eliminated_on: date | None = None
    no_labour_social_protection: bool = False
    closed: bool = Field(default=False, index=True)
    # 先帮后认 (突发严重困难户): measures start before approval; every step is still taken.
    fast_track: bool = False


class CaseStep(SyncedModel, table=True):
    case_id: str = Field(foreign_key="monitoringcase.id", index=True, max_length=36)
    procedure: str = Field(max_length=16)
    step: str = Field(max_length=24)
    decision: str = Field(default="通过", max_length=8)
    acted_on: date
    actor_name: str = Field(max_length=40)
    actor_role: str = Field(max_length=16)
    note: str = Field(default="", max_length=500)
    # The household's 承诺授权书 when recorded with this step: the day it was signed and the member who signed.
    consent_signed_on: date | None = None
    consent_member_id: str = Field(default="", max_length=36)
    # A 结果公告's last day (it starts on acted_on).
    period_end: date | None = None
