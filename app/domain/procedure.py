"""The identification and risk-elimination procedures: which step follows which, and who may take it.

Both procedures run the same steps (DOMAIN.md, "Procedures"): 申报 → 入户核实 → 村级民主评议 → 公示 →
乡镇审核 → 信息比对 (the county's check against other departments' data, before approval) → 县级审定
→ 结果公告 (the result announced in the village). Which of these a county uses, in what order and
who may take each is policy data (``StepList``, the policy setting ``procedure_steps``); the code
holds the defaults. A township or county official may also record the steps below their own
level; a grid worker may never review or approve.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

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
# Who installs questionnaire form versions: a station for its workers, and the county.
INSTALLING_ROLES = (Role.TOWNSHIP, Role.COUNTY)


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
    CROSS_CHECKED = "cross_checked"
    APPROVED = "approved"
    ANNOUNCED = "announced"
    RETURNED = "returned"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.PROPOSED: "已申报", Stage.VERIFIED: "已入户核实", Stage.VILLAGE_REVIEWED: "已村级评议",
    Stage.POSTED: "公示中", Stage.TOWNSHIP_REVIEWED: "已乡镇审核", Stage.CROSS_CHECKED: "已信息比对",
    Stage.APPROVED: "已县级审定", Stage.ANNOUNCED: "已结果公告", Stage.RETURNED: "已退回", Stage.REJECTED: "未通过",
}

# Every step the app knows, in their one possible order: a county's step list keeps this order
# and may leave steps out (``StepList``). Also the default list.
STEP_ORDER = (Stage.PROPOSED, Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED,
              Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED, Stage.APPROVED, Stage.ANNOUNCED)

STEP_TITLES = {
    Stage.PROPOSED: "申报", Stage.VERIFIED: "入户核实", Stage.VILLAGE_REVIEWED: "村级民主评议",
    Stage.POSTED: "公示", Stage.TOWNSHIP_REVIEWED: "乡镇审核", Stage.CROSS_CHECKED: "信息比对",
    Stage.APPROVED: "县级审定", Stage.ANNOUNCED: "结果公告",
}

# The lowest role that may record each step, by default: 信息比对 is the county's own check.
STEP_MIN_ROLE = {
    Stage.PROPOSED: Role.WORKER, Stage.VERIFIED: Role.WORKER, Stage.VILLAGE_REVIEWED: Role.WORKER,
    Stage.POSTED: Role.WORKER, Stage.TOWNSHIP_REVIEWED: Role.TOWNSHIP, Stage.CROSS_CHECKED: Role.COUNTY,
    Stage.APPROVED: Role.COUNTY, Stage.ANNOUNCED: Role.WORKER,
}
# Past the county's approval: the household is monitored (identification) or its risk eliminated.
SETTLED_STAGES = (Stage.APPROVED, Stage.ANNOUNCED)
# The step the household's 承诺授权书 must be on record before (``check_consent``).
CONSENT_NEEDED_BY = Stage.CROSS_CHECKED

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
                     Stage.CROSS_CHECKED, Stage.APPROVED, Stage.ANNOUNCED)


class StepRefused(UserFacingError):
    pass


_FIELD = "程序步骤"
_ROLE_BY_NAME = {**{role.value: role for role in Role}, **{label: role for role, label in ROLE_LABELS.items()}}
_STEP_BY_NAME = {**{stage.value: stage for stage in STEP_ORDER},
                 **{title: stage for stage, title in STEP_TITLES.items()}}
# Steps every list keeps, and who at least takes the reviews: a county may drop 信息比对 or
# 结果公告, never let a grid worker approve.
REQUIRED_STEPS = (Stage.PROPOSED, Stage.APPROVED)
LOWEST_ROLE = {Stage.TOWNSHIP_REVIEWED: Role.TOWNSHIP, Stage.APPROVED: Role.COUNTY}
DEFAULT_ANNOUNCEMENT_DAYS = 5


@dataclass(frozen=True)
class StepList:
    """The county's procedure: its steps in order, who may take each, and the days a 结果公告 stays up.

    Stored as the policy setting ``procedure_steps`` (``to_setting``/``from_setting``); the time
    each case may wait at a step is the setting ``procedure_time_limits``."""

    order: tuple[Stage, ...] = STEP_ORDER
    roles: Mapping[Stage, Role] = field(default_factory=lambda: dict(STEP_MIN_ROLE))
    announcement_days: int = DEFAULT_ANNOUNCEMENT_DAYS

    def after(self, current: Stage) -> Stage | None:
        """The step that follows ``current``. A stage whose step the list no longer has (a case
        begun under an older list) goes on to the next step of this list in the one order."""
        if current is Stage.REJECTED:
            return None
        if current is Stage.RETURNED:
            current = Stage.PROPOSED
        position = STEP_ORDER.index(current)
        return next((step for step in self.order if STEP_ORDER.index(step) > position), None)

    def role(self, step: Stage) -> Role:
        return self.roles.get(step, STEP_MIN_ROLE[step])

    def to_setting(self) -> dict[str, Any]:
        """As stored and shown in the policy workbook: steps and roles by their Chinese names."""
        return {"order": [STEP_TITLES[step] for step in self.order],
                **{step.value: self.role(step).label for step in STEP_ORDER},
                "announcement_days": self.announcement_days}

    @classmethod
    def from_setting(cls, value: Any) -> StepList:
        """The list a setting describes (step and role given by key or by Chinese name), checked:
        known steps, each once, in the one order, 申报 and 县级审定 kept, reviews by a station or
        the county. Raises UserFacingError naming the item."""
        if not isinstance(value, Mapping):
            raise UserFacingError("程序步骤设置应为一组项目（order、各步骤办理角色、announcement_days）。",
                                  field=_FIELD)
        unknown = set(value) - {"order", "announcement_days", *(s.value for s in STEP_ORDER)}
        if unknown:
            raise UserFacingError(f"程序步骤没有“{'、'.join(sorted(map(str, unknown)))}”这一项。", field=_FIELD)
        order = tuple(_step_named(name) for name in _names(value.get("order", [s.value for s in STEP_ORDER])))
        if len(set(order)) != len(order):
            raise UserFacingError("程序步骤中有重复的步骤。", field=_FIELD)
        if list(order) != sorted(order, key=STEP_ORDER.index):
            expected = "、".join(STEP_TITLES[s] for s in STEP_ORDER)
            raise UserFacingError(f"程序步骤的顺序不对，应按 {expected} 的先后排列（可以省略其中的步骤）。",
                                  field=_FIELD)
        missing = [STEP_TITLES[s] for s in REQUIRED_STEPS if s not in order]
        if missing:
            raise UserFacingError(f"程序步骤不能省略“{'、'.join(missing)}”。", field=_FIELD)
        roles = {step: _role_named(value.get(step.value, STEP_MIN_ROLE[step].value), step) for step in STEP_ORDER}
        for step, lowest in LOWEST_ROLE.items():
            if _RANK[roles[step]] < _RANK[lowest]:
                raise UserFacingError(f"“{STEP_TITLES[step]}”至少须由{lowest.label}办理。", field=_FIELD)
        days = value.get("announcement_days", DEFAULT_ANNOUNCEMENT_DAYS)
        if isinstance(days, bool) or not isinstance(days, int | str) or not str(days).strip().isdigit() \
                or not 1 <= int(days) <= 30:
            raise UserFacingError(f"结果公告天数应为 1 到 30 的整数，实际为“{days}”。", field=_FIELD)
        return cls(order, roles, int(days))


def _names(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [part for part in value.replace("，", "、").replace(",", "、").split("、") if part.strip()]
    if isinstance(value, list | tuple):
        return list(value)
    raise UserFacingError("程序步骤的顺序应为步骤名称的列表（用“、”分隔）。", field=_FIELD)


def _step_named(name: Any) -> Stage:
    step = _STEP_BY_NAME.get(str(name).strip()) if isinstance(name, str) else None
    if step is None:
        known = "、".join(STEP_TITLES[s] for s in STEP_ORDER)
        raise UserFacingError(f"程序步骤“{str(name)[:20]}”不认识，可用的步骤：{known}。", field=_FIELD)
    return step


def _role_named(name: Any, step: Stage) -> Role:
    role = _ROLE_BY_NAME.get(name.strip()) if isinstance(name, str) else None
    if role is None:
        raise UserFacingError(f"“{STEP_TITLES[step]}”的办理角色“{str(name)[:20]}”不认识，"
                              f"应为 {'、'.join(ROLE_LABELS.values())}。", field=_FIELD)
    return role


DEFAULT_STEPS = StepList()


@dataclass(frozen=True)
class Consent:
    """The household's 承诺授权书: consent to checks of its income and assets, signed at the home
    visit (DOMAIN.md, "Procedures") by a member of the household, recorded with a step."""

    signed_on: date
    member_id: str


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
    steps: StepList = DEFAULT_STEPS  # the county's step list in force


def next_step(current: Stage, steps: StepList = DEFAULT_STEPS) -> Stage | None:
    return steps.after(current)


def may_take(role: Role, step: Stage, steps: StepList = DEFAULT_STEPS) -> bool:
    return _RANK[role] >= _RANK[steps.role(step)]


def is_settled(stage: Stage) -> bool:
    """The county has approved: monitored, or (in an elimination) the risk eliminated."""
    return stage in SETTLED_STAGES


def check_consent(step: Stage, consent: Consent | None, on: date, steps: StepList = DEFAULT_STEPS) -> None:
    """信息比对 checks the household's income and assets against other departments' data, which
    the household authorises by its 承诺授权书, signed at the home visit (DOMAIN.md, "Procedures"):
    so the step needs one on record, signed no later than the step. Without 信息比对 in the
    county's list, 县级审定 needs it."""
    needs = CONSENT_NEEDED_BY if CONSENT_NEEDED_BY in steps.order else Stage.APPROVED
    if step is not needs:
        return
    if consent is None:
        raise StepRefused(f"办理“{STEP_TITLES[step]}”前须登记农户签署的承诺授权书（签署日期、签署人）。")
    if consent.signed_on > on:
        raise StepRefused(f"承诺授权书的签署日期 {consent.signed_on.isoformat()} 晚于“{STEP_TITLES[step]}”的办理日期 "
                          f"{on.isoformat()}。")


def check_step(check: StepCheck) -> None:
    """Raise StepRefused with the reason if the step may not be taken now."""
    title = STEP_TITLES.get(check.step, check.step.value)
    if check.decision is Decision.CORRECT:
        _check_correction(check, title)
        return
    expected = next_step(check.current, check.steps)
    if expected is None:
        raise StepRefused(f"{check.procedure.label}程序已经结束（{check.current.label}），不能再办理“{title}”。")
    if check.step is not expected:
        raise StepRefused(
            f"程序不能跳步：当前为“{check.current.label}”，下一步应为“{STEP_TITLES[expected]}”，"
            f"不能办理“{title}”。")
    if not may_take(check.role, check.step, check.steps):
        raise StepRefused(
            f"{check.role.label}无权办理“{title}”，该步骤须由{check.steps.role(check.step).label}办理。")
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
    if not may_take(check.role, check.step, check.steps):
        raise StepRefused(
            f"{check.role.label}无权更正“{title}”，该步骤须由{check.steps.role(check.step).label}办理。")
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
