"""The identification and risk-elimination procedures: which step follows which, and who may take it.

Both procedures run the same steps (DOMAIN.md): 入户核实 → 村级民主评议 → 公示 → 乡镇审核 → 县级审定.
A township or county official may also record the steps below their own level; a grid worker may
never review or approve.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.errors import UserFacingError


class Role(StrEnum):
    WORKER = "worker"
    TOWNSHIP = "township"
    COUNTY = "county"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.WORKER: "网格员", Role.TOWNSHIP: "乡镇防贫工作站", Role.COUNTY: "县防贫中心"}
_RANK = {Role.WORKER: 0, Role.TOWNSHIP: 1, Role.COUNTY: 2}


class Procedure(StrEnum):
    IDENTIFICATION = "identification"
    ELIMINATION = "elimination"

    @property
    def label(self) -> str:
        return "识别纳入" if self is Procedure.IDENTIFICATION else "风险消除"


class Stage(StrEnum):
    PROPOSED = "proposed"
    VERIFIED = "verified"
    VILLAGE_REVIEWED = "village_reviewed"
    POSTED = "posted"
    TOWNSHIP_REVIEWED = "township_reviewed"
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.PROPOSED: "已申报", Stage.VERIFIED: "已入户核实", Stage.VILLAGE_REVIEWED: "已村级评议",
    Stage.POSTED: "公示中", Stage.TOWNSHIP_REVIEWED: "已乡镇审核", Stage.APPROVED: "已县级审定",
    Stage.RETURNED: "已退回", Stage.REJECTED: "未通过",
}

STEP_ORDER = (Stage.PROPOSED, Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED,
              Stage.TOWNSHIP_REVIEWED, Stage.APPROVED)

STEP_TITLES = {
    Stage.PROPOSED: "申报", Stage.VERIFIED: "入户核实", Stage.VILLAGE_REVIEWED: "村级民主评议",
    Stage.POSTED: "公示", Stage.TOWNSHIP_REVIEWED: "乡镇审核", Stage.APPROVED: "县级审定",
}

# The lowest role that may record each step.
STEP_MIN_ROLE = {
    Stage.PROPOSED: Role.WORKER, Stage.VERIFIED: Role.WORKER, Stage.VILLAGE_REVIEWED: Role.WORKER,
    Stage.POSTED: Role.WORKER, Stage.TOWNSHIP_REVIEWED: Role.TOWNSHIP, Stage.APPROVED: Role.COUNTY,
}

# Review steps may send a case back or refuse it; the others only move it on.
DECISION_STEPS = (Stage.TOWNSHIP_REVIEWED, Stage.APPROVED)


class Decision(StrEnum):
    PASS = "通过"
    RETURN = "退回"
    REJECT = "不通过"
    # A new step correcting the case's last step (its date or its record): steps are append-only.
    CORRECT = "更正"


# What a reviewer may decide; a correction is a separate action (check_step below).
REVIEW_DECISIONS = (Decision.PASS, Decision.RETURN, Decision.REJECT)
# Steps a correction may answer: the case's last step, once it has moved past 申报.
CORRECTABLE_STEPS = (Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED, Stage.TOWNSHIP_REVIEWED,
                     Stage.APPROVED)


class StepRefused(UserFacingError):
    pass


@dataclass(frozen=True)
class StepCheck:
    """What the procedure needs to know to judge a proposed step."""

    procedure: Procedure
    current: Stage
    step: Stage
    role: Role
    decision: Decision
    on: date
    posting_end: date | None = None
    today: date | None = None  # a step is recorded when it happened, never ahead of time
    previous_on: date | None = None  # the date of the step before it


def next_step(current: Stage) -> Stage | None:
    if current in (Stage.APPROVED, Stage.REJECTED):
        return None
    if current is Stage.RETURNED:
        return Stage.VERIFIED
    return STEP_ORDER[STEP_ORDER.index(current) + 1]


def may_take(role: Role, step: Stage) -> bool:
    return _RANK[role] >= _RANK[STEP_MIN_ROLE[step]]


def check_step(check: StepCheck) -> None:
    """Raise StepRefused with the reason if the step may not be taken now."""
    title = STEP_TITLES.get(check.step, check.step.value)
    if check.decision is Decision.CORRECT:
        _check_correction(check, title)
        return
    expected = next_step(check.current)
    if expected is None:
        raise StepRefused(f"{check.procedure.label}程序已经结束（{check.current.label}），不能再办理“{title}”。")
    if check.step is not expected:
        raise StepRefused(
            f"程序不能跳步：当前为“{check.current.label}”，下一步应为“{STEP_TITLES[expected]}”，"
            f"不能办理“{title}”。")
    if not may_take(check.role, check.step):
        raise StepRefused(
            f"{check.role.label}无权办理“{title}”，该步骤须由{STEP_MIN_ROLE[check.step].label}办理。")
    if check.decision is not Decision.PASS and check.step not in DECISION_STEPS:
        raise StepRefused(f"“{title}”只能通过，退回或不通过只能在乡镇审核或县级审定时作出。")
    if (check.step is Stage.TOWNSHIP_REVIEWED and check.posting_end is not None
            and check.on <= check.posting_end):
        raise StepRefused(
            f"公示期到 {check.posting_end.isoformat()} 结束，"
            f"{(check.posting_end + timedelta(days=1)).isoformat()} 起才能乡镇审核。")
    check_step_date(title, check.on, check.today, check.previous_on)


def _check_correction(check: StepCheck, title: str) -> None:
    """A correction re-records the case's last step (same step, a corrected date or record), by a
    role that may take that step; the stage does not move."""
    if check.current not in CORRECTABLE_STEPS:
        raise StepRefused(f"案例当前为“{check.current.label}”，没有可以更正的办理步骤。")
    if check.step is not check.current:
        raise StepRefused(f"只能更正案例的最后一步“{STEP_TITLES[check.current]}”，不能更正“{title}”。")
    if not may_take(check.role, check.step):
        raise StepRefused(
            f"{check.role.label}无权更正“{title}”，该步骤须由{STEP_MIN_ROLE[check.step].label}办理。")
    check_step_date(title, check.on, check.today, None)


def check_step_date(title: str, on: date, today: date | None, previous_on: date | None) -> None:
    """A step is dated on a day that has come, and not before the step it follows.

    A date ahead of today would let a review be recorded "after" a posting period that has not ended."""
    if today is not None and on > today:
        raise StepRefused(f"“{title}”的办理日期 {on.isoformat()} 晚于今天（{today.isoformat()}），"
                          "只能登记已经办理的步骤。")
    if previous_on is not None and on < previous_on:
        raise StepRefused(f"“{title}”的办理日期 {on.isoformat()} 不能早于上一步的日期 {previous_on.isoformat()}。")


def stage_after(step: Stage, decision: Decision) -> Stage:
    if decision is Decision.RETURN:
        return Stage.RETURNED
    if decision is Decision.REJECT:
        return Stage.REJECTED
    return step


def posting_period(start: date, days: int) -> tuple[date, date]:
    """A posting that starts on ``start`` and lasts ``days`` whole days (at least 5 by policy)."""
    if days < 1:
        raise UserFacingError("公示天数至少为 1 天。")
    return start, start + timedelta(days=days - 1)
