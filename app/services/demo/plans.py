"""Which households get a monitoring case, the stage each case has reached, and the dated
steps of the procedures that brought it there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from app.domain.procedure import STEP_ORDER, Decision, Procedure, Stage, StepList, posting_period
from app.services.demo.chance import Weighted

CASE_SHARE = 0.06

IDENTIFICATION, ELIMINATION = Procedure.IDENTIFICATION, Procedure.ELIMINATION
_CATEGORY_NAMES = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
_CATEGORIES = Weighted(zip(_CATEGORY_NAMES, (35, 40, 25), strict=True))
# The stages a procedure passes through on its way to approval, in order (the default step list).
_ON_THE_WAY = (Stage.PROPOSED, Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED,
               Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED)
# (procedure, stage the case is at); ELIMINATION/APPROVED or ANNOUNCED is an eliminated, closed
# case; APPROVED alone is one whose 结果公告 is still to come.
_CASE_STATES: tuple[tuple[Procedure, Stage], ...] = (
    *((IDENTIFICATION, stage) for stage in Stage),
    *((ELIMINATION, stage) for stage in Stage if stage not in (Stage.RETURNED, Stage.REJECTED)),
)
_STATE_WEIGHTS = Weighted([
    ((IDENTIFICATION, Stage.ANNOUNCED), 36), ((IDENTIFICATION, Stage.APPROVED), 4),
    ((ELIMINATION, Stage.ANNOUNCED), 31), ((ELIMINATION, Stage.APPROVED), 4),
    ((IDENTIFICATION, Stage.RETURNED), 2), ((IDENTIFICATION, Stage.REJECTED), 3),
    *(((procedure, stage), 2) for procedure in (IDENTIFICATION, ELIMINATION)
      for stage in _ON_THE_WAY),
])


@dataclass
class CasePlan:
    category: str
    procedure: Procedure
    stage: Stage


def plan_cases(rng: Random, total: int, steps: StepList) -> dict[int, CasePlan]:
    """Which of ``total`` households (by position) get a case, and at what stage: every stage
    and category at least once, so even a small demo shows the whole procedure — the county's
    step list in force (a step it leaves out, no case stands at)."""
    states = [(procedure, stage) for procedure, stage in _CASE_STATES if _listed(stage, steps)]
    count = min(total, max(round(total * CASE_SHARE), len(states)))
    chosen = rng.sample(range(total), count) if count else []
    plans: dict[int, CasePlan] = {}
    for position, index in enumerate(chosen):
        if position < len(states):
            procedure, stage = states[position]
            category = _CATEGORY_NAMES[position % 3]
        else:
            procedure, stage = _STATE_WEIGHTS.pick(rng)
            category = _CATEGORIES.pick(rng)
        plans[index] = CasePlan(category, procedure, _reached(stage, steps))
    return plans


def _listed(stage: Stage, steps: StepList) -> bool:
    return stage in steps.order or stage in (Stage.RETURNED, Stage.REJECTED)


def _reached(stage: Stage, steps: StepList) -> Stage:
    """The stage itself, or the last one before it that the list has."""
    if _listed(stage, steps):
        return stage
    return next(s for s in reversed(STEP_ORDER[:STEP_ORDER.index(stage)]) if s in steps.order)


@dataclass
class Timeline:
    """Every step of a case with its date; the case row is read off the last one."""

    steps: list[tuple[Procedure, Stage, Decision, date]] = field(default_factory=list)
    posting: tuple[date, date] | None = None
    identified_on: date | None = None
    elimination_start: date | None = None
    eliminated_on: date | None = None

    @property
    def proposed_on(self) -> date:
        return self.steps[0][3]

    @property
    def last(self) -> tuple[Procedure, Stage, Decision, date]:
        return self.steps[-1]

    @property
    def verified_on(self) -> date | None:
        """When the household was first visited to verify the proposal, if it has been."""
        return next((on for procedure, step, _decision, on in self.steps
                     if step is Stage.VERIFIED and procedure is IDENTIFICATION), None)


def make_timeline(rng: Random, today: date, plan: CasePlan, posting_days: int, steps: StepList) -> Timeline:
    timeline = Timeline()
    settled = Stage.ANNOUNCED if Stage.ANNOUNCED in steps.order else Stage.APPROVED
    if plan.procedure is IDENTIFICATION:
        if plan.stage is settled:
            end = today - timedelta(days=rng.randrange(20, 1000))
        elif plan.stage is Stage.APPROVED:  # the 结果公告 not made yet
            end = today - timedelta(days=rng.randrange(0, 3))
        elif plan.stage is Stage.REJECTED:
            end = today - timedelta(days=rng.randrange(3, 300))
        elif plan.stage is Stage.RETURNED:
            end = today - timedelta(days=rng.randrange(1, 25))
        else:
            end = today - timedelta(days=rng.randrange(0, 5))
        _add_procedure(rng, posting_days, timeline, IDENTIFICATION, plan.stage, end, steps)
        return timeline
    if plan.stage is settled:
        identified = today - timedelta(days=rng.randrange(260, 1300))
        end = min(identified + timedelta(days=rng.randrange(215, 720)),
                  today - timedelta(days=rng.randrange(3, 40)))
    else:
        identified = today - timedelta(days=rng.randrange(230, 1000))
        end = today - timedelta(days=rng.randrange(0, 3 if plan.stage is Stage.APPROVED else 5))
    _add_procedure(rng, posting_days, timeline, IDENTIFICATION, settled, identified, steps)
    _add_procedure(rng, posting_days, timeline, ELIMINATION, plan.stage, end, steps)
    return timeline


def _add_procedure(rng: Random, posting_days: int, timeline: Timeline, procedure: Procedure,
                   stage: Stage, end: date, steps: StepList) -> None:
    """Steps of one procedure up to ``stage``, the last one dated ``end``, as the list has them."""
    final = stage
    ending = Decision.PASS
    if stage in (Stage.RETURNED, Stage.REJECTED):
        final = Stage.TOWNSHIP_REVIEWED if rng.random() < 0.6 else Stage.APPROVED
        ending = Decision.RETURN if stage is Stage.RETURNED else Decision.REJECT
    order = tuple(step for step in (*_ON_THE_WAY, Stage.APPROVED, Stage.ANNOUNCED) if step in steps.order)
    wanted = order[:order.index(final) + 1]
    # A few approved cases were sent back once and went through again.
    redo = (procedure is IDENTIFICATION and final in (Stage.APPROVED, Stage.ANNOUNCED)
            and ending is Decision.PASS and rng.random() < 0.05)
    offsets: list[tuple[Stage, Decision, int]] = []
    day = 0
    posting: tuple[int, int] | None = None
    for step in wanted:
        day += _step_gap(rng, step, posting)
        decision = ending if step is final else Decision.PASS
        if redo and step is Stage.TOWNSHIP_REVIEWED:
            offsets.append((step, Decision.RETURN, day))
            for again in (Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED):
                day += _step_gap(rng, again, posting)
                if again is Stage.POSTED:
                    posting = (day, day + posting_days - 1)
                offsets.append((again, Decision.PASS, day))
            day += _step_gap(rng, step, posting)
        if step is Stage.POSTED:
            posting = (day, day + posting_days - 1)
        offsets.append((step, decision, day))
    start = end - timedelta(days=day)
    for step, decision, offset in offsets:
        timeline.steps.append((procedure, step, decision, start + timedelta(days=offset)))
    if posting is not None:
        timeline.posting = posting_period(start + timedelta(days=posting[0]), posting_days)
    approved = [offset for step, decision, offset in offsets
                if step is Stage.APPROVED and decision is Decision.PASS]
    if approved:  # the county's approval, whether or not its 结果公告 followed
        on = start + timedelta(days=approved[-1])
        if procedure is IDENTIFICATION:
            timeline.identified_on = on
        else:
            timeline.eliminated_on = on
    if procedure is ELIMINATION:
        timeline.elimination_start = start


def _step_gap(rng: Random, step: Stage, posting: tuple[int, int] | None) -> int:
    """Days from the previous step; the whole identification takes about 15–20 working days."""
    if step is Stage.PROPOSED:
        return 0
    if step is Stage.VERIFIED:
        return rng.randint(1, 4)
    if step is Stage.VILLAGE_REVIEWED:
        return rng.randint(2, 5)
    if step is Stage.POSTED:
        return rng.randint(0, 2)
    if step is Stage.TOWNSHIP_REVIEWED:
        assert posting is not None
        return posting[1] - posting[0] + rng.randint(1, 3)
    if step is Stage.CROSS_CHECKED:
        return rng.randint(1, 3)
    if step is Stage.ANNOUNCED:
        return rng.randint(1, 3)
    return rng.randint(1, 4)
