"""One entry point for the station reports: 月分析 (monthly), 季调度 (quarterly), 年考核 (yearly),
for a village, township or county, on screen, as JSON, PDF or Excel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.categories import HouseholdType
from app.domain.errors import UserFacingError
from app.domain.income import line_in_force
from app.printing.analysis import write_report
from app.printing.analysis_data import PoorIncome, ReportData, YearChecks
from app.printing.batch import atomic_output
from app.services.context import ServiceContext
from app.services.policy import PolicyService, kind_origins_from, line_warning_from, measure_items_from
from app.services.reports.attention import AttentionRules, attention
from app.services.reports.definitions import monitored_cases
from app.services.reports.excel import write_report_xlsx
from app.services.reports.figures import KindPolicy, figures, months
from app.services.reports.history import History, load_history, load_incomes, load_unmet_checks
from app.services.reports.indicators import indicators, load_development_facts
from app.services.reports.period import Period, ReportKind, parse_period
from app.services.reports.ranking import ranking
from app.services.reports.scope import ReportScope, resolve_scope

OUTPUTS = (".pdf", ".xlsx")


class ReportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def build(self, kind: ReportKind | str, period: str, scope: str | None = None,
              rules: AttentionRules | None = None) -> ReportData:
        """Compute a report; ``scope`` is a division code within the database's area (None: all of it)."""
        kind = ReportKind(kind)
        today = self.ctx.today()
        span = parse_period(kind, period, today)
        place = resolve_scope(self.ctx, scope)
        history = load_history(self.ctx, place)
        as_of = span.as_of(today)
        extra: dict[str, Any] = {}
        if kind is not ReportKind.MONTHLY:
            extra["months"] = months(history, span, today)
        if kind is ReportKind.QUARTERLY:
            policy = PolicyService(self.ctx)
            rules = rules or AttentionRules.from_policy(policy.procedure_limits(), policy.posting_days())
            extra["attention"], extra["attention_summary"] = attention(history, place, as_of, rules)
            extra["notes"] = rules.notes()
        if kind is ReportKind.YEARLY:
            extra["year"] = self._year_checks(history, place, span, as_of)
            facts = load_development_facts(self.ctx, place)
            extra["indicators"] = indicators(history, facts, span.start, as_of)
            extra["ranking"] = ranking(history, facts, place, span.start, as_of)
        with self.ctx.db.read() as session:
            warning = line_warning_from(session, as_of)
            kinds = KindPolicy(measure_items_from(session, as_of), kind_origins_from(session))
        extra["warnings"] = (warning,) if warning else ()
        return ReportData(kind=kind.value, title=kind.title, place=place.full_name, scope_code=place.code,
                          period=span.code, period_label=span.label, start=span.start, end=span.end,
                          as_of=as_of, printed_on=today, figures=figures(history, place, span, today, kinds), **extra)

    def write(self, report: ReportData, out: Path) -> Path:
        """Write the report as PDF or Excel (by the file's ending), whole or not at all."""
        writer = _writer(out)
        with atomic_output(out) as partial:
            writer(partial, report)
        return out

    def _year_checks(self, history: History, place: ReportScope, span: Period, as_of: date) -> YearChecks:
        """返贫致贫 as the policy defines it, households in monitoring apart from 应纳未纳 ones."""
        year = span.start.year
        history.incomes = load_incomes(self.ctx, place, year)
        policy = PolicyService(self.ctx)
        definition = policy.poverty_definition()
        standard = definition.standard(line_in_force(policy.income_lines(), as_of).amount)
        low = {household_id: income for (household_id, _year), income in history.incomes.items()
               if household_id in history.households and income < standard}
        unmet = load_unmet_checks(self.ctx, low)
        monitored = monitored_cases(history, as_of)
        below, returned, not_taken_in = [], [], []
        for household_id, income in low.items():
            household = history.households[household_id]
            line = PoorIncome(place.villages.get(household.village_code, household.village_code), household.number,
                              household.head_name, _type_of(household), float(income),
                              "、".join(unmet.get(household_id, ())))
            below.append(line)
            if definition.meets(income, standard, unmet.get(household_id, ())):
                (returned if household_id in monitored else not_taken_in).append(line)
        order = lambda p: (p.village, p.household_number)  # noqa: E731
        return YearChecks(income_year=year, poverty_standard=float(standard),
                          below_standard=tuple(sorted(below, key=order)), households_with_income=len(history.incomes),
                          returned=tuple(sorted(returned, key=order)),
                          not_taken_in=tuple(sorted(not_taken_in, key=order)), definition=definition.describe())


def report_dict(report: ReportData) -> dict[str, Any]:
    """Everything the report shows, with the derived rates, for JSON."""
    data = asdict(report)
    figures = report.figures
    data["figures"].update(monitored=figures.monitored, monitored_people=figures.monitored_people,
                           identified=figures.identified, eliminated=figures.eliminated,
                           elimination_rate=figures.elimination_rate,
                           elimination_rate_people=figures.elimination_rate_people, visit_rate=figures.visit_rate,
                           helper_coverage=figures.helper_coverage, warnings_raised=figures.warnings_raised)
    if report.year is not None:
        data["year"]["returned_to_poverty"] = report.year.returned_to_poverty
    if report.indicators is not None:
        data["indicators"].update(coverage=report.indicators.coverage, on_time_rate=report.indicators.on_time_rate)
    for line, shown in zip(report.ranking, data["ranking"], strict=True):
        shown["indicators"].update(coverage=line.indicators.coverage, on_time_rate=line.indicators.on_time_rate)
    data["attention_households"] = report.attention_households
    return data


def _type_of(household: Any) -> str:
    if household.registered_poor and household.household_type != HouseholdType.POVERTY_EXITED:
        return f"{household.household_type}（建档立卡）"
    return household.household_type


def _writer(out: Path) -> Callable[[Path, ReportData], None]:
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return write_report
    if suffix == ".xlsx":
        return write_report_xlsx
    raise UserFacingError(f"报表文件“{out.name}”应以 .pdf 或 .xlsx 结尾。", field="输出文件")
