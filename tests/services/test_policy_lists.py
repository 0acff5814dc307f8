"""Risk types and measure kinds/items are policy data (issue 20): renamed, added and retired through
the policy workbook, offered by the screens from their day on, while stored records keep their names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.domain.categories import MEASURE_SUB_ITEMS
from app.domain.errors import UserFacingError
from app.services import policy_document
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.excel.ledgers import LedgerExporter
from app.services.measures import MeasureService
from app.services.national.importing import NationalImportService
from app.services.policy import PolicyService
from app.services.printouts.cards import card
from app.store.models import MonitoringCase
from tests.conftest import TODAY, VILLAGE
from tests.national.test_national_import import national_sheet
from tests.services.helpers import poor_household

RENAMED_FROM = date(2026, 11, 1)


def _edit_policy(ctx: ServiceContext, tmp_path: Path, rows: list[list[object]]) -> policy_document.ImportResult:
    """Export the policy, append ``rows`` to 政策参数 and import it back (all or nothing)."""
    path = tmp_path / "政策.xlsx"
    policy_document.export(ctx, path)
    book = openpyxl.load_workbook(path)
    for row in rows:
        book["政策参数"].append(row)
    book.save(path)
    return policy_document.import_workbook(ctx, path)


def _employment_items(renamed: str) -> str:
    """就业帮扶's default items with 技能培训 renamed."""
    return "、".join(renamed if item == "技能培训" else item for item in MEASURE_SUB_ITEMS["就业帮扶"])


def _ledger_cells(ctx: ServiceContext, tmp_path: Path) -> list[object]:
    out = tmp_path / "措施台账.xlsx"
    LedgerExporter(ctx).export("measures", out)
    return [cell for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for cell in row]


def test_a_renamed_item_and_a_new_risk_type_reach_the_choices_the_card_and_the_ledger(
        ctx: ServiceContext, people, tmp_path: Path) -> None:
    household = poor_household(ctx, people)
    measures = MeasureService(ctx)
    old = measures.add(household.id, {"kind": "就业帮扶", "item": "技能培训", "risk_type": "因病",
                                      "start_date": date(2026, 10, 10)})

    result = _edit_policy(ctx, tmp_path, [
        ["measure_items", "就业帮扶", "就业帮扶", RENAMED_FROM.isoformat(), _employment_items("职业技能培训")],
        ["risk_types", "", "风险类型", RENAMED_FROM.isoformat(),
         "、".join([*PolicyService(ctx).risk_types(), "因婚丧嫁娶"])],
    ])
    assert result.written and not result.problems

    policy = PolicyService(ctx)
    assert "职业技能培训" in policy.measure_items()["就业帮扶"]
    assert "技能培训" in policy.measure_items(date(2026, 10, 31))["就业帮扶"]  # before its day: the old list
    assert "因婚丧嫁娶" in policy.risk_types() and "因婚丧嫁娶" not in policy.risk_types(date(2026, 10, 31))

    # The measure dialog offers today's names.
    specs = measures.fields()
    assert "职业技能培训" in specs["item"].input.options and "技能培训" not in specs["item"].input.options
    assert "因婚丧嫁娶" in specs["risk_type"].input.options
    new = measures.add(household.id, {"kind": "就业帮扶", "item": "职业技能培训", "risk_type": "因婚丧嫁娶"})
    # The proposal takes the new risk type too (the case dialog offers the same list).
    case = CaseService(ctx).propose(household.id, risk_types=["因婚丧嫁娶", "因病"], channel="基层干部排查")
    assert case.risk_types == ["因婚丧嫁娶", "因病"]
    with pytest.raises(UserFacingError, match="风险类型"):
        CaseService(ctx).propose(poor_household(ctx, people, name="李四海").id, risk_types=["因赌"],
                                 channel="基层干部排查")

    # The old record keeps its name; the card and the ledger print what each record holds.
    assert MeasureService(ctx).fields(old.id)["risk_type"].input.options[:1] == ("因病",)
    printed = card(ctx, household.id, TODAY)
    assert {m.item for m in printed.measures} == {"技能培训", "职业技能培训"}
    cells = _ledger_cells(ctx, tmp_path)
    assert "技能培训" in cells and "职业技能培训" in cells and "因婚丧嫁娶" in cells
    assert new.item == "职业技能培训"


def test_a_retired_kind_is_no_longer_offered_but_its_records_stay_editable(ctx: ServiceContext, people,
                                                                          tmp_path: Path) -> None:
    household = poor_household(ctx, people)
    measures = MeasureService(ctx)
    kept = measures.add(household.id, {"kind": "扶志扶智", "item": "宣传教育", "start_date": date(2026, 10, 1)})
    result = _edit_policy(ctx, tmp_path, [
        ["measure_items", "扶志扶智", "扶志扶智", "2026-11-01", ""],
        ["measure_items", "防贫保险", "防贫保险", "2026-11-01", "防贫保险理赔、防贫救助金"]])
    assert result.written, result.problems
    assert "扶志扶智" not in measures.fields()["kind"].input.options
    assert "防贫保险" in measures.fields()["kind"].input.options
    with pytest.raises(UserFacingError, match="措施类别"):
        measures.add(household.id, {"kind": "扶志扶智"})
    # The stored measure keeps its kind; changing its amount is still accepted.
    changed = measures.update(kept.id, {"kind": "扶志扶智", "amount": "200"})
    assert (changed.kind, changed.amount) == ("扶志扶智", 200)
    assert measures.add(household.id, {"kind": "防贫保险", "item": "防贫救助金"}).kind == "防贫保险"


