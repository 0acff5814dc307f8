"""季调度: the households the quarterly dispatch meeting has to look at, each with its reasons,
as things stood on the report date.

The rules and their limits are written here once (see docs/reports.md): a monitored household
whose visit is overdue, a warning left unhandled too long, a case waiting at one step of its
procedure longer than the step's time limit (working days; the whole procedure is meant to take
15–20 of them), a monitored household without an assistance person, a risk of a monitored
household with no measure in force against it, a case on the fast track (先帮后认: helped before
it is identified) until the county approves it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.domain.procedure import Procedure, Stage
from app.printing.analysis_data import AttentionItem, AttentionVillage, Reason
from app.printing.data import Count
from app.services.policy import DEFAULT_PROCEDURE_LIMITS
from app.services.reports.definitions import monitored_cases
from app.services.reports.history import History
from app.services.reports.scope import ReportScope

OVERDUE_VISIT = "走访逾期"
OLD_WARNING = "预警久未处置"
STUCK_CASE = "程序超时"
NO_HELPER = "未落实帮扶责任人"
UNANSWERED_RISK = "风险无针对性措施"
FAST_TRACK = "先帮后认待审定"
ATTENTION_KINDS = (OVERDUE_VISIT, OLD_WARNING, STUCK_CASE, NO_HELPER, UNANSWERED_RISK, FAST_TRACK)

# Working days a case may wait at each stage for the next step; for 公示中 they count from the
# posting's last day (the township review may only start after it). Policy data (the county's
# procedure_time_limits, app/services/policy.py); these are its defaults, the 15-day practice.
DEFAULT_STAGE_LIMITS = {Stage(k): v for k, v in DEFAULT_PROCEDURE_LIMITS.items() if k in set(Stage)}
DEFAULT_WARNING_DAYS = DEFAULT_PROCEDURE_LIMITS["warning_days"]


@dataclass(frozen=True)
class AttentionRules:
    warning_days: int = DEFAULT_WARNING_DAYS  # a warning waiting longer than this many days
    posting_days: int = 5
    stage_limits: dict[Stage, int] = field(default_factory=lambda: dict(DEFAULT_STAGE_LIMITS))

    @classmethod
    def from_policy(cls, limits: dict[str, int], posting_days: int) -> AttentionRules:
        """The rules as the county's procedure_time_limits set them."""
        return cls(warning_days=int(limits.get("warning_days", DEFAULT_WARNING_DAYS)), posting_days=posting_days,
                   stage_limits={Stage(k): int(v) for k, v in limits.items() if k in set(Stage)})

    def notes(self) -> tuple[str, ...]:
        limits = "，".join(f"{stage.label} {days} 个" for stage, days in self.stage_limits.items())
        return (f"{OVERDUE_VISIT}：在监测户最近一次走访定下的下次走访日期已过。",
                f"{OLD_WARNING}：预警产生超过 {self.warning_days} 天仍待处置。",
                f"{STUCK_CASE}：在一个环节停留超过时限（工作日：{limits}；公示中自公示期满起算）。",
                f"{NO_HELPER}：在监测户当天没有在岗的帮扶责任人。",
                f"{UNANSWERED_RISK}：在监测户的某项风险当天没有针对它的在实施措施。",
                f"{FAST_TRACK}：按先帮后认先行帮扶的突发严重困难户，尚未县级审定。")


