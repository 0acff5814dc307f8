"""The dated records a report is computed from, read once per report for one scope.

Every figure that depends on a date is worked out from these rows as of that date: the case
steps and the identification and elimination dates, visit dates and the next-visit date each
visit set, warning dates, assignment and measure dates. Only the household list, the members
and a case's category and risk types are taken as they stand today (they keep no history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from app.domain.categories import CHECK_FIELDS
from app.domain.procedure import Decision, Procedure, Stage, is_settled
from app.domain.warnings import OPEN
from app.services.context import ServiceContext
from app.services.reports.scope import ReportScope
from app.services.rows import live
from app.store.models import (
    Assignment,
    CaseStep,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RiskWarning,
    Visit,
)

OPEN_WARNING = OPEN
PLANNED_MEASURE = "计划"


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    village_code: str
    number: str
    head_name: str
    phone: str
    household_type: str
    registered_poor: bool
    members: int


@dataclass(frozen=True)
class StepRow:
    acted_on: date
    stamp: str  # the creation clock: orders steps taken on the same day
    procedure: Procedure
    step: Stage
    decision: Decision


@dataclass(frozen=True)
class CaseRow:
    id: str
    household_id: str
    category: str
    risk_types: tuple[str, ...]
    identified_on: date | None
    eliminated_on: date | None
    elimination_method: str
    steps: tuple[StepRow, ...]
    fast_track: bool = False  # 先帮后认: helped before the county's approval

    def monitored_on(self, day: date) -> bool:
        """Identified on or before ``day`` and its risk not yet eliminated then."""
        return (self.identified_on is not None and self.identified_on <= day
                and (self.eliminated_on is None or self.eliminated_on > day))

    def state_on(self, day: date) -> CaseState | None:
        """Where the case stood at the end of ``day`` (None: it had not been proposed yet)."""
        done = [s for s in self.steps if s.acted_on <= day]
        if not done:
            return None
        last = done[-1]
        if last.decision is Decision.RETURN:
            return CaseState(last.procedure, Stage.RETURNED, last.acted_on)
        if last.decision is Decision.REJECT:
            if last.procedure is Procedure.IDENTIFICATION:
                return CaseState(last.procedure, Stage.REJECTED, last.acted_on)
            return CaseState(Procedure.IDENTIFICATION, Stage.APPROVED, last.acted_on)
        return CaseState(last.procedure, last.step, last.acted_on)


@dataclass(frozen=True)
class CaseState:
    procedure: Procedure
    stage: Stage
    since: date

    @property
    def in_procedure(self) -> bool:
        """On its way through a procedure: not monitored-and-settled, rejected or eliminated."""
        if self.procedure is Procedure.IDENTIFICATION:
            return not is_settled(self.stage) and self.stage is not Stage.REJECTED
        return not is_settled(self.stage)


@dataclass(frozen=True)
class VisitRow:
    visit_date: date
    next_due: date | None


@dataclass(frozen=True)
class WarningRow:
    household_id: str
    title: str
    raised_on: date
    status: str
    handled_on: date | None

    def handled_by(self, day: date) -> bool:
        return self.status != OPEN_WARNING and self.handled_on is not None and self.handled_on <= day

    def open_on(self, day: date) -> bool:
        return self.raised_on <= day and not self.handled_by(day)


@dataclass(frozen=True)
class AssignmentRow:
    household_id: str
    person_id: str
    start: date
    end: date | None

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class MeasureRow:
    household_id: str
    kind: str
    risk_type: str
    status: str
    start: date
    end: date | None
    amount: Decimal

    def in_force(self, day: date) -> bool:
        return (self.status != PLANNED_MEASURE and self.start <= day
                and (self.end is None or self.end >= day))


@dataclass
class History:
    households: dict[str, HouseholdRow]
    cases: list[CaseRow]
    visits: dict[str, list[VisitRow]]  # by household, oldest first
    warnings: list[WarningRow]
    assignments: list[AssignmentRow]
    measures: list[MeasureRow]
    incomes: dict[tuple[str, int], Decimal] = field(default_factory=dict)  # (household, year) → per capita

    def cases_of(self) -> dict[str, list[CaseRow]]:
        found: dict[str, list[CaseRow]] = defaultdict(list)
        for case in self.cases:
            found[case.household_id].append(case)
        return found


def load_history(ctx: ServiceContext, scope: ReportScope) -> History:
    inside = Household.village_code.startswith(scope.prefix)
    with ctx.db.read() as session:
        def of_households(*columns: Any) -> Any:
            return select(*columns).join(Household, Household.id == columns[0].class_.household_id).where(
                inside, live(Household))

        members = dict(session.execute(of_households(Member.household_id, func.count()).where(
            live(Member)).group_by(Member.household_id)).all())
        households = {row.id: HouseholdRow(row.id, row.village_code, row.household_number, row.head_name,
                                           row.phone, row.household_type, row.registered_poor,
                                           members.get(row.id, 0))
                      for row in session.execute(select(
                          Household.id, Household.village_code, Household.household_number, Household.head_name,
                          Household.phone, Household.household_type, Household.registered_poor).where(
                          inside, live(Household))).all()}
        steps: dict[str, list[StepRow]] = defaultdict(list)
        for case_id, acted_on, stamp, procedure, step, decision in session.execute(
                select(CaseStep.case_id, CaseStep.acted_on, CaseStep.created_hlc, CaseStep.procedure,
                       CaseStep.step, CaseStep.decision)
                .join(MonitoringCase, MonitoringCase.id == CaseStep.case_id)
                .join(Household, Household.id == MonitoringCase.household_id)
                .where(inside, live(Household), live(MonitoringCase), live(CaseStep))).all():
            steps[case_id].append(StepRow(acted_on, stamp, Procedure(procedure), Stage(step), Decision(decision)))
        cases = [CaseRow(c.id, c.household_id, c.category, tuple(c.risk_types or ()), c.identified_on,
                         c.eliminated_on, c.elimination_method,
                         tuple(sorted(steps.get(c.id, ()), key=lambda s: (s.acted_on, s.stamp))),
                         bool(c.fast_track))
                 for c in session.execute(of_households(
                     MonitoringCase.household_id, MonitoringCase.id, MonitoringCase.category,
                     MonitoringCase.risk_types, MonitoringCase.identified_on, MonitoringCase.eliminated_on,
                     MonitoringCase.elimination_method, MonitoringCase.fast_track)
                     .where(live(MonitoringCase))).all()]
        visits: dict[str, list[VisitRow]] = defaultdict(list)
        for household_id, visit_date, next_due in session.execute(of_households(
                Visit.household_id, Visit.visit_date, Visit.next_visit_date).where(live(Visit))
                .order_by(Visit.household_id, Visit.visit_date)).all():
            visits[household_id].append(VisitRow(visit_date, next_due))
        warnings = [WarningRow(*row) for row in session.execute(of_households(
            RiskWarning.household_id, RiskWarning.title, RiskWarning.raised_on, RiskWarning.status,
            RiskWarning.handled_on).where(live(RiskWarning))).all()]
        assignments = [AssignmentRow(*row) for row in session.execute(of_households(
            Assignment.household_id, Assignment.person_id, Assignment.start_date, Assignment.end_date).where(
            live(Assignment))).all()]
        measures = [MeasureRow(h, kind, risk or "", status, start, end, Decimal(amount or 0))
                    for h, kind, risk, status, start, end, amount in session.execute(of_households(
                        Measure.household_id, Measure.kind, Measure.risk_type, Measure.status, Measure.start_date,
                        Measure.end_date, Measure.amount).where(live(Measure))).all()]
    return History(households, cases, dict(visits), warnings, assignments, measures)


def load_incomes(ctx: ServiceContext, scope: ReportScope, year: int) -> dict[tuple[str, int], Decimal]:
    """Per-capita net income of the year for each household of the scope that has a record."""
    with ctx.db.read() as session:
        rows = session.execute(select(IncomeRecord.household_id, IncomeRecord.per_capita_income)
                               .join(Household, Household.id == IncomeRecord.household_id)
                               .where(Household.village_code.startswith(scope.prefix), IncomeRecord.year == year,
                                      live(IncomeRecord), live(Household))).all()
    return {(household_id, year): Decimal(value) for household_id, value in rows}


def load_unmet_checks(ctx: ServiceContext, household_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The checks of 两不愁三保障 and 饮水安全 recorded as not secured (False), by household, as the
    household stands now (the checks keep no history)."""
    ids = sorted(household_ids)
    if not ids:
        return {}
    columns = [getattr(Household, name) for name in CHECK_FIELDS.values()]
    found: dict[str, tuple[str, ...]] = {}
    with ctx.db.read() as session:
        for household_id, *values in session.execute(select(Household.id, *columns).where(
                Household.id.in_(ids))).all():
            unmet = tuple(label for label, value in zip(CHECK_FIELDS, values, strict=True) if value is False)
            if unmet:
                found[household_id] = unmet
    return found
