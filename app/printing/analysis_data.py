"""What the station reports (月分析, 季调度, 年考核) show, as plain values: the services compute
them, the PDF and Excel writers and the 报表 page draw them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.printing.data import Count
from app.printing.report_ranking import Indicators, RankLine, indicator_pairs


@dataclass(frozen=True)
class MeasureLine:
    kind: str
    in_force: int  # measures in force on the report date
    households: int  # households with at least one of them in force
    started: int  # measures begun within the period
    amount: float  # yuan, of the measures begun within the period


@dataclass(frozen=True)
class WarningLine:
    title: str
    raised: int  # within the period
    handled: int  # of those, handled by the report date
    pending: int  # of those, still waiting then


@dataclass(frozen=True)
class PlaceLine:
    """One township's (county report) or village's line."""

    code: str
    name: str
    households: int
    monitored: int
    identified: int
    eliminated: int
    visits_due: int
    due_visited: int
    overdue: int
    warnings_raised: int
    with_helper: int


@dataclass(frozen=True)
class MonthLine:
    """One month of a quarter or a year."""

    label: str
    identified: int
    eliminated: int
    visits_done: int
    visits_due: int
    due_visited: int
    warnings_raised: int


@dataclass(frozen=True)
class Figures:
    """A period's figures for one scope; see docs/reports.md for each definition."""

    households: int
    members: int
    monitored_by_category: tuple[Count, ...]
    monitored_people_by_category: tuple[Count, ...]
    in_procedure_by_stage: tuple[Count, ...]
    identified_by_category: tuple[Count, ...]
    eliminated_by_method: tuple[Count, ...]
    identified_total: int
    eliminated_total: int
    risk_types: tuple[Count, ...]
    main_risks: tuple[Count, ...]
    measures: tuple[MeasureLine, ...]
    visits_done: int
    households_visited: int
    visits_due: int
    due_visited: int
    overdue: int
    overdue_monitored: int
    warnings: tuple[WarningLine, ...]
    warnings_handled: int  # handled within the period, whenever raised
    warnings_open: int  # waiting on the report date
    with_helper: int
    helper_persons: int
    places: tuple[PlaceLine, ...]
    place_kind: str  # "乡镇" or "村"
    identified_people_total: int = 0  # members of the identified_total households
    eliminated_people_total: int = 0  # members of the eliminated_total households
    identification_days: tuple[int, ...] = ()  # 申报 to 县级审定, calendar days, of the period's identifications

    @property
    def monitored(self) -> int:
        return sum(c.value for c in self.monitored_by_category)

    @property
    def monitored_people(self) -> int:
        return sum(c.value for c in self.monitored_people_by_category)

    @property
    def identified(self) -> int:
        return sum(c.value for c in self.identified_by_category)

    @property
    def eliminated(self) -> int:
        return sum(c.value for c in self.eliminated_by_method)

    @property
    def elimination_rate(self) -> float | None:
        """消除风险率 as the province reports it: eliminated ÷ all ever identified."""
        return self.eliminated_total / self.identified_total if self.identified_total else None

    @property
    def elimination_rate_people(self) -> float | None:
        """消除风险率 by person: the members of eliminated ÷ of all ever identified households."""
        return (self.eliminated_people_total / self.identified_people_total
                if self.identified_people_total else None)

    @property
    def visit_rate(self) -> float | None:
        return self.due_visited / self.visits_due if self.visits_due else None

    @property
    def helper_coverage(self) -> float | None:
        return self.with_helper / self.monitored if self.monitored else None

    @property
    def warnings_raised(self) -> int:
        return sum(w.raised for w in self.warnings)


@dataclass(frozen=True)
class Reason:
    kind: str  # one of ATTENTION_KINDS
    text: str


@dataclass(frozen=True)
class AttentionItem:
    """A household the quarterly dispatch meeting has to look at, and why."""

    household_id: str
    household_number: str
    head_name: str
    phone: str
    status: str  # 监测中（category）, 识别纳入·公示中 …, or 一般农户
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class AttentionVillage:
    code: str
    name: str
    items: tuple[AttentionItem, ...]