def working_days(after: date, until: date) -> int:
    """Monday–Friday days in (after, until]."""
    days, day = 0, after
    while day < until:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def attention(history: History, scope: ReportScope, as_of: date, rules: AttentionRules
              ) -> tuple[tuple[AttentionVillage, ...], tuple[Count, ...]]:
    reasons: dict[str, list[Reason]] = defaultdict(list)
    status: dict[str, str] = {}
    monitored = monitored_cases(history, as_of)
    for household_id, case in monitored.items():
        status[household_id] = f"监测中（{case.category}）"
    for case in history.cases:
        state = case.state_on(as_of)
        if state is None or not state.in_procedure:
            continue
        status[case.household_id] = f"{state.procedure.label}·{state.stage.label}"
        if case.fast_track and state.procedure is Procedure.IDENTIFICATION:
            reasons[case.household_id].append(Reason(FAST_TRACK, (
                f"先帮后认：{case.steps[0].acted_on.isoformat()} 申报并先行帮扶，"
                f"尚未县级审定（当前“{state.stage.label}”）")))
        limit = rules.stage_limits.get(state.stage)
        if limit is None:
            continue
        since = state.since
        if state.stage is Stage.POSTED:
            since += timedelta(days=rules.posting_days - 1)
        waited = working_days(since, as_of)
        if waited > limit:
            where = "公示期满后" if state.stage is Stage.POSTED else f"在“{state.stage.label}”"
            reasons[case.household_id].append(Reason(STUCK_CASE, (
                f"{state.procedure.label}程序{where}已停留 {waited} 个工作日（时限 {limit} 个），"
                f"自 {state.since.isoformat()} 起")))
    for household_id, visits in history.visits.items():
        if household_id not in monitored:
            continue
        before = [v for v in visits if v.visit_date <= as_of]
        if before and (due := before[-1].next_due) is not None and due < as_of:
            reasons[household_id].append(Reason(OVERDUE_VISIT, (
                f"走访逾期 {(as_of - due).days} 天（最近走访 {before[-1].visit_date.isoformat()}，"
                f"应在 {due.isoformat()} 前再访）")))
    for warning in sorted(history.warnings, key=lambda w: w.raised_on):
        age = (as_of - warning.raised_on).days
        if warning.open_on(as_of) and age > rules.warning_days:
            reasons[warning.household_id].append(Reason(OLD_WARNING, (
                f"预警“{warning.title}”{warning.raised_on.isoformat()} 产生，已 {age} 天未处置")))
    covered = {a.household_id for a in history.assignments if a.in_force(as_of)}
    answered: dict[str, set[str]] = defaultdict(set)
    for measure in history.measures:
        if measure.in_force(as_of):
            answered[measure.household_id].add(measure.risk_type)
    for household_id, case in monitored.items():
        if household_id not in covered:
            reasons[household_id].append(Reason(NO_HELPER, "在监测户没有在岗的帮扶责任人"))
        missing = [risk for risk in case.risk_types if risk not in answered[household_id]]
        if missing:
            reasons[household_id].append(Reason(UNANSWERED_RISK, (
                f"风险“{'、'.join(missing)}”没有在实施的针对性帮扶措施")))
    return _by_village(history, scope, reasons, status), _summary(reasons)


def _by_village(history: History, scope: ReportScope, reasons: dict[str, list[Reason]],
                status: dict[str, str]) -> tuple[AttentionVillage, ...]:
    villages: dict[str, list[AttentionItem]] = defaultdict(list)
    for household_id, found in reasons.items():
        household = history.households[household_id]
        order = {kind: index for index, kind in enumerate(ATTENTION_KINDS)}
        villages[household.village_code].append(AttentionItem(
            household_id, household.number, household.head_name, household.phone,
            status.get(household_id, household.household_type),
            tuple(sorted(found, key=lambda r: order[r.kind]))))
    return tuple(AttentionVillage(code, scope.villages.get(code, code),
                                  tuple(sorted(items, key=lambda i: (-len(i.reasons), i.household_number))))
                 for code, items in sorted(villages.items()))


def _summary(reasons: dict[str, list[Reason]]) -> tuple[Count, ...]:
    """Households per kind of reason, in the rules' order (a household counts once per kind)."""
    return tuple(Count(kind, sum(1 for found in reasons.values() if any(r.kind == kind for r in found)))
                 for kind in ATTENTION_KINDS)
