from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.procedure import (
    STEP_ORDER,
    Decision,
    Procedure,
    Role,
    Stage,
    StepCheck,
    StepRefused,
    check_step,
    may_take,
    next_step,
    posting_period,
    stage_after,
)

DAY = date(2026, 5, 10)


def _check(current: Stage, step: Stage, role: Role = Role.COUNTY,
           decision: Decision = Decision.PASS, **extra) -> None:
    check_step(StepCheck(Procedure.IDENTIFICATION, current, step, role, decision, DAY, **extra))


def test_steps_follow_the_official_order() -> None:
    stage = Stage.PROPOSED
    taken = []
    while (step := next_step(stage)) is not None:
        _check(stage, step)
        taken.append(step)
        stage = stage_after(step, Decision.PASS)
    assert tuple(taken) == STEP_ORDER[1:]


@given(st.sampled_from(STEP_ORDER[:-1]), st.sampled_from(STEP_ORDER))
def test_any_step_but_the_next_is_refused(current: Stage, step: Stage) -> None:
    if step is next_step(current):
        return
    with pytest.raises(StepRefused, match="不能跳步"):
        _check(current, step)


def test_roles() -> None:
    assert may_take(Role.WORKER, Stage.POSTED)
    assert not may_take(Role.WORKER, Stage.TOWNSHIP_REVIEWED)
    assert may_take(Role.TOWNSHIP, Stage.TOWNSHIP_REVIEWED)
    assert not may_take(Role.TOWNSHIP, Stage.APPROVED)
    with pytest.raises(StepRefused, match=r"网格员无权办理“乡镇审核”.*乡镇防贫工作站"):
        _check(Stage.POSTED, Stage.TOWNSHIP_REVIEWED, Role.WORKER)
    with pytest.raises(StepRefused, match="乡镇防贫工作站无权办理“县级审定”"):
        _check(Stage.TOWNSHIP_REVIEWED, Stage.APPROVED, Role.TOWNSHIP)


def test_only_reviews_may_return_or_reject() -> None:
    with pytest.raises(StepRefused, match="只能通过"):
        _check(Stage.PROPOSED, Stage.VERIFIED, decision=Decision.RETURN)
    _check(Stage.POSTED, Stage.TOWNSHIP_REVIEWED, decision=Decision.RETURN)
    assert stage_after(Stage.TOWNSHIP_REVIEWED, Decision.RETURN) is Stage.RETURNED
    assert next_step(Stage.RETURNED) is Stage.VERIFIED
    assert stage_after(Stage.APPROVED, Decision.REJECT) is Stage.REJECTED


def test_finished_procedures_take_no_more_steps() -> None:
    for done in (Stage.APPROVED, Stage.REJECTED):
        with pytest.raises(StepRefused, match="已经结束"):
            _check(done, Stage.VERIFIED)


def test_township_review_waits_for_the_posting_to_end() -> None:
    start, end = posting_period(date(2026, 5, 1), 5)
    assert end == date(2026, 5, 5)
    with pytest.raises(StepRefused, match="2026-05-06 起才能乡镇审核"):
        check_step(StepCheck(Procedure.IDENTIFICATION, Stage.POSTED, Stage.TOWNSHIP_REVIEWED,
                             Role.TOWNSHIP, Decision.PASS, date(2026, 5, 5), posting_end=end))
    check_step(StepCheck(Procedure.IDENTIFICATION, Stage.POSTED, Stage.TOWNSHIP_REVIEWED,
                         Role.TOWNSHIP, Decision.PASS, date(2026, 5, 6), posting_end=end))
    assert start == date(2026, 5, 1)


def test_labels_are_chinese() -> None:
    assert Stage.POSTED.label == "公示中"
    assert Procedure.ELIMINATION.label == "风险消除"
    assert Role.COUNTY.label == "县防贫中心"


def test_a_step_is_never_dated_ahead_of_today_or_before_the_step_it_follows() -> None:
    today = date(2026, 12, 7)
    with pytest.raises(StepRefused, match="晚于今天"):
        check_step(StepCheck(Procedure.IDENTIFICATION, Stage.PROPOSED, Stage.VERIFIED, Role.WORKER,
                             Decision.PASS, date(2026, 12, 8), today=today))
    with pytest.raises(StepRefused, match="早于上一步"):
        check_step(StepCheck(Procedure.IDENTIFICATION, Stage.PROPOSED, Stage.VERIFIED, Role.WORKER,
                             Decision.PASS, date(2026, 12, 1), today=today, previous_on=date(2026, 12, 2)))
    check_step(StepCheck(Procedure.IDENTIFICATION, Stage.PROPOSED, Stage.VERIFIED, Role.WORKER,
                         Decision.PASS, today, today=today, previous_on=today))


def test_a_township_review_dated_ahead_cannot_skip_the_posting_period() -> None:
    """The attack of issue 19: posting ends 12-08, today is 12-07, the clerk types 12-09."""
    _start, end = posting_period(date(2026, 12, 4), 5)
    with pytest.raises(StepRefused, match="晚于今天"):
        check_step(StepCheck(Procedure.IDENTIFICATION, Stage.POSTED, Stage.TOWNSHIP_REVIEWED, Role.TOWNSHIP,
                             Decision.PASS, date(2026, 12, 9), posting_end=end, today=date(2026, 12, 7)))
