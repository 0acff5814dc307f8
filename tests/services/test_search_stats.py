from datetime import date

from app.domain.procedure import Stage
from app.services.cases import CaseService
from app.services.households import HouseholdService
from app.services.search import SearchService
from app.services.stats import StatsService
from tests.conftest import OTHER_VILLAGE, VILLAGE
from tests.services.helpers import cross_check, poor_household


def _households(ctx, people):
    service = HouseholdService(ctx)
    zhang = service.create({"village_code": VILLAGE, "household_type": "一般农户"},
                           [people.member("张建国"), people.member("刘桂兰", "配偶", male=False)])
    li = service.create({"village_code": OTHER_VILLAGE, "household_type": "脱贫户"},
                        [people.member("李明", birth=date(1981, 7, 9))])
    return zhang, li


def test_search_by_name_prefix_initials_and_id_number(ctx, people) -> None:
    zhang, li = _households(ctx, people)
    search = SearchService(ctx).search
    assert [r.id for r in search("张建")] == [zhang.id]
    assert [(r.id, r.matched) for r in search("刘桂兰")] == [(zhang.id, "刘桂兰")]
    assert [r.id for r in search("ZJG")] == [zhang.id]
    assert [r.id for r in search("lm")] == [li.id]
    head = HouseholdService(ctx).get(li.id).members[0]
    assert [r.id for r in search(head.id_number)] == [li.id]
    assert [r.id for r in search(head.id_number[:12])] == [li.id]
    assert [r.id for r in search(head.id_number[-6:])] == [li.id]
    assert [r.id for r in search(head.id_number[-4:].lower())] == [li.id]
    assert search("王") == []


def test_search_by_village_name_and_filter_by_village(ctx, people) -> None:
    zhang, li = _households(ctx, people)
    search = SearchService(ctx).search
    row = search(village=VILLAGE)[0]
    assert row.id == zhang.id and row.village_name
    assert {r.id for r in search(row.village_name)} == {zhang.id}
    assert search("张", village=OTHER_VILLAGE) == []
    assert {r.id for r in search()} == {zhang.id, li.id}


def test_search_rows_carry_case_category_and_stage(ctx, people) -> None:
    household = poor_household(ctx, people)
    CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查")
    row = SearchService(ctx).search("张建国")[0]
    assert (row.category, row.stage, row.status) == ("脱贫不稳定户", "已申报", "风险未消除")


def test_stats_count_households_by_category_stage_and_village(ctx, people) -> None:
    _households(ctx, people)
    cases = CaseService(ctx)
    monitored = poor_household(ctx, people, name="赵甲")
    case = cases.propose(monitored.id, risk_types=["因病"], channel="基层干部排查",
                         on=date(2026, 3, 1))
    for day, step in enumerate((Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED), start=2):
        cases.take_step(case.id, step, on=date(2026, 3, day))
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=date(2026, 3, 15))
    cross_check(ctx, case.id, date(2026, 3, 18))
    cases.take_step(case.id, Stage.APPROVED, on=date(2026, 3, 20))
    proposed = poor_household(ctx, people, name="钱乙", household_type="一般农户")
    cases.propose(proposed.id, risk_types=["因学"], channel="农户自主申报")
    stats = StatsService(ctx).overview()
    assert (stats.households, stats.members) == (4, 7)
    assert stats.monitored_by_category == {"脱贫不稳定户": 1}
    assert stats.in_procedure_by_stage == {"识别纳入·已申报": 1}
    # 风险未消除 is 在监测户: the applicant only proposed is not one (issue 20).
    assert stats.by_status == {"风险未消除": 1, "风险已消除": 0}
    village = next(v for v in stats.villages if v.code == VILLAGE)
    assert (village.households, village.monitored, village.in_procedure) == (3, 1, 1)
    assert stats.overdue_visits == 0  # nobody has a due date yet
    assert stats.open_warnings >= 2


def test_the_county_overview_sums_villages_per_township(open_copy) -> None:
    from app.services.demo import DemoService
    from app.services.stats import StatsService

    ctx = open_copy("county")
    DemoService(ctx).generate(120, seed=5)
    stats = StatsService(ctx).overview()
    assert stats.townships and sum(t.households for t in stats.townships) == stats.households == 120
    for township in stats.townships:
        inside = [v for v in stats.villages if v.code.startswith(township.code[:9])]
        assert township.monitored == sum(v.monitored for v in inside)
        assert township.overdue_visits == sum(v.overdue_visits for v in inside)
        assert township.name.endswith(("镇", "乡", "街道"))
