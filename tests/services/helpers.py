"""Builders shared by the service tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.domain.procedure import Consent, Stage
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.income import IncomeService
from app.store.models import Household, Member, MonitoringCase
from tests.conftest import VILLAGE


def poor_household(ctx: ServiceContext, people: Any, *, household_type: str = "脱贫户",
                   per_capita: int = 3000, year: int = 2026, name: str = "张建国") -> Household:
    """A two-person household whose income in ``year`` is ``per_capita`` yuan per person."""
    household = HouseholdService(ctx).create(
        {"village_code": VILLAGE, "household_type": household_type},
        [people.member(name, birth=date(1960, 1, 1)),
         people.member(name[0] + "妻", "配偶", birth=date(1962, 1, 1), male=False)])
    IncomeService(ctx).record_year(household.id, year, {"wage": per_capita * 2})
    return household


def head_consent(ctx: ServiceContext, case_id: str, signed_on: date) -> Consent:
    """The household's 承诺授权书 signed by its head on ``signed_on``."""
    with ctx.db.read() as session:
        household_id = session.get(MonitoringCase, case_id).household_id
        head = session.scalars(select(Member.id).where(Member.household_id == household_id,
                                                       Member.relation == "户主")).first()
    return Consent(signed_on, head)


def cross_check(ctx: ServiceContext, case_id: str, on: date) -> MonitoringCase:
    """The county's 信息比对, with the head's 承诺授权书 (signed the same day) recorded on it."""
    return CaseService(ctx).take_step(case_id, Stage.CROSS_CHECKED, on=on,
                                      consent=head_consent(ctx, case_id, on))
