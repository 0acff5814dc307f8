"""Every figure of the three reports against counts made independently (tests/reports/expected.py),
for the county, a township and a village; a past month as history has it, not as things stand."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

import pytest

from app.services.context import ServiceContext
from app.services.reports import ReportKind, ReportService
from app.services.warnings import WarningService
from tests.conftest import TODAY
from tests.reports.conftest import TOWNSHIP, VILLAGE, Query, sql_on
from tests.reports.expected import IN_SCOPE, MONITORED, expected_figures, figures_of, prefix_of

COUNTY = "131122000000"
SCOPES = (COUNTY, TOWNSHIP, VILLAGE)


def _months(*spans: tuple[date, date]) -> list[tuple[date, date]]:
    return [(start, min(end, TODAY)) for start, end in spans]


@pytest.mark.parametrize("scope", SCOPES)
def test_monthly_figures_match_independent_counts(county: ServiceContext, sql: Query, scope: str) -> None:
    report = ReportService(county).build(ReportKind.MONTHLY, "2026-10", scope)
    assert report.as_of == date(2026, 10, 31) and report.start == date(2026, 10, 1)
    expected = expected_figures(sql, scope, date(2026, 10, 1), date(2026, 10, 31),
                                _months((date(2026, 10, 1), date(2026, 10, 31))))
    assert figures_of(report) == expected
    f = report.figures
    assert f.households > 0 and f.visits_done > 0 and f.monitored > 0
    assert f.identified_total == f.monitored + f.eliminated_total
    assert f.elimination_rate == pytest.approx(expected["eliminated_total"] / expected["identified_total"])
    # The lines add up to the whole: townships in the county, the village in its township.
    for name in ("households", "monitored", "identified", "eliminated", "visits_due", "due_visited", "overdue",
                 "with_helper"):
        total = {"identified": f.identified, "eliminated": f.eliminated}.get(name, getattr(f, name, None))
        assert sum(getattr(p, name) for p in f.places) == total, name
    assert sum(p.warnings_raised for p in f.places) == f.warnings_raised
    assert f.place_kind == ("乡镇" if scope == COUNTY else "村")
    # All eleven measure kinds are listed, in the Hebei order, even when none is in force.
    assert [m.kind for m in f.measures][:11] == [
        "产业帮扶", "就业帮扶", "金融帮扶", "健康帮扶", "教育帮扶", "住房安全保障", "饮水安全保障", "扶贫项目资产帮扶",
        "兜底保障和社会救助", "社会帮扶", "扶志扶智"]


def test_scopes_partition_the_county(county: ServiceContext) -> None:
    service = ReportService(county)
    whole = service.build(ReportKind.MONTHLY, "2026-10").figures
    townships = [service.build(ReportKind.MONTHLY, "2026-10", p.code).figures for p in whole.places]
    assert len(townships) == 2
    for name in ("households", "members", "monitored", "identified_total", "eliminated_total", "visits_done",
                 "visits_due", "overdue", "warnings_open", "with_helper"):
        assert sum(getattr(t, name) for t in townships) == getattr(whole, name), name


def test_quarter_and_year_figures_match_independent_counts(county: ServiceContext, sql: Query) -> None:
    service = ReportService(county)
    quarter = service.build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP)
    months = _months((date(2026, 7, 1), date(2026, 7, 31)), (date(2026, 8, 1), date(2026, 8, 31)),
                     (date(2026, 9, 1), date(2026, 9, 30)))
    assert figures_of(quarter) == expected_figures(sql, TOWNSHIP, date(2026, 7, 1), date(2026, 9, 30), months)
    assert [m.label for m in quarter.months] == ["7月", "8月", "9月"]
    assert sum(m.visits_due for m in quarter.months) == quarter.figures.visits_due
    assert sum(m.identified for m in quarter.months) == quarter.figures.identified

    year = service.build(ReportKind.YEARLY, "2025", VILLAGE)
    months = _months(*((date(2025, m, 1), date(2025, m, monthrange(2025, m)[1])) for m in range(1, 13)))
    assert figures_of(year) == expected_figures(sql, VILLAGE, date(2025, 1, 1), date(2025, 12, 31), months)
    assert len(year.months) == 12 and year.as_of == date(2025, 12, 31)
    assert sum(m.eliminated for m in year.months) == year.figures.eliminated
    assert sum(m.visits_done for m in year.months) == year.figures.visits_done

    running = service.build(ReportKind.YEARLY, "2026")  # the running year stops today
    assert running.as_of == TODAY and len(running.months) == 11


def test_year_check_households_below_the_poverty_standard(county: ServiceContext, sql: Query) -> None:
    report = ReportService(county).build(ReportKind.YEARLY, "2026", TOWNSHIP)
    checks = report.year
    assert checks is not None and checks.income_year == 2026
    line = sql("SELECT amount FROM incomeline WHERE deleted = false AND effective_from <= :d "
               "ORDER BY effective_from DESC LIMIT 1", d=TODAY.isoformat())[0][0]
    standard = float(line) / 1.5
    assert checks.poverty_standard == pytest.approx(standard, abs=0.01)
    below = sql(f"SELECT h.head_name FROM incomerecord i JOIN household h ON h.id = i.household_id "
                f"WHERE i.deleted = false AND i.year = 2026 AND i.per_capita_income < :s AND {IN_SCOPE}",
                s=round(standard, 2), prefix=prefix_of(TOWNSHIP))
    assert sorted(p.head_name for p in checks.below_standard) == sorted(name for (name,) in below)
    assert checks.households_with_income == sql(
        f"SELECT count(*) FROM incomerecord i JOIN household h ON h.id = i.household_id "
        f"WHERE i.deleted = false AND i.year = 2026 AND {IN_SCOPE}", prefix=prefix_of(TOWNSHIP))[0][0]


def test_a_past_month_is_taken_from_history_not_from_today(county: ServiceContext, sql: Query) -> None:
    """Cases eliminated since, and warnings handled since, still count as they stood then."""
    service = ReportService(county)
    june = service.build(ReportKind.MONTHLY, "2026-06").figures
    now = service.build(ReportKind.MONTHLY, "2026-11").figures
    current = sql("SELECT count(*) FROM monitoringcase WHERE deleted = false AND identified_on IS NOT NULL "
                  "AND eliminated_on IS NULL")[0][0]
    then = sql(f"SELECT count(DISTINCT c.household_id) FROM monitoringcase c WHERE {MONITORED}", as_of="2026-06-30")
    assert now.monitored == current and june.monitored == then[0][0]
    assert june.monitored != current  # the demo's history differs from today's state here
    eliminated_since = sql("SELECT count(*) FROM monitoringcase WHERE deleted = false AND eliminated_on > '2026-06-30'")
    assert eliminated_since[0][0] > 0


def test_handling_a_warning_today_changes_this_month_not_a_past_one(county_copy: ServiceContext) -> None:
    service = ReportService(county_copy)
    october, november = (service.build(ReportKind.MONTHLY, p).figures for p in ("2026-10", "2026-11"))
    waiting = sql_on(county_copy)("SELECT id FROM warning WHERE deleted = false AND status = '待处置' "
                                  "AND raised_on <= '2026-10-31' LIMIT 1")[0][0]
    WarningService(county_copy).handle(waiting, "已入户核实，落实临时救助。")
    october_after, november_after = (service.build(ReportKind.MONTHLY, p).figures for p in ("2026-10", "2026-11"))
    assert october_after.warnings_open == october.warnings_open
    assert october_after.warnings_handled == october.warnings_handled
    assert november_after.warnings_open == november.warnings_open - 1
    assert november_after.warnings_handled == november.warnings_handled + 1


def test_a_month_before_any_data_is_all_zero(county: ServiceContext) -> None:
    f = ReportService(county).build(ReportKind.MONTHLY, "2020-01").figures
    assert f.monitored == f.identified_total == f.visits_done == f.visits_due == f.warnings_raised == 0
    assert f.elimination_rate is None and f.households > 0  # the household list is today's
