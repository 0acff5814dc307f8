"""The card says what is true (issue 19, item 8): the procedure stage in plain words, the category
and risk status only once the county has approved the identification."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from app.domain.procedure import Decision, Stage
from app.printing.card import write_card
from app.services import printouts
from app.services.cases import CaseService
from app.services.printouts.cards import monitoring_state
from tests.conftest import TODAY
from tests.printing.conftest import pdf_text
from tests.services.helpers import cross_check, poor_household

START = date(2026, 10, 5)


def _facts(ctx, household_id: str, tmp_path: Path) -> str:
    out = tmp_path / f"card-{household_id}.pdf"
    write_card(out, printouts.card(ctx, household_id, TODAY))
    return pdf_text(out)[0]


def test_a_household_only_proposed_is_not_printed_as_monitored(ctx, people, tmp_path: Path) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=4000)
    CaseService(ctx).propose(household.id, risk_types=["因病"], channel="农户自主申报", on=START)
    data = printouts.card(ctx, household.id, TODAY)
    assert (data.state, data.category, data.status) == ("申报中", "", "")
    text = _facts(ctx, household.id, tmp_path)
    assert "监测状态" in text and "申报中" in text and "待县级审定" in text
    assert "边缘易致贫户" not in text and "风险未消除" not in text


def test_each_stage_in_plain_words(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=4000)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=START)
    seen = [printouts.card(ctx, household.id, TODAY).state]
    for offset, step in enumerate((Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED), start=1):
        cases.take_step(case.id, step, on=START + timedelta(days=offset))
        seen.append(printouts.card(ctx, household.id, TODAY).state)
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=START + timedelta(days=10))
    seen.append(printouts.card(ctx, household.id, TODAY).state)
    cross_check(ctx, case.id, START + timedelta(days=11))
    seen.append(printouts.card(ctx, household.id, TODAY).state)
    cases.take_step(case.id, Stage.APPROVED, on=START + timedelta(days=12))
    data = printouts.card(ctx, household.id, TODAY)
    seen.append(data.state)
    assert seen == ["申报中", "申报中", "申报中", "公示中", "审核中", "审核中", "已纳入监测"]
    assert (data.category, data.status) == ("边缘易致贫户", "风险未消除")
    assert data.identified_on == (START + timedelta(days=12)).isoformat()


def test_a_turned_down_case_and_the_elimination_stages(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=4000)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=START)
    for offset, step in enumerate((Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED), start=1):
        cases.take_step(case.id, step, on=START + timedelta(days=offset))
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, decision=Decision.REJECT, note="收入核实后高于监测线",
                    on=START + timedelta(days=10))
    data = printouts.card(ctx, household.id, TODAY)
    assert (data.state, data.category, data.status, data.risk_types) == ("未纳入监测", "", "", [])

    def elimination(stage: str, closed: bool = False) -> SimpleNamespace:
        return SimpleNamespace(procedure="elimination", stage=stage, closed=closed,
                               identified_on=START, eliminated_on=TODAY if closed else None)

    assert monitoring_state(elimination("proposed")) == "已纳入监测（风险消除办理中）"
    assert monitoring_state(elimination("posted")) == "已纳入监测（风险消除公示中）"
    assert monitoring_state(elimination("approved", closed=True)) == "风险已消除"
    assert monitoring_state(None) == "未纳入监测"
