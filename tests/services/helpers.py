"""Builders shared by the service tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.income import IncomeService
from app.store.models import Household
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
