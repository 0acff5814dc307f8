"""Early warnings: the county's rules run on every change and on demand, each finding followed up.

A finding becomes a RiskWarning unless the same rule is already waiting (待处置) for the household
or was already closed with exactly the same reason (nothing has changed since). An open warning
whose rule no longer fires is closed by the system with a note, so the list stays current.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.domain.income import line_in_force
from app.domain.warnings import (
    HouseholdWarningFacts,
    SpendingItem,
    WarningThresholds,
    evaluate_warnings,
)
from app.services.context import ServiceContext
from app.services.policy import WARNING_THRESHOLDS, lines_from, setting_from
from app.services.rows import live, require
from app.store.models import (
    Division,
    Household,
    IncomeRecord,
    Member,
    MonitoringCase,
    RigidExpense,
    RiskWarning,
)

OPEN, HANDLED, DISMISSED, PROPOSED = "待处置", "已处置", "已排除", "已转申报"
SYSTEM = "系统"
# A member whose health changed this recently counts as "newly" ill or disabled.
HEALTH_CHANGE_WINDOW = timedelta(days=90)
_BATCH = 1000


@dataclass(frozen=True)
class WarningRow:
    id: str
    household_id: str
    village_name: str
    head_name: str
    rule: str
    title: str
    reason: str
    raised_on: date
    status: str
    age_days: int
    handling_note: str


def evaluate_household(session: Session, household: Household, today: date) -> list[RiskWarning]:
    """Run the rules for one household inside the caller's write transaction."""
    return evaluate_households(session, [household], today)


def evaluate_households(session: Session, households: list[Household], today: date) -> list[RiskWarning]:
    thresholds = WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS))
    line = line_in_force(lines_from(session), today).amount
    ids = [h.id for h in households]
    incomes = _grouped(session.scalars(select(IncomeRecord).where(
        IncomeRecord.household_id.in_(ids), live(IncomeRecord))
        .order_by(IncomeRecord.year.desc())))
    expenses = _grouped(session.scalars(select(RigidExpense).where(
        RigidExpense.household_id.in_(ids), live(RigidExpense))))
    members = _grouped(session.scalars(select(Member).where(
        Member.household_id.in_(ids), live(Member))))
    monitored = set(session.scalars(select(MonitoringCase.household_id).where(
        MonitoringCase.household_id.in_(ids), MonitoringCase.identified_on.is_not(None),
        MonitoringCase.closed == False, live(MonitoringCase))))  # noqa: E712
    existing = _grouped(session.scalars(select(RiskWarning).where(
        RiskWarning.household_id.in_(ids), live(RiskWarning))))
    raised: list[RiskWarning] = []
    for household in households:
        names = {m.id: m.name for m in members[household.id]}
        records = incomes[household.id]
        facts = HouseholdWarningFacts(
            household_type=household.household_type,
            monitored=household.id in monitored,
            per_capita_income=Decimal(records[0].per_capita_income) if records else None,
            previous_per_capita_income=(Decimal(records[1].per_capita_income)
                                        if len(records) > 1 else None),
            income_line=line,
            today=today,
            spending=[SpendingItem(e.kind, e.occurred_on, Decimal(e.out_of_pocket),
                                   names.get(e.member_id or "")) for e in expenses[household.id]],
            members_newly_disabled_or_ill=[
                m.name for m in members[household.id]
                if m.health_changed_on and today - m.health_changed_on <= HEALTH_CHANGE_WINDOW
                and {"残疾", "患有大病"} & set(m.health)],
            house_dangerous=household.house_safety == "危房" or household.housing_secure is False,
            last_visit_date=household.last_visit_date,
        )
        findings = evaluate_warnings(facts, thresholds)
        raised.extend(_reconcile(session, household.id, findings, existing[household.id], today))
    return raised


def _reconcile(session: Session, household_id: str, findings: list, known: list[RiskWarning],
               today: date) -> list[RiskWarning]:
    fired = {str(f.rule) for f in findings}
    for warning in known:
        if warning.status == OPEN and warning.rule not in fired:
            warning.status, warning.handled_by, warning.handled_on = HANDLED, SYSTEM, today
            warning.handling_note = "预警条件已不存在，系统自动关闭。"
    new = []
    for finding in findings:
        rule = str(finding.rule)
        if any(w.rule == rule and (w.status == OPEN or w.reason == finding.reason)
               for w in known):
            continue
        warning = RiskWarning(
            household_id=household_id, rule=rule, title=finding.title, reason=finding.reason,
            value="" if finding.value is None else str(finding.value),
            threshold="" if finding.threshold is None else str(finding.threshold),
            raised_on=today)
        session.add(warning)
        new.append(warning)
    return new


