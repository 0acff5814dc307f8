"""Warnings the county's rules raise on a household as generated, and how they were followed
up. The rules run as the unit of work's upkeep runs them (``upkeep.findings_for``), and a
warning's row is the upkeep's (``upkeep.warning_row``) with its follow-up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.domain.warnings import DISMISSED, HANDLED, OPEN, PROPOSED, WarningFinding, WarningRule
from app.services.demo.case_view import CaseView
from app.services.demo.chance import pick
from app.services.demo.families import Draft
from app.services.demo.run import Batch, Run, Village
from app.services.demo.visits import visit_interval
from app.services.upkeep import findings_for, warning_row
from app.store.models import RiskWarning

# How warnings of each group were followed up: (handled notes, dismissal reasons).
_FOLLOW_UP_NOTES = {
    "income": (("已入户核实，家庭基本生活稳定，纳入重点关注。",
                "已入户核实，已推荐就业岗位，持续跟踪收入变化。"),
               ("经核实，子女务工收入未计入，实际人均纯收入高于监测线。",
                "经核实为收入数据录入错误，已更正。")),
    "spending": (("已落实医疗救助和大病保险报销，家庭基本生活有保障。",
                  "已协调临时救助，自付费用压力缓解。"),
                 ("经核实，费用已由商业保险理赔，家庭负担不大。",
                  "经入户核实，家庭有稳定收入来源，能够承担该项支出。")),
    "other": (("已入户核实并落实相应帮扶措施。", "已入户核实，情况属实，持续跟踪。"),
              ("经核实，情况已发生变化，排除预警。",)),
}
_INCOME_RULES = frozenset({WarningRule.INCOME_BELOW_LINE, WarningRule.INCOME_NEAR_LINE,
                           WarningRule.INCOME_DROP})
_SPENDING_RULES = frozenset({WarningRule.MEDICAL_INPATIENT_YEAR, WarningRule.MEDICAL_SINGLE_STAY,
                             WarningRule.OUTPATIENT_MONTHLY, WarningRule.EDUCATION_COST,
                             WarningRule.DISASTER_LOSS})


class WarningMaker:
    """The county's warning rules run on the household as generated; older warnings have been
    followed up, and the one that started a department-found case was turned into it."""

    def __init__(self, run: Run, household: dict[str, Any], members: list[Draft],
                 incomes: list[dict[str, Any]], expenses: list[dict[str, Any]],
                 case: CaseView | None, village: Village, worker: str) -> None:
        self.run = run
        self.rng = run.rng
        self.household = household
        self.members = members
        self.incomes = incomes
        self.expenses = expenses
        self.case = case
        self.village = village
        self.worker = worker
        self._proposal_reasons: set[tuple[str, str]] = set()

    def write(self, batch: Batch) -> None:
        rows = self._proposal_rows() + self._current_rows()
        for row in rows:
            batch.add(RiskWarning, row)
        self.run.summary.warnings += len(rows)

    def _findings(self) -> list[WarningFinding]:
        """The rules on the household as generated, as the upkeep runs them on any other."""
        return findings_for(self.household, members=[d.row for d in self.members], incomes=self.incomes[::-1],
                            expenses=self.expenses, monitored=self.case is not None and self.case.monitored,
                            income_line=self.run.line, today=self.run.today, thresholds=self.run.thresholds)

    def _proposal_rows(self) -> list[dict[str, Any]]:
        case = self.case
        if case is None or case.channel != "部门筛查预警":
            return []
        proposed = case.timeline.proposed_on
        staff = self.run.scope.township_staff.get(self.village.township) or ("",)
        rows = []
        for finding in case.proposal_findings(self.household):
            self._proposal_reasons.add((str(finding.rule), finding.reason))
            raised = proposed - timedelta(days=self.rng.randint(1, 5))
            rows.append(self._row(finding, raised, PROPOSED, staff[0], proposed,
                                  "已转为监测对象申报。", case.id))
        return rows

    def _current_rows(self) -> list[dict[str, Any]]:
        rows = []
        for finding in self._findings():
            if (str(finding.rule), finding.reason) in self._proposal_reasons:
                continue
            raised = self._raised_on(finding)
            status, by, on, note = self._follow_up(finding, raised)
            rows.append(self._row(finding, raised, status, by, on, note, None))
        return rows

    def _row(self, finding: WarningFinding, raised: date, status: str, by: str,
             on: date | None, note: str, case_id: str | None) -> dict[str, Any]:
        return warning_row(self.household["id"], finding, raised) | {
            "status": status, "handled_by": by, "handled_on": on, "handling_note": note, "case_id": case_id}

    def _raised_on(self, finding: WarningFinding) -> date:
        rng, today = self.rng, self.run.today
        rule = finding.rule
        if rule in _INCOME_RULES:
            base = self.incomes[-1]["assessed_on"]
        elif rule is WarningRule.VISIT_OVERDUE:
            last = self.household["last_visit_date"]
            interval = visit_interval(self.run, self.case is not None and self.case.monitored)
            base = last + timedelta(days=interval + 1) if last else today
        elif rule is WarningRule.MEMBER_HEALTH:
            changed = [d.row["health_changed_on"] for d in self.members
                       if d.row["health_changed_on"] is not None]
            base = max(changed) if changed else today
        elif rule is WarningRule.HOUSE_UNSAFE:
            base = today - timedelta(days=rng.randrange(0, 200))
        else:
            base = max((e["occurred_on"] for e in self.expenses), default=today)
        return min(base + timedelta(days=rng.randrange(0, 4)), today)

    def _follow_up(self, finding: WarningFinding, raised: date
                   ) -> tuple[str, str, date | None, str]:
        """(status, handled_by, handled_on, note) of a warning raised on ``raised``."""
        rng, today = self.rng, self.run.today
        age = (today - raised).days
        if finding.rule is WarningRule.VISIT_OVERDUE or age < 20 or rng.random() < 0.25:
            return OPEN, "", None, ""
        handled_on = min(raised + timedelta(days=rng.randrange(2, 20)), today)
        if self.case is not None and not self.case.closed:
            note = ("该户已纳入监测，帮扶措施正在落实。" if self.case.monitored
                    else "该户已申报监测对象，正在履行识别程序。")
            return HANDLED, self.worker, handled_on, note
        group = ("income" if finding.rule in _INCOME_RULES
                 else "spending" if finding.rule in _SPENDING_RULES else "other")
        handled, dismissed = _FOLLOW_UP_NOTES[group]
        if rng.random() < 0.25:
            return DISMISSED, self.worker, handled_on, pick(rng, dismissed)
        return HANDLED, self.worker, handled_on, pick(rng, handled)
