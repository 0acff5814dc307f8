"""The demo's cases follow the county's step list in force (app/services/demo/plans.py)."""

from __future__ import annotations

from datetime import date
from random import Random

from app.domain.procedure import Stage, StepList
from app.services.demo.plans import make_timeline, plan_cases

TODAY = date(2026, 11, 23)
SHORT_LIST = StepList(order=(Stage.PROPOSED, Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED,
                             Stage.TOWNSHIP_REVIEWED, Stage.APPROVED))


def test_a_list_without_cross_check_and_announcement_gives_cases_without_them() -> None:
    rng = Random(3)
    plans = plan_cases(rng, 2_000, SHORT_LIST)
    stages = {plan.stage for plan in plans.values()}
    assert Stage.APPROVED in stages and not stages & {Stage.CROSS_CHECKED, Stage.ANNOUNCED}
    for plan in plans.values():
        timeline = make_timeline(rng, TODAY, plan, 5, SHORT_LIST)
        assert {step for _procedure, step, _decision, _on in timeline.steps} <= set(SHORT_LIST.order)


def test_the_default_list_gives_cases_at_every_step_with_outcome_dates_from_the_approval() -> None:
    rng = Random(3)
    plans = plan_cases(rng, 2_000, StepList())
    assert {plan.stage for plan in plans.values()} == set(Stage)
    for plan in plans.values():
        timeline = make_timeline(rng, TODAY, plan, 5, StepList())
        approvals = [on for _procedure, step, decision, on in timeline.steps
                     if step is Stage.APPROVED and decision == "通过"]
        if timeline.identified_on is not None:
            assert timeline.identified_on in approvals  # the county's approval, not the announcement
        assert all(on <= TODAY for *_rest, on in timeline.steps)
