"""季调度: the households needing attention, each reason checked against the data independently."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

from app.domain.procedure import Stage
from app.printing.analysis_data import ReportData
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.reports import AttentionRules, ReportKind, ReportService, working_days
from tests.reports.conftest import TOWNSHIP, Query, sql_on
from tests.reports.expected import IN_SCOPE, MEASURE_IN_FORCE, MONITORED, prefix_of


def _reasons(report: ReportData) -> dict[str, set[str]]:
    """Household number → the kinds of reason listed for it."""
    return {item.household_number: {r.kind for r in item.reasons}
            for village in report.attention for item in village.items}


def _with(reasons: dict[str, set[str]], kind: str) -> set[str]:
    return {number for number, kinds in reasons.items() if kind in kinds}


def test_working_days_skip_weekends() -> None:
    friday = date(2026, 11, 20)
    assert working_days(friday, friday + timedelta(days=3)) == 1  # Sat, Sun, Mon
    assert working_days(friday, friday + timedelta(days=7)) == 5
    assert working_days(friday, friday) == 0


def test_attention_list_matches_independent_checks(county: ServiceContext, sql: Query) -> None:
    report = ReportService(county).build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP)
    as_of = "2026-09-30"
    p = {"prefix": prefix_of(TOWNSHIP), "as_of": as_of}
    reasons = _reasons(report)
    assert reasons and all(village.code.startswith(TOWNSHIP[:9]) for village in report.attention)

    old_warnings = {n for (n,) in sql(
        f"SELECT h.household_number FROM warning w JOIN household h ON h.id = w.household_id WHERE w.deleted = false "
        f"AND w.raised_on < :limit AND (w.status = '待处置' OR w.handled_on > :as_of) AND {IN_SCOPE}",
        limit=(date(2026, 9, 30) - timedelta(days=15)).isoformat(), **p)}
    assert _with(reasons, "预警久未处置") == old_warnings and old_warnings

    monitored = f"SELECT c.household_id FROM monitoringcase c WHERE {MONITORED}"
    overdue = {n for (n,) in sql(
        f"SELECT h.household_number FROM household h WHERE {IN_SCOPE} AND h.id IN ({monitored}) AND "
        f"(SELECT v.next_visit_date FROM visit v WHERE v.household_id = h.id AND v.deleted = false "
        f"AND v.visit_date <= :as_of ORDER BY v.visit_date DESC LIMIT 1) < :as_of", **p)}
    assert _with(reasons, "走访逾期") == overdue

    no_helper = {n for (n,) in sql(
        f"SELECT h.household_number FROM household h WHERE {IN_SCOPE} AND h.id IN ({monitored}) AND h.id NOT IN "
        f"(SELECT a.household_id FROM assignment a WHERE a.deleted = false AND a.start_date <= :as_of "
        f"AND (a.end_date IS NULL OR a.end_date >= :as_of))", **p)}
    assert _with(reasons, "未落实帮扶责任人") == no_helper

    answered: dict[str, set[str]] = defaultdict(set)
    for number, risk in sql(f"SELECT h.household_number, m.risk_type FROM measure m JOIN household h "
                            f"ON h.id = m.household_id WHERE {MEASURE_IN_FORCE} AND {IN_SCOPE}", **p):
        answered[number].add(risk)
    unanswered = set()
    for number, risks in sql(f"SELECT h.household_number, c.risk_types FROM monitoringcase c JOIN household h "
                             f"ON h.id = c.household_id WHERE {MONITORED} AND {IN_SCOPE}", **p):
        # SQLite hands JSON columns back as text, PostgreSQL's driver already decoded.
        if set(risks if isinstance(risks, list) else json.loads(risks)) - answered[number]:
            unanswered.add(number)
    assert _with(reasons, "风险无针对性措施") == unanswered and unanswered
    summary = {c.label: c.value for c in report.attention_summary}
    assert summary["预警久未处置"] == len(old_warnings) and summary["风险无针对性措施"] == len(unanswered)
    assert report.attention_households == len(reasons)
    assert report.notes and "15 天" in report.notes[1]


def test_a_case_waiting_past_its_step_limit_is_listed(county_copy: ServiceContext) -> None:
    run = sql_on(county_copy)
    household_id, number = run(
        f"SELECT h.id, h.household_number FROM household h WHERE {IN_SCOPE} AND h.id NOT IN "
        f"(SELECT household_id FROM monitoringcase) LIMIT 1", prefix=prefix_of(TOWNSHIP))[0]
    proposed = date(2026, 8, 3)  # a Monday; verified two days later, then nothing
    case = CaseService(county_copy).propose(household_id, risk_types=["因病"], channel="基层干部排查",
                                            category="边缘易致贫户", on=proposed)
    CaseService(county_copy).take_step(case.id, Stage.VERIFIED, on=proposed + timedelta(days=2))
    service = ReportService(county_copy)
    august = _reasons(service.build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP))
    assert "程序超时" in august[number]
    item = next(i for v in service.build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP).attention for i in v.items
                if i.household_number == number)
    assert item.status == "识别纳入·已入户核实"
    assert "已入户核实" in item.reasons[0].text and "2026-08-05" in item.reasons[0].text
    # A looser limit for that step leaves it off the list.
    loose = AttentionRules(stage_limits={Stage.VERIFIED: 100})
    assert number not in _reasons(service.build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP, rules=loose))
    # The quarter before it was proposed knows nothing of it.
    assert number not in _reasons(service.build(ReportKind.QUARTERLY, "2026-Q2", TOWNSHIP))