@pytest.mark.parametrize(("row", "problem"), [
    (["risk_types", "", "风险类型", "2026-11-01", ""], "至少要有一项"),
    (["risk_types", "", "风险类型", "2026-11-01", "因病、因病"], "不止一次"),
    (["risk_types", "", "风险类型", "2026-11-01", "因病、" + "长" * 17], "太长"),
    (["measure_items", "就业帮扶", "", "2026-11-01", "护林员、护林员"], "不止一次"),
    (["measure_items", "", "", "2026-11-01", "护林员"], "类别名称"),
    (["measure_items", "类" * 17, "", "2026-11-01", "护林员"], "太长"),
])
def test_hostile_list_rows_are_refused_and_nothing_is_written(ctx: ServiceContext, tmp_path: Path,
                                                              row: list[object], problem: str) -> None:
    before = (PolicyService(ctx).risk_types(), PolicyService(ctx).measure_items())
    result = _edit_policy(ctx, tmp_path, [row])
    assert not result.written
    assert any(problem in text for text in result.problems), result.problems
    assert (PolicyService(ctx).risk_types(), PolicyService(ctx).measure_items()) == before


def test_retiring_every_kind_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(UserFacingError, match="至少要有一个帮扶措施类别在用"):
        PolicyService(ctx).set_measure_items({"产业帮扶": []})


def test_the_national_import_checks_names_against_the_policy_in_force(ctx: ServiceContext, people,
                                                                      tmp_path: Path) -> None:
    """A national row may name the county's new risk type; a name in no list is a row problem."""
    PolicyService(ctx).set_risk_types([*PolicyService(ctx).risk_types(), "因婚丧嫁娶"])
    head, other = people.id_number(date(1968, 2, 2)), people.id_number(date(1971, 4, 4))
    path = national_sheet(tmp_path / "national.xlsx", [
        [int(VILLAGE), "1311221002010011", "吴一", "一般农户", "P011", "吴一", head, "户主",
         "边缘易致贫户", "因婚丧嫁娶", "2026-05-01", "否", None, None, "生产奖补", None],
        [int(VILLAGE), "1311221002010012", "吴二", "一般农户", "P012", "吴二", other, "户主",
         "边缘易致贫户", "因赌", "2026-05-01", "否", None, None, None, None]])
    result = NationalImportService(ctx).run(path)
    assert result.cases_added == 1
    assert len(result.problems) == 1 and "风险类型“因赌”不认识" in result.problems[0]


def test_renamed_and_retired_categories(ctx: ServiceContext, people, tmp_path: Path) -> None:
    """The rules still decide which category; the county's name in force is what is suggested and
    stored. A case identified before keeps its name; a retired category is neither offered nor
    suggested, and the fast track follows the renamed 突发严重困难户."""
    before = poor_household(ctx, people, name="郑早")
    cases = CaseService(ctx)
    old = cases.propose(before.id, risk_types=["因病"], channel="基层干部排查", on=date(2026, 10, 20))
    assert old.category == "脱贫不稳定户"
    result = _edit_policy(ctx, tmp_path, [
        ["monitoring_categories", "unstable_exited", "", "2026-11-01", "脱贫不稳定监测户"],
        ["monitoring_categories", "marginal", "", "2026-11-01", ""],
        ["monitoring_categories", "sudden_hardship", "", "2026-11-01", "突发困难户"]])
    assert result.written, result.problems
    assert PolicyService(ctx).category_names() == {
        "unstable_exited": "脱贫不稳定监测户", "marginal": "", "sudden_hardship": "突发困难户"}

    household = poor_household(ctx, people, name="郑新")
    assert cases.suggest(household.id, ["因病"]).category == "脱贫不稳定监测户"
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查")
    assert case.category == "脱贫不稳定监测户" and "按系统建议申报" in case.category_reason
    marginal = poor_household(ctx, people, name="郑边", household_type="一般农户")
    suggestion = cases.suggest(marginal.id, ["因病"])
    assert suggestion.category is None and "已停用" in suggestion.reason
    with pytest.raises(UserFacingError, match="监测对象类别"):
        cases.propose(marginal.id, risk_types=["因病"], channel="基层干部排查", category="边缘易致贫户")
    with pytest.raises(UserFacingError, match="先帮后认只适用于“突发困难户”"):
        cases.propose(marginal.id, risk_types=["因病"], channel="基层干部排查", category="脱贫不稳定监测户",
                      fast_track=True)
    with ctx.db.read() as session:
        assert session.get(MonitoringCase, old.id).category == "脱贫不稳定户"  # never rewritten
    assert PolicyService(ctx).category_names_ever()[:4] == ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户",
                                                           "脱贫不稳定监测户")


def test_category_names_are_checked(ctx: ServiceContext) -> None:
    policy = PolicyService(ctx)
    with pytest.raises(UserFacingError, match="至少要有一个监测对象类别在用"):
        policy.set_category_names({"unstable_exited": "", "marginal": "", "sudden_hardship": ""})
    with pytest.raises(UserFacingError, match="不止一次"):
        policy.set_category_names({"unstable_exited": "甲", "marginal": "甲", "sudden_hardship": "乙"})
    with pytest.raises(UserFacingError, match="分隔符"):
        policy.set_category_names({"unstable_exited": "甲、乙", "marginal": "丙", "sudden_hardship": "丁"})