def _grouped(rows: Iterable) -> defaultdict[str, list]:
    groups: defaultdict[str, list] = defaultdict(list)
    for row in rows:
        groups[row.household_id].append(row)
    return groups


class WarningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def evaluate(self, household_id: str) -> list[RiskWarning]:
        with self.ctx.db.write(self.ctx.actor) as session:
            household = require(session, Household, household_id)
            return evaluate_household(session, household, self.ctx.today())

    def evaluate_all(self) -> int:
        """Run the rules over every household in scope; returns how many warnings were raised."""
        with self.ctx.db.read() as session:
            ids = list(session.scalars(select(Household.id).where(live(Household))))
        raised = 0
        for start in range(0, len(ids), _BATCH):
            with self.ctx.db.write(self.ctx.actor) as session:
                batch = list(session.scalars(select(Household).where(
                    Household.id.in_(ids[start:start + _BATCH]))))
                raised += len(evaluate_households(session, batch, self.ctx.today()))
        return raised

    def handle(self, warning_id: str, note: str) -> RiskWarning:
        if not note.strip():
            raise UserFacingError("请写明处置情况。", field="处置情况")
        return self._close(warning_id, HANDLED, note)

    def dismiss(self, warning_id: str, reason: str) -> RiskWarning:
        if not reason.strip():
            raise UserFacingError("排除预警必须写明理由。", field="排除理由")
        return self._close(warning_id, DISMISSED, reason)

    def to_proposal(self, warning_id: str, *, risk_types: list[str],
                    category: str | None = None, note: str = "") -> RiskWarning:
        """Turn a warning into an identification proposal (部门筛查预警) and link the two."""
        from app.services.cases import CaseService

        warning = self._open_warning(warning_id)
        case = CaseService(self.ctx).propose(
            warning.household_id, risk_types=risk_types, channel="部门筛查预警",
            category=category, note=note or f"由预警“{warning.title}”转为申报：{warning.reason}")
        with self.ctx.db.write(self.ctx.actor) as session:
            row = session.get(RiskWarning, warning_id)
            assert row is not None
            row.status, row.case_id = PROPOSED, case.id
            row.handled_by, row.handled_on = self.ctx.actor.user_name, self.ctx.today()
            row.handling_note = note or "已转为监测对象申报。"
        return row

    def listing(self, open_only: bool = True, household_id: str | None = None,
                limit: int = 2000) -> list[WarningRow]:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            query = (select(RiskWarning, Household.head_name, Division.name)
                     .join(Household, Household.id == RiskWarning.household_id)
                     .join(Division, Division.id == Household.village_code)
                     .where(live(RiskWarning)))
            if open_only:
                query = query.where(RiskWarning.status == OPEN)
            if household_id:
                query = query.where(RiskWarning.household_id == household_id)
            rows = session.execute(query.order_by(RiskWarning.raised_on, RiskWarning.id)
                                   .limit(limit)).all()
        return [WarningRow(w.id, w.household_id, village, head, w.rule, w.title, w.reason,
                           w.raised_on, w.status, (today - w.raised_on).days, w.handling_note)
                for w, head, village in rows]

    def _open_warning(self, warning_id: str) -> RiskWarning:
        with self.ctx.db.read() as session:
            warning = session.get(RiskWarning, warning_id)
        if warning is None or warning.deleted:
            raise UserFacingError(f"找不到预警 {warning_id}。")
        if warning.status != OPEN:
            raise UserFacingError(f"这条预警已经{warning.status}，不能重复处理。")
        return warning

    def _close(self, warning_id: str, status: str, note: str) -> RiskWarning:
        self._open_warning(warning_id)
        with self.ctx.db.write(self.ctx.actor) as session:
            warning = session.get(RiskWarning, warning_id)
            assert warning is not None
            warning.status, warning.handling_note = status, note.strip()
            warning.handled_by, warning.handled_on = self.ctx.actor.user_name, self.ctx.today()
        return warning
