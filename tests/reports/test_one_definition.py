"""One definition of every figure (issue 20): the 统计 overview, `fangpin stats`, the three reports
of the running period and the report workbook's totals give the same numbers on the same database,
each from app/services/reports/definitions.py, and docs/reports.md defines each one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.context import ServiceContext
from app.services.reports import ReportKind, ReportService
from app.services.reports.definitions import DEFINITIONS, shared
from app.services.reports.history import load_history
from app.services.reports.scope import resolve_scope
from app.services.stats import StatsService
from tests.conftest import PASSWORD, TODAY
from tests.reports.conftest import Query

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"


def _from_report(kind: ReportKind, period: str, county: ServiceContext) -> dict[str, object]:
    report = ReportService(county).build(kind, period)
    assert report.as_of == TODAY
    f = report.figures
    return {
        "households": f.households, "members": f.members, "monitored": f.monitored,
        "monitored_people": f.monitored_people,
        "monitored_by_category": {c.label: c.value for c in f.monitored_by_category},
        "in_procedure_by_stage": {c.label: c.value for c in f.in_procedure_by_stage},
        "identified_total": f.identified_total, "identified_people": f.identified_people_total,
        "eliminated_total": f.eliminated_total, "eliminated_people": f.eliminated_people_total,
        "elimination_rate": f.elimination_rate, "elimination_rate_people": f.elimination_rate_people,
        "overdue": f.overdue, "warnings_open": f.warnings_open,
        "township_monitored": {p.code: p.monitored for p in f.places},
        "township_households": {p.code: p.households for p in f.places},
        "township_overdue": {p.code: p.overdue for p in f.places},
    }


def _from_stats(stats: dict) -> dict[str, object]:
    return {
        "households": stats["households"], "members": stats["members"], "monitored": stats["monitored"],
        "monitored_people": stats["monitored_people"], "monitored_by_category": stats["monitored_by_category"],
        "in_procedure_by_stage": stats["in_procedure_by_stage"],
        "identified_total": stats["identified_total"], "identified_people": stats["identified_people"],
        "eliminated_total": stats["eliminated_total"], "eliminated_people": stats["eliminated_people"],
        "elimination_rate": stats["elimination_rate"], "elimination_rate_people": stats["elimination_rate_people"],
        "overdue": stats["overdue_visits"], "warnings_open": stats["open_warnings"],
        "township_monitored": {t["code"]: t["monitored"] for t in stats["townships"]},
        "township_households": {t["code"]: t["households"] for t in stats["townships"]},
        "township_overdue": {t["code"]: t["overdue_visits"] for t in stats["townships"]},
    }


def test_every_shared_figure_is_the_same_through_every_path(county_db: str, county: ServiceContext, sql: Query,
                                                           tmp_path: Path, capsys,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import asdict

    overview = _from_stats(asdict(StatsService(county).overview()))
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["stats", "--db", county_db, "--json"]) == 0
    command = _from_stats(json.loads(capsys.readouterr().out))
    paths = {"统计": overview, "fangpin stats": command,
             "月分析": _from_report(ReportKind.MONTHLY, f"{TODAY:%Y-%m}", county),
             "季调度": _from_report(ReportKind.QUARTERLY, f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}", county),
             "年考核": _from_report(ReportKind.YEARLY, str(TODAY.year), county)}
    for name, figures in paths.items():
        assert figures == overview, name
    # The figures are not empty, and the ones issue 20 found apart now agree:
    assert overview["monitored"] > 0 and overview["eliminated_total"] > 0
    assert sum(overview["monitored_by_category"].values()) == overview["monitored"]
    # 在监测户 includes the households in the elimination procedure …
    in_elimination = sql("SELECT count(DISTINCT c.household_id) FROM monitoringcase c JOIN household h "
                         "ON h.id = c.household_id WHERE c.deleted = false AND h.deleted = false "
                         "AND c.procedure = 'elimination' AND c.eliminated_on IS NULL "
                         "AND c.identified_on IS NOT NULL")[0][0]
    approved = sql("SELECT count(DISTINCT c.household_id) FROM monitoringcase c JOIN household h "
                   "ON h.id = c.household_id WHERE c.deleted = false AND h.deleted = false "
                   "AND c.identified_on IS NOT NULL AND c.eliminated_on IS NULL")[0][0]
    assert overview["monitored"] == approved and in_elimination > 0
    # … and the by-person rate is the members' one.
    assert overview["elimination_rate_people"] == pytest.approx(
        overview["eliminated_people"] / overview["identified_people"])
    # The report workbook's totals line is the same.
    out = tmp_path / "月分析.xlsx"
    ReportService(county).write(ReportService(county).build(ReportKind.MONTHLY, f"{TODAY:%Y-%m}"), out)
    sheet = openpyxl.load_workbook(out)["分乡镇情况"]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "合计")
    assert (total[1], total[2], total[7]) == (overview["households"], overview["monitored"], overview["overdue"])
    # The definitions module gives them directly too.
    direct = shared(load_history(county, resolve_scope(county, None)), TODAY)
    assert (direct.monitored, direct.eliminated_total, direct.overdue) == (
        overview["monitored"], overview["eliminated_total"], overview["overdue"])


def test_every_definition_is_documented_in_chinese() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for definition in DEFINITIONS:
        assert f"| {definition.name} | {definition.text} |" in text, definition.name


def test_identification_days_match_plain_sql(county: ServiceContext, sql: Query) -> None:
    as_date = lambda v: v if not isinstance(v, str) else date.fromisoformat(v)  # noqa: E731
    latest = as_date(sql("SELECT max(identified_on) FROM monitoringcase WHERE deleted = false")[0][0])
    report = ReportService(county).build(ReportKind.YEARLY, str(latest.year))
    rows = sql("SELECT c.identified_on, min(s.acted_on) FROM monitoringcase c "
               "JOIN household h ON h.id = c.household_id JOIN casestep s ON s.case_id = c.id "
               "WHERE c.deleted = false AND h.deleted = false AND s.deleted = false "
               "AND s.procedure = 'identification' AND c.identified_on BETWEEN :a AND :b "
               "GROUP BY c.id, c.identified_on", a=f"{latest.year}-01-01", b=f"{latest.year}-12-31")
    expected = sorted((as_date(identified) - as_date(first)).days for identified, first in rows)
    assert expected and list(report.figures.identification_days) == expected
    shown = dict(report_rows(report))
    assert shown["识别办理天数"] == (f"平均 {sum(expected) / len(expected):.1f} 天，最长 {max(expected)} 天"
                                f"（{len(expected)} 户）")


def report_rows(report) -> list[tuple[str, str]]:
    from app.printing.analysis_data import key_figures

    return key_figures(report)
