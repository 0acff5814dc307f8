from datetime import date

import pytest

from app.domain.errors import UserFacingError
from app.services.assistance import AssistanceService
from app.services.households import HouseholdService
from app.services.measures import MeasureService
from tests.services.helpers import poor_household


def _person(ctx, name="王明", **extra):
    return AssistanceService(ctx).add_person(
        {"name": name, "unit": "武邑县农业农村局", "phone": "13900001111", "sex": "男", **extra})


def test_a_new_primary_person_ends_the_old_assignment_and_keeps_history(ctx, people) -> None:
    household = poor_household(ctx, people)
    service = AssistanceService(ctx)
    first, second = _person(ctx), _person(ctx, "刘芳", sex="女")
    service.assign(household.id, first.id, reason="纳入监测", on=date(2026, 1, 10))
    service.assign(household.id, second.id, reason="工作调动", on=date(2026, 6, 1))
    history = HouseholdService(ctx).get(household.id).assignments
    current = [(a, p) for a, p in history if a.end_date is None]
    ended = [(a, p) for a, p in history if a.end_date is not None]
    assert [p.name for _, p in current] == ["刘芳"]
    assert [(p.name, a.end_date, a.end_reason) for a, p in ended] == [
        ("王明", date(2026, 6, 1), "工作调动")]


def test_the_same_person_twice_and_inactive_persons_are_refused(ctx, people) -> None:
    household = poor_household(ctx, people)
    service = AssistanceService(ctx)
    person = _person(ctx)
    service.assign(household.id, person.id, reason="纳入监测")
    with pytest.raises(UserFacingError, match="已经是这一户的帮扶责任人"):
        service.assign(household.id, person.id, reason="重复")
    service.update_person(person.id, {"name": "王明"})
    retired = _person(ctx, "退休者")
    with ctx.db.write(ctx.actor) as session:
        from app.store.models import AssistancePerson
        session.get(AssistancePerson, retired.id).active = False
    with pytest.raises(UserFacingError, match="已不再担任"):
        service.assign(household.id, retired.id, reason="x")


def test_going_over_the_workload_limit_is_warned_not_refused(ctx, people) -> None:
    service = AssistanceService(ctx)
    cadre = _person(ctx, "村干部", unit="某村委会", unit_relation="村级")
    results = [service.assign(poor_household(ctx, people, name=f"户{i}甲").id, cadre.id,
                              reason="分配") for i in range(6)]
    assert [r.workload_warning for r in results[:5]] == [None] * 5
    assert "超过上限 5 户" in results[5].workload_warning
    load = next(lo for lo in service.loads() if lo.person.id == cadre.id)
    assert (load.households, load.over_limit) == (6, True)


def test_person_fields_are_validated(ctx) -> None:
    with pytest.raises(UserFacingError, match="请填写“工作单位”"):
        AssistanceService(ctx).add_person({"name": "某人"})
    with pytest.raises(UserFacingError, match="“姓名”不能为空"):
        _person(ctx, name="  ")
    with pytest.raises(UserFacingError, match="政治面貌"):
        _person(ctx, political_status="无党派人士X")


def test_ending_an_assignment_needs_a_reason(ctx, people) -> None:
    household = poor_household(ctx, people)
    service = AssistanceService(ctx)
    result = service.assign(household.id, _person(ctx).id, reason="纳入", on=date(2026, 2, 1))
    with pytest.raises(UserFacingError, match="原因"):
        service.end_assignment(result.assignment.id, reason=" ")
    with pytest.raises(UserFacingError, match="不能早于开始日期"):
        service.end_assignment(result.assignment.id, reason="风险消除", on=date(2026, 1, 1))
    ended = service.end_assignment(result.assignment.id, reason="风险消除", on=date(2026, 9, 1))
    assert ended.end_date == date(2026, 9, 1)


def test_measures_link_to_the_open_case_and_validate(ctx, people) -> None:
    household = poor_household(ctx, people)
    from app.services.cases import CaseService
    case = CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查")
    service = MeasureService(ctx)
    measure = service.add(household.id, {"kind": "健康帮扶", "item": "医疗救助",
                                         "risk_type": "因病", "amount": "1,200元",
                                         "start_date": "2026-03-01"})
    assert (measure.case_id, measure.amount, measure.status) == (case.id, 1200, "实施中")
    with pytest.raises(UserFacingError, match="措施类别"):
        service.add(household.id, {"kind": "发钱"})
    with pytest.raises(UserFacingError, match="结束日期不能早于开始日期"):
        service.update(measure.id, {"end_date": "2026-01-01"})
    with pytest.raises(UserFacingError, match="金额"):
        service.add(household.id, {"kind": "健康帮扶", "amount": "-5"})
    closed = service.close(measure.id, on=date(2026, 10, 1))
    assert (closed.status, closed.end_date) == ("已完成", date(2026, 10, 1))


def test_a_leaving_person_hands_every_household_to_another_with_history_kept(ctx, people) -> None:
    service = AssistanceService(ctx)
    leaving = service.add_person({"name": "调走的", "unit": "县教育局"})
    taking = service.add_person({"name": "接手的", "unit": "县民政局"})
    homes = [poor_household(ctx, people, name=name).id for name in ("甲一", "乙二", "丙三")]
    for home in homes:
        service.assign(home, leaving.id, reason="新识别")
    service.assign(homes[0], taking.id, reason="原有", primary=False)

    with pytest.raises(UserFacingError, match="原因"):
        service.transfer_all(leaving.id, taking.id, reason=" ")
    result = service.transfer_all(leaving.id, taking.id, reason="工作调动")
    assert result is not None
    loads = {load.person.name: (load.households, load.person.active) for load in service.loads()}
    assert loads["调走的"] == (0, False) and loads["接手的"] == (3, True)
    pairs = HouseholdService(ctx).get(homes[1]).assignments
    assert [(p.name, a.start_reason) for a, p in pairs if a.end_date is None] == [("接手的", "工作调动")]
    assert [(p.name, a.end_reason) for a, p in pairs if a.end_date is not None] == [("调走的", "工作调动")]
    # The household the new person already helped keeps that one assignment, not a second.
    first = HouseholdService(ctx).get(homes[0]).assignments
    assert [(p.name, a.start_reason) for a, p in first if a.end_date is None] == [("接手的", "原有")]
    with pytest.raises(UserFacingError, match="不再担任"):
        service.transfer_all(taking.id, leaving.id, reason="再调回")