@dataclass(frozen=True)
class PoorIncome:
    """A household whose income of the year fell below the poverty standard (返贫致贫)."""

    village: str
    household_number: str
    head_name: str
    household_type: str
    per_capita_income: float
    unmet: str = ""  # the checks of 两不愁三保障 and 饮水安全 not secured, 、-joined


@dataclass(frozen=True)
class YearChecks:
    income_year: int
    poverty_standard: float  # the monitoring line in force at the year's end ÷ the policy's ratio
    below_standard: tuple[PoorIncome, ...]  # income below the standard, whatever else
    households_with_income: int
    # Meeting the policy's 返贫致贫 definition: households in monitoring, and those not (应纳未纳).
    returned: tuple[PoorIncome, ...] = ()
    not_taken_in: tuple[PoorIncome, ...] = ()
    definition: str = ""

    @property
    def returned_to_poverty(self) -> int:
        return len(self.returned) + len(self.not_taken_in)


@dataclass(frozen=True)
class ReportData:
    kind: str  # "monthly", "quarterly", "yearly"
    title: str  # 月分析 …
    place: str  # the scope's full name
    scope_code: str
    period: str  # as typed: 2026-10, 2026-Q4, 2026
    period_label: str  # 2026年10月 …
    start: date
    end: date
    as_of: date  # dated figures are taken on this day: the period's end, or today while it runs
    printed_on: date
    figures: Figures
    months: tuple[MonthLine, ...] = ()
    attention: tuple[AttentionVillage, ...] = ()
    attention_summary: tuple[Count, ...] = ()
    year: YearChecks | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  # the rules the list was made by
    # Shown before anything else (the stale monitoring line: app.domain.income.stale_line_warning).
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # 年考核: the indicators the county is judged on, and the places below ranked on them.
    indicators: Indicators | None = None
    ranking: tuple[RankLine, ...] = ()

    @property
    def attention_households(self) -> int:
        return sum(len(v.items) for v in self.attention)


def key_figures(report: ReportData) -> list[tuple[str, str]]:
    """The report's headline figures as (item, value) pairs: the PDF, the sheet and the page share them."""
    f = report.figures
    rows = [
        ("农户总数", f"{f.households:,} 户 / {f.members:,} 人"),
        ("在监测户", f"{f.monitored:,} 户 / {f.monitored_people:,} 人"),
        ("本期新识别纳入", f"{f.identified:,} 户"), ("本期风险消除", f"{f.eliminated:,} 户"),
        ("累计识别纳入", f"{f.identified_total:,} 户 / {f.identified_people_total:,} 人"),
        ("累计风险消除", f"{f.eliminated_total:,} 户 / {f.eliminated_people_total:,} 人"),
        ("消除风险率", f"按户 {percent(f.elimination_rate)} / 按人 {percent(f.elimination_rate_people)}"),
        ("识别办理天数", f"平均 {sum(f.identification_days) / len(f.identification_days):.1f} 天，最长 "
                   f"{max(f.identification_days)} 天（{len(f.identification_days)} 户）" if f.identification_days
         else "—（本期没有识别纳入）"),
        ("入户走访", f"{f.visits_done:,} 次 / {f.households_visited:,} 户"),
        ("应访户次 / 按期已访", f"{f.visits_due:,} / {f.due_visited:,}（{percent(f.visit_rate)}）"),
        ("走访逾期户", f"{f.overdue:,} 户（其中监测户 {f.overdue_monitored:,} 户）"),
        ("本期产生预警", f"{f.warnings_raised:,} 条（本期处置 {f.warnings_handled:,} 条，"
                   f"期末待处置 {f.warnings_open:,} 条）"),
        ("帮扶责任人覆盖", f"{f.with_helper:,} / {f.monitored:,} 户（{percent(f.helper_coverage)}），"
                    f"在岗帮扶责任人 {f.helper_persons:,} 人"),
    ]
    if report.indicators is not None:
        rows += indicator_pairs(report.indicators)
    if report.year is not None:
        checks = report.year
        rows.append(("返贫致贫户", f"{checks.returned_to_poverty:,} 户（其中应纳未纳 {len(checks.not_taken_in):,} 户；"
                                 f"贫困标准 {checks.poverty_standard:,.2f} 元）"))
    if report.kind == "quarterly":
        rows.append(("需关注农户", f"{report.attention_households:,} 户"))
    return rows


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
