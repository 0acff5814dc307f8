"""年考核 indicators and the township ranking (issue 20) on a small county whose every figure is known
by construction: two townships, six households, their cases, steps, measures and visits.

Township A (131122100): A1 labour-able, employment measure → covered; identified 3-10 (9 days);
visits due 4-15 (made 4-10, on time) and 5-10 (made 5-20, late). A2 labour-able, health measure
only → not covered; 19 days. A3 no labour, eliminated 2026-08-01 (1 person).
Township B (131122101): B1 labour-able, industry measure → covered; 5 days; three visits due, all on
time. B2 labour-able (weak), a planned public-welfare post; 11 days; eliminated 2026-10-01 (2 people).
B3 labour-able, 低保 and 资产帮扶·基础设施建设 (not development in the national table) → not covered;
1 day."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.domain.idnumber import make_id_number
from app.services.households import HouseholdService
from app.services.reports import ReportKind, ReportService, report_dict
from app.services.reports.definitions import median
from app.services.reports.ranking import competition_ranks
from app.store.models import CaseStep, Measure, MonitoringCase, Visit

A, B = "131122100201", "131122101201"
D = date


@pytest.fixture
def county(ctx):
    numbers = iter(range(10, 999))

    def household(village: str, skills: list[str]) -> str:
        members = [{"name": f"成员{n}", "relation": "户主" if n == 0 else "之子", "labour_skill": skill,
                    "id_number": make_id_number("131122", D(1960 + n * 15, 1, 1), next(numbers))}
                   for n, skill in enumerate(skills)]
        return HouseholdService(ctx).create({"village_code": village, "household_type": "脱贫户"}, members).id

    rows = []

    def case(household_id: str, first: date, identified: date, eliminated: date | None = None) -> None:
        case = MonitoringCase(household_id=household_id, category="脱贫不稳定户", risk_types=["因病"],
                              discovery_channel="基层干部排查",
                              procedure="elimination" if eliminated else "identification",
                              stage="approved", status="风险已消除" if eliminated else "风险未消除", proposed_on=first,
                              stage_since=eliminated or identified, identified_on=identified, eliminated_on=eliminated,
                              elimination_method="帮扶消除" if eliminated else "", closed=bool(eliminated))
        rows.append(case)
        for step, on in (("proposed", first), ("approved", identified)):
            rows.append(CaseStep(case_id=case.id, procedure="identification", step=step, acted_on=on,
                                 actor_name="县中心", actor_role="county"))
        if eliminated:
            for step in ("proposed", "approved"):
                rows.append(CaseStep(case_id=case.id, procedure="elimination", step=step, acted_on=eliminated,
                                     actor_name="县中心", actor_role="county"))

    def measure(household_id: str, kind: str, item: str, start: date, status: str = "实施中") -> None:
        rows.append(Measure(household_id=household_id, kind=kind, item=item, start_date=start, status=status))

    def visits(household_id: str, *pairs: tuple[date, date | None]) -> None:
        rows.extend(Visit(household_id=household_id, visit_date=on, next_visit_date=due, visitor="网格员",
                          form_id="visit", form_version="1") for on, due in pairs)

    a1 = household(A, ["普通劳动力", "无劳动力"])
    a2 = household(A, ["技能劳动力", "丧失劳动力", "无劳动力"])
    a3 = household(A, ["无劳动力"])
    b1 = household(B, ["普通劳动力", "无劳动力", "无劳动力", "无劳动力"])
    b2 = household(B, ["弱劳动力或半劳动力", "无劳动力"])
    b3 = household(B, ["普通劳动力", "无劳动力", "无劳动力"])
    case(a1, D(2026, 3, 1), D(2026, 3, 10))
    case(a2, D(2026, 5, 1), D(2026, 5, 20))
    case(a3, D(2025, 5, 20), D(2025, 6, 1), eliminated=D(2026, 8, 1))
    case(b1, D(2026, 2, 5), D(2026, 2, 10))
    case(b2, D(2026, 6, 1), D(2026, 6, 12), eliminated=D(2026, 10, 1))
    case(b3, D(2026, 6, 30), D(2026, 7, 1))
    measure(a1, "就业帮扶", "稳岗就业", D(2026, 4, 1))
    measure(a2, "健康帮扶", "医疗救助", D(2026, 6, 1))
    measure(b1, "产业帮扶", "种养殖扶持", D(2026, 3, 1))
    measure(b2, "就业帮扶", "护林员", D(2026, 7, 1), status="计划")
    measure(b3, "兜底保障和社会救助", "低保", D(2026, 7, 5))
    measure(b3, "扶贫项目资产帮扶", "基础设施建设", D(2026, 7, 5))
    visits(a1, (D(2026, 3, 15), D(2026, 4, 15)), (D(2026, 4, 10), D(2026, 5, 10)), (D(2026, 5, 20), D(2027, 1, 1)))
    visits(b1, (D(2026, 2, 10), D(2026, 3, 10)), (D(2026, 3, 10), D(2026, 4, 10)), (D(2026, 4, 9), D(2026, 5, 9)),
           (D(2026, 5, 1), D(2027, 1, 1)))
    with ctx.db.write(ctx.actor) as session:
        session.add_all(rows)
    return ctx


def test_the_indicators_of_the_county_are_the_known_figures(county) -> None:
    report = ReportService(county).build(ReportKind.YEARLY, "2026")
    i = report.indicators
    assert (i.able_households, i.developed, i.coverage) == (4, 2, 0.5)
    assert i.approval_days == (1, 5, 9, 11, 19) and (i.approval_mean, i.approval_median) == (9.0, 9.0)
    assert (i.eliminated_households, i.eliminated_people) == (2, 3)
    assert (i.visits_due, i.visits_on_time, i.on_time_rate) == (5, 4, 0.8)
    shown = dict((k, v) for k, v in report_rows(report))
    assert shown["开发式帮扶覆盖率"].startswith("2 / 4 户") and "50.0%" in shown["开发式帮扶覆盖率"]
    assert shown["识别办理天数（平均 / 中位数）"] == "9.0 / 9.0 天（5 户）"
    assert shown["本期风险消除（户 / 人）"] == "2 户 / 3 人"
    assert "4 / 5" in shown["按时走访率"] and "80.0%" in shown["按时走访率"]


def test_the_townships_are_ranked_each_on_its_own_households(county, tmp_path: Path) -> None:
    report = ReportService(county).build(ReportKind.YEARLY, "2026")
    lines = {line.code: line for line in report.ranking}
    a, b = lines["131122100000"], lines["131122101000"]
    assert (a.indicators.coverage, a.indicators.approval_mean, a.indicators.eliminated_people,
            a.indicators.on_time_rate) == (0.5, 14.0, 1, 0.5)
    assert (b.indicators.coverage, round(b.indicators.approval_mean, 2), b.indicators.eliminated_people,
            b.indicators.on_time_rate) == (0.5, 5.67, 2, 1.0)
    assert (a.ranks, a.overall) == ((1, 2, 2, 2), 2)  # coverage tied: both first
    assert (b.ranks, b.overall) == ((1, 1, 1, 1), 1)
    # A township's report ranks its villages: only one has households here, so there is nothing to rank.
    assert ReportService(county).build(ReportKind.YEARLY, "2026", scope="131122100").ranking == ()

    data = report_dict(report)
    assert data["indicators"]["coverage"] == 0.5 and data["ranking"][0]["indicators"]["on_time_rate"] is not None
    xlsx = tmp_path / "年考核.xlsx"
    ReportService(county).write(report, xlsx)
    sheet = openpyxl.load_workbook(xlsx)["分乡镇考核排名"]
    ranked = [row for row in sheet.iter_rows(values_only=True) if row[0] in ("1", "2")]
    assert [row[0] for row in ranked] == ["1", "2"] and "100.0%（1）" in ranked[0]
    pdf = tmp_path / "年考核.pdf"
    ReportService(county).write(report, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "分乡镇考核排名" in text and "开发式帮扶覆盖率" in text and "14.0（2）" in text


def test_ranks_share_ties_and_put_missing_values_last() -> None:
    assert competition_ranks([0.5, 0.9, 0.5, None], higher_is_better=True) == [2, 1, 2, 4]
    assert competition_ranks([14.0, None, 5.0], higher_is_better=False) == [2, 3, 1]
    assert (median([]), median([3, 1, 2]), median([4, 1, 3, 2])) == (None, 2.0, 2.5)


def report_rows(report) -> list[tuple[str, str]]:
    from app.printing.analysis_data import key_figures

    return key_figures(report)
