"""Correcting a saved visit: a new version linked to the first, the household updated once, both kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.visits import VisitService
from app.store.models import AuditEvent, Visit
from tests.forms.test_form_services import a_visit, visit_rows
from tests.services.helpers import poor_household


@pytest.fixture
def household(ctx, people) -> str:
    return poor_household(ctx, people, per_capita=3000).id  # 2026 wages 6,000 yuan before any visit


def _recorded(ctx, household: str, **changes: object) -> tuple[Visit, dict[str, object]]:
    rows = [row | {"member_health": "healthy"} for row in visit_rows(ctx, household)]
    answers = a_visit(rows, **changes)
    return VisitService(ctx).record_form(household, FormService(ctx).load("visit"), answers).visit, answers


def test_a_correction_is_a_new_version_and_the_household_counts_the_corrected_figures_once(
        ctx, household) -> None:
    first, answers = _recorded(ctx, household)
    form = FormService(ctx).load(first.form_id, first.form_version)
    corrected = VisitService(ctx).correct_form(
        first.id, form, answers | {"income_wage": "2000", "visit_date": "2026-11-19", "next_visit": "2026-12-19",
                                   "expense": [{"expense_kind": "medical", "expense_amount": "12000",
                                                "expense_reimbursed": "6000"}]},
        "  工资收入和住院费用填错 ")
    assert corrected.changes[0] == "更正了 2026-11-20 的走访记录"
    detail = HouseholdService(ctx).get(household)
    versions = {v.id: v for v in detail.visits}
    new = versions[corrected.visit.id]
    assert (new.corrects_id, new.correction_reason, new.visitor) == (first.id, "工资收入和住院费用填错",
                                                                     ctx.actor.user_name)
    assert versions[first.id].status == "已更正" and new.status == "已完成"
    wage = next(r for r in detail.incomes if r.year == 2026).wage
    assert wage == Decimal(8000)  # 6,000 before the visit + 2,000 (not + 3,000 + 2,000)
    assert [(e.total_amount, e.out_of_pocket) for e in detail.expenses] == [(Decimal(12000), Decimal(6000))]
    h = detail.household
    assert (h.last_visit_date, h.next_visit_due) == (date(2026, 11, 19), date(2026, 12, 19))
    with ctx.db.read() as session:
        assert "correct_visit" in [e.action for e in session.scalars(select(AuditEvent))]


def test_a_visit_is_corrected_once_through_its_newest_version_and_with_a_reason(ctx, household) -> None:
    first, answers = _recorded(ctx, household)
    form = FormService(ctx).load(first.form_id, first.form_version)
    service = VisitService(ctx)
    with pytest.raises(UserFacingError, match="请写明更正原因") as error:
        service.correct_form(first.id, form, answers, "   ")
    assert error.value.field == "更正原因"
    second = service.correct_form(first.id, form, answers | {"income_wage": "2500"}, "金额填错").visit
    with pytest.raises(UserFacingError, match="已经更正过"):
        service.correct_form(first.id, form, answers, "再改")
    third = service.correct_form(second.id, form, answers | {"income_wage": "2400"}, "还是填错了").visit
    detail = HouseholdService(ctx).get(household)
    assert next(r for r in detail.incomes if r.year == 2026).wage == Decimal(8400)
    assert [v.status for v in sorted(detail.visits, key=lambda v: v.created_hlc)] == ["已更正", "已更正", "已完成"]
    assert third.corrects_id == second.id


def test_only_the_author_or_a_station_may_correct(open_copy, people) -> None:
    worker = open_copy("worker")
    household = poor_household(worker, people, per_capita=3000).id
    first, answers = _recorded(worker, household)
    someone_else = type(worker)(worker.db, type(worker.actor)("另一名网格员", "worker", worker.actor.division_code),
                                worker.today)
    form = FormService(worker).load(first.form_id, first.form_version)
    with pytest.raises(UserFacingError, match=f"只有走访人{worker.actor.user_name}或乡镇、县级工作站"):
        VisitService(someone_else).correct_form(first.id, form, answers, "金额填错")
    assert HouseholdService(worker).get(household).visits[0].status == "已完成"
    assert VisitService(worker).correct_form(first.id, form, answers, "金额填错").visit.corrects_id == first.id


def test_a_refused_correction_leaves_the_first_visit_as_it_was(ctx, household) -> None:
    first, answers = _recorded(ctx, household)
    form = FormService(ctx).load(first.form_id, first.form_version)
    with pytest.raises(UserFacingError, match="金额不能为负数"):
        VisitService(ctx).correct_form(first.id, form, answers | {"income_wage": "-1"}, "金额填错")
    detail = HouseholdService(ctx).get(household)
    assert [(v.id, v.status) for v in detail.visits] == [(first.id, "已完成")]
    assert next(r for r in detail.incomes if r.year == 2026).wage == Decimal(9000)
