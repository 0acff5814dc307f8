from datetime import date
from decimal import Decimal

from sqlmodel import Field

from app.store.models.base import SyncedModel


class Claim(SyncedModel, table=True):
    """A 防贫保险 payout or 防贫救助 grant claimed for a household under one of its measures
    (app/services/claims.py): applied for, approved (or refused) by the insurer or fund, paid.

    ``household_id`` is always the measure's household (the service sets it, the sync checks hold
    a bundle to it), so a claim is scoped, sent and voided with its household like the measure."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    measure_id: str = Field(foreign_key="measure.id", index=True, max_length=36)
    kind: str = Field(max_length=8, index=True)  # 防贫保险 or 防贫救助
    fund: str = Field(max_length=60, index=True)  # the insurer or the relief fund that pays
    status: str = Field(default="已申请", max_length=8)
    applied_on: date
    approved_on: date | None = None
    paid_on: date | None = None
    amount_applied: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    amount_approved: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    amount_paid: Decimal = Field(default=Decimal(0), max_digits=14, decimal_places=2)
    recorded_by: str = Field(default="", max_length=40)
    note: str = Field(default="", max_length=200)
