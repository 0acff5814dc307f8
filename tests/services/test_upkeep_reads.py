"""The upkeep's reads of stored rows (plain rows, a member's health read only with the day it
changed, the policy read once per upkeep) decide what the rules on ORM objects decide."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.domain.warnings import WarningRule
from app.services.context import ServiceContext
from app.services.unit_of_work import UnitOfWork
from app.store.bulk import bulk_insert
from app.store.ids import new_id
from app.store.models import Household, IncomeLine, IncomeRecord, Member, RiskWarning
from tests.conftest import TODAY, VILLAGE


def _stored_household(ctx: ServiceContext, members: list[dict]) -> str:
    """A household and its members written in bulk: the upkeep reads them back as stored rows."""
    household_id = new_id()
    with UnitOfWork(ctx) as uow:
        bulk_insert(uow.session, Household, [{"id": household_id, "village_code": VILLAGE,
                                              "household_type": "一般农户",
                                              "last_visit_date": TODAY}])
        bulk_insert(uow.session, Member,
                    [{"household_id": household_id, "relation": "户主" if n == 0 else "之子", **m}
                     for n, m in enumerate(members)])
        uow.touch([household_id])
    return household_id


def _open_rules(ctx: ServiceContext, household_id: str) -> dict[str, str]:
    with ctx.db.read() as session:
        return {w.rule: w.reason for w in session.scalars(select(RiskWarning).where(
            RiskWarning.household_id == household_id, RiskWarning.status == "待处置"))}


def test_a_stored_members_new_illness_is_found_and_an_old_one_is_not(ctx: ServiceContext) -> None:
    household_id = _stored_household(ctx, [
        {"name": "赵新病", "health": ["患有大病"], "health_changed_on": TODAY - timedelta(days=10)},
        {"name": "赵旧病", "health": ["残疾"], "health_changed_on": TODAY - timedelta(days=400)},
        {"name": "赵无日", "health": ["残疾"]},  # ill, but no day it changed: not "newly"
        {"name": "赵健康", "health": ["健康"], "health_changed_on": TODAY - timedelta(days=5)}])
    rules = _open_rules(ctx, household_id)
    assert rules[WarningRule.MEMBER_HEALTH] == "家庭成员赵新病新增残疾或患大病。"
    with ctx.db.read() as session:
        household = session.get(Household, household_id)
        assert (household.head_name, household.member_count) == ("赵新病", 4)


def test_the_policy_written_in_the_same_action_counts(ctx: ServiceContext) -> None:
    """The upkeep reads policy once, after its first flush: a line the same action set is the one
    its households are judged by."""
    household_id = _stored_household(ctx, [{"name": "钱一"}])
    assert WarningRule.INCOME_BELOW_LINE not in _open_rules(ctx, household_id)
    with UnitOfWork(ctx) as uow:
        bulk_insert(uow.session, IncomeRecord, [{"household_id": household_id, "year": 2026,
                                                 "assessed_on": TODAY, "household_size": 1,
                                                 "per_capita_income": 7000}])
        uow.session.add(IncomeLine(effective_from=date(2026, 1, 1), amount=8000, note="试行"))
        uow.touch([household_id])
    assert "低于监测线 8000 元" in _open_rules(ctx, household_id)[WarningRule.INCOME_BELOW_LINE]
