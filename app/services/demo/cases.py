"""A monitoring case consistent with the household it is about: its risks, steps, assistance
persons and measures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.domain.case_state import relies_on_social_protection, replayed
from app.domain.categories import HEAD_RELATION, CategoryFacts, CategoryThresholds, suggest_category
from app.domain.income import format_yuan, line_in_force
from app.domain.procedure import Decision, Procedure, Stage, posting_period
from app.domain.warnings import WarningFinding, WarningRule
from app.services.demo.assistance import assign_helpers
from app.services.demo.chance import Weighted, pick
from app.services.demo.families import Draft
from app.services.demo.measures import measure_rows
from app.services.demo.plans import ELIMINATION, IDENTIFICATION, CasePlan, make_timeline
from app.services.demo.risks import HouseFacts, Risks
from app.services.demo.run import Batch, Run, Village
from app.services.upkeep import findings_for
from app.store.ids import new_id
from app.store.models import CaseStep, Measure, MonitoringCase

if TYPE_CHECKING:
    from app.services.demo.income import IncomeMaker

_CHANNELS = Weighted([("基层干部排查", 50), ("农户自主申报", 25), ("部门筛查预警", 25)])


class CaseMaker:
    """A case's risks, dates, steps, assistance persons and measures, consistent with the
    household it is about."""

    # Set by the household once its incomes are made: the case's reason reads them.
    income_maker: IncomeMaker

    def __init__(self, run: Run, plan: CasePlan, household_type: str, members: list[Draft],
                 house: HouseFacts) -> None:
        self.run = run
        self.rng = run.rng
        self.members = members
        self.id = new_id()
        self.category = plan.category
        self.household_type = household_type
        self.timeline = make_timeline(run.rng, run.today, plan, run.posting_days, run.steps)
        self.in_elimination = plan.procedure is ELIMINATION
        self.rejected = plan.procedure is IDENTIFICATION and plan.stage is Stage.REJECTED
        self.closed = (self.in_elimination and self.timeline.eliminated_on is not None) or self.rejected
        self.monitored = self.timeline.identified_on is not None and not self.closed
        # A sudden hardship is about spending; the other categories are about low income.
        self.low_income = self.category != "突发严重困难户"
        self.channel = _CHANNELS.pick(self.rng)
        risks = Risks(run, members, self.timeline.proposed_on, self.low_income, self.monitored,
                      self.in_elimination, house)
        self.risks = risks.names
        self.disaster_kind = risks.disaster_kind
        self.income_drop = risks.income_drop
        self.expenses = risks.expenses
        if (self.timeline.identified_on is not None and household_type == "一般农户"
                and self.rng.random() < 0.3):
            self.household_type = "监测户"
        self.method = "帮扶消除" if self.rng.random() < 0.85 else "自然消除"
        self.measures: list[dict[str, Any]] = []
        self._at_proposal: tuple[dict[str, Any], dict[str, Any]] | None = None
        self._proposal_findings: list[WarningFinding] | None = None

    def write(self, batch: Batch, household: dict[str, Any], worker: str,
              village: Village) -> None:
        if self.channel == "部门筛查预警" and not self.proposal_findings(household):
            # A department can only have raised a case its data shows.
            self.channel = "基层干部排查"
        batch.add(MonitoringCase, self._case_row(household))
        for row in self._step_rows(village, worker):
            batch.add(CaseStep, row)
        identified_on = self.timeline.identified_on
        if identified_on is not None:
            assign_helpers(self.run, batch, household["id"], village, identified_on,
                           self.timeline.eliminated_on)
            self.measures = measure_rows(self.run, self, household["id"],
                                         self.run.scope.townships.get(village.township, ""))
            for row in self.measures:
                batch.add(Measure, row)
        self.run.summary.cases += 1

    def proposal_findings(self, household: dict[str, Any]) -> list[WarningFinding]:
        """What the warning rules said on the day before the proposal (a department's data)."""
        if self._proposal_findings is not None:
            return self._proposal_findings
        on = self.timeline.proposed_on - timedelta(days=1)
        latest, previous = self._income_at_proposal()
        # As a department saw it the day before: visited that day, the house's check not yet made.
        seen = findings_for({**household, "housing_secure": None, "last_visit_date": on},
                            members=[d.row for d in self.members], incomes=[latest, previous],
                            expenses=[e for e in self.expenses if e["occurred_on"] <= on], monitored=False,
                            income_line=line_in_force(self.run.lines, on).amount, today=on,
                            thresholds=self.run.thresholds)
        findings = [f for f in seen if f.rule is not WarningRule.VISIT_OVERDUE]
        self._proposal_findings = findings
        return findings

    def _case_row(self, household: dict[str, Any]) -> dict[str, Any]:
        timeline = self.timeline
        # Stage, status, outcome dates and closing follow from the steps, as the upkeep sets them.
        state = replayed(timeline.steps)
        procedure, stage = Procedure(state["procedure"]), Stage(state["stage"])
        return state | {
            "id": self.id, "household_id": household["id"], "category": self.category,
            "category_reason": self._reason(household), "risk_types": self.risks,
            "disaster_kind": self.disaster_kind, "discovery_channel": self.channel,
            "procedure": procedure.value, "stage": stage.value, "proposed_on": timeline.proposed_on,
            "posting_start": timeline.posting[0] if timeline.posting else None,
            "posting_end": timeline.posting[1] if timeline.posting else None,
            "elimination_method": self.method if procedure is ELIMINATION else "",
            "no_labour_social_protection": relies_on_social_protection(
                (d.row["labour_skill"], d.row["social_assistance"]) for d in self.members),
        }

    def _income_at_proposal(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Income of the 12 months before the proposal and of the 12 months before those: what
        the verification and the department's data compare (not stored as records).

        Made once: making it draws from the random stream."""
        if self._at_proposal is None:
            on = self.timeline.proposed_on
            self._at_proposal = (self.income_maker.at(on),
                                 self.income_maker.at(on - timedelta(days=366)))
        return self._at_proposal

    def _reason(self, household: dict[str, Any]) -> str:
        """The category suggestion's reason, on the rolling 12 months before the proposal."""
        on = self.timeline.proposed_on
        latest, previous = self._income_at_proposal()
        spending = sum((e["out_of_pocket"] for e in self.expenses
                        if on - timedelta(days=365) < e["occurred_on"] <= on), Decimal(0))
        kind = household["household_type"]
        facts = CategoryFacts(
            household_type="一般农户" if kind == "监测户" else kind,
            per_capita_income=latest["per_capita_income"], net_income=latest["net_income"],
            household_size=latest["household_size"], out_of_pocket_spending=spending,
            previous_per_capita_income=previous["per_capita_income"],
            risk_types=tuple(self.risks))
        line = line_in_force(self.run.lines, on).amount
        suggestion = suggest_category(facts, line, CategoryThresholds())
        if suggestion.category is not None and suggestion.category == self.category:
            return suggestion.reason
        income = format_yuan(latest["per_capita_income"], cents=True)
        if self.low_income:
            return (f"{facts.household_type}，人均纯收入 {income} 元，经入户核实存在"
                    f"{'、'.join(self.risks)}风险，家庭收入不稳定，认定为{self.category}。")
        return (f"{facts.household_type}，人均纯收入 {income} 元，存在{'、'.join(self.risks)}"
                f"风险，家庭刚性支出较大、基本生活出现严重困难，认定为{self.category}。")

    def _step_rows(self, village: Village, worker: str) -> list[dict[str, Any]]:
        scope = self.run.scope
        township_staff = scope.township_staff.get(village.township) or scope.county_staff
        rows = []
        for procedure, step, decision, on in self.timeline.steps:
            if step is Stage.TOWNSHIP_REVIEWED:
                actor, role = pick(self.rng, township_staff), "township"
            elif step in (Stage.CROSS_CHECKED, Stage.APPROVED):
                actor, role = pick(self.rng, scope.county_staff), "county"
            elif (step is Stage.PROPOSED and procedure is IDENTIFICATION
                  and self.channel == "部门筛查预警"):
                actor, role = township_staff[0], "township"
            else:
                actor, role = worker, "worker"
            row = {"case_id": self.id, "procedure": procedure.value, "step": step.value,
                   "decision": decision.value, "acted_on": on, "actor_name": actor, "actor_role": role,
                   "note": self._step_note(procedure, step, decision, on)}
            if step is Stage.VERIFIED and procedure is IDENTIFICATION:
                # The head signs the 承诺授权书 at the home visit: 信息比对 relies on it (check_consent).
                row |= {"consent_signed_on": on, "consent_member_id": self._head_id()}
            rows.append(row)
        self.run.summary.case_steps += len(rows)
        return rows

    def _head_id(self) -> str:
        return next(d.row["id"] for d in self.members if d.relation == HEAD_RELATION)

    def _step_note(self, procedure: Procedure, step: Stage, decision: Decision,
                   on: date) -> str:
        rng = self.rng
        eliminating = procedure is ELIMINATION
        if decision is Decision.RETURN:
            return "收入核算依据不足，退回重新入户核实。"
        if decision is Decision.REJECT:
            return "经审核，家庭人均纯收入高于监测线且无明显返贫致贫风险，不予纳入。"
        if step is Stage.PROPOSED:
            if eliminating:
                return f"经评估四项条件均已达到，申请{self.method}。"
            # Drawn whatever the channel: a seed gives the same data only while the draws stay.
            by_household = ("农户本人到村委会提出申请。" if rng.random() < 0.7
                            else "农户通过12317热线申报。")
            return {"农户自主申报": by_household,
                    "基层干部排查": "网格员入户排查发现。",
                    "部门筛查预警": "部门推送预警信息，经比对转为申报。"}[self.channel]
        if step is Stage.VERIFIED:
            if eliminating:
                return "入户填写风险消除评估表，核实收入稳定、风险已消除。"
            return "入户核实家庭收入、资产和风险情况，户主签署承诺授权书。"
        if step is Stage.VILLAGE_REVIEWED:
            present = rng.randint(15, 32)
            return f"村民代表会议民主评议，实到{present}人，同意{present}人。"
        if step is Stage.POSTED:
            days = self.run.posting_days
            start, end = posting_period(on, days)
            return (f"在村务公开栏公示{days}天（{start.isoformat()}至{end.isoformat()}），"
                    "公示期间无异议。")
        if step is Stage.TOWNSHIP_REVIEWED:
            return "乡镇审核通过，同意上报。"
        if step is Stage.CROSS_CHECKED:
            return "比对车辆、房产、市场主体登记和财政供养人员等部门数据，未发现不符合条件的情况。"
        if step is Stage.ANNOUNCED:
            days = self.run.steps.announcement_days
            start, end = posting_period(on, days)
            outcome = "风险消除结果" if eliminating else "纳入监测结果"
            return f"在村务公开栏公告{outcome}{days}天（{start.isoformat()}至{end.isoformat()}）。"
        return "县级审定，同意风险消除。" if eliminating else "县级审定，同意纳入监测。"
