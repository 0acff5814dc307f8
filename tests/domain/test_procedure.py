from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import UserFacingError
from app.domain.procedure import (
    DEFAULT_STEPS,
    STEP_ORDER,
    Consent,
    Decision,
    Procedure,
    Role,
    Stage,
    StepCheck,
    StepList,
    StepRefused,
    check_consent,
    check_step,
    is_settled,
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
        _check(Stage.CROSS_CHECKED, Stage.APPROVED, Role.TOWNSHIP)


def test_only_reviews_may_return_or_reject() -> None:
    with pytest.raises(StepRefused, match="只能通过"):
        _check(Stage.PROPOSED, Stage.VERIFIED, decision=Decision.RETURN)
    _check(Stage.POSTED, Stage.TOWNSHIP_REVIEWED, decision=Decision.RETURN)
    assert stage_after(Stage.TOWNSHIP_REVIEWED, Decision.RETURN) is Stage.RETURNED
    assert next_step(Stage.RETURNED) is Stage.VERIFIED
    assert stage_after(Stage.APPROVED, Decision.REJECT) is Stage.REJECTED


def test_finished_procedures_take_no_more_steps() -> None:
    for done in (Stage.ANNOUNCED, Stage.REJECTED):
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


def test_the_default_list_is_the_practice_with_cross_check_and_announcement() -> None:
    assert [step.value for step in DEFAULT_STEPS.order] == [
        "proposed", "verified", "village_reviewed", "posted", "township_reviewed", "cross_checked",
        "approved", "announced"]
    assert next_step(Stage.TOWNSHIP_REVIEWED) is Stage.CROSS_CHECKED
    assert next_step(Stage.CROSS_CHECKED) is Stage.APPROVED
    assert next_step(Stage.APPROVED) is Stage.ANNOUNCED
    assert is_settled(Stage.ANNOUNCED) and is_settled(Stage.APPROVED) and not is_settled(Stage.CROSS_CHECKED)


def test_only_the_county_cross_checks_and_anyone_announces() -> None:
    for role in (Role.WORKER, Role.TOWNSHIP):
        with pytest.raises(StepRefused, match=rf"{role.label}无权办理“信息比对”.*县防贫中心"):
            _check(Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED, role)
    _check(Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED, Role.COUNTY)
    with pytest.raises(StepRefused, match=r"不能跳步.*信息比对"):
        _check(Stage.TOWNSHIP_REVIEWED, Stage.APPROVED, Role.COUNTY)
    _check(Stage.APPROVED, Stage.ANNOUNCED, Role.WORKER)
    with pytest.raises(StepRefused, match="只能通过"):
        _check(Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED, decision=Decision.RETURN)


def test_a_case_begun_under_the_old_list_goes_on() -> None:
    """Under the old list a case waiting for 县级审定 sat at 已乡镇审核: it now goes through 信息比对;
    one already approved may have its result announced; none is stuck."""
    assert next_step(Stage.TOWNSHIP_REVIEWED) is Stage.CROSS_CHECKED
    old = StepList.from_setting({"order": "申报、入户核实、村级民主评议、公示、乡镇审核、县级审定"})
    assert next_step(Stage.TOWNSHIP_REVIEWED, old) is Stage.APPROVED
    assert next_step(Stage.APPROVED, old) is None
    # A case that reached 已信息比对 before the county dropped the step goes on to approval.
    assert next_step(Stage.CROSS_CHECKED, old) is Stage.APPROVED


def test_the_step_list_is_policy_data() -> None:
    custom = StepList.from_setting({"order": ["申报", "入户核实", "公示", "乡镇审核", "信息比对", "县级审定"],
                                    "cross_checked": "乡镇防贫工作站", "announcement_days": "7"})
    assert next_step(Stage.VERIFIED, custom) is Stage.POSTED
    assert may_take(Role.TOWNSHIP, Stage.CROSS_CHECKED, custom)
    check_step(StepCheck(Procedure.IDENTIFICATION, Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED,
                         Role.TOWNSHIP, Decision.PASS, DAY, steps=custom))
    assert custom.announcement_days == 7
    assert StepList.from_setting(custom.to_setting()) == custom
    assert StepList.from_setting(DEFAULT_STEPS.to_setting()) == DEFAULT_STEPS


@pytest.mark.parametrize(("value", "reason"), [
    ({"order": "申报、公示、入户核实、县级审定"}, "顺序不对"),
    ({"order": "申报、入户核实、入户核实、县级审定"}, "重复"),
    ({"order": "入户核实、县级审定"}, "不能省略“申报”"),
    ({"order": "申报、入户核实"}, "不能省略“县级审定”"),
    ({"order": "申报、走访、县级审定"}, "“走访”不认识"),
    ({"approved": "网格员"}, "“县级审定”至少须由县防贫中心办理"),
    ({"township_reviewed": "worker"}, "“乡镇审核”至少须由乡镇防贫工作站办理"),
    ({"verified": "村长"}, "办理角色“村长”不认识"),
    ({"announcement_days": 0}, "结果公告天数"),
    ({"announcement_days": True}, "结果公告天数"),
    ({"skip": 1}, "没有“skip”这一项"),
    ("申报", "应为一组项目"),
])
def test_a_bad_step_list_is_refused_with_its_reason(value: object, reason: str) -> None:
    with pytest.raises(UserFacingError, match=reason):
        StepList.from_setting(value)


def test_the_cross_check_needs_the_consent_signed_before_it() -> None:
    consent = Consent(date(2026, 5, 3), "member-1")
    with pytest.raises(StepRefused, match="承诺授权书"):
        check_consent(Stage.CROSS_CHECKED, None, DAY)
    with pytest.raises(StepRefused, match="签署日期 2026-05-11 晚于"):
        check_consent(Stage.CROSS_CHECKED, Consent(date(2026, 5, 11), "member-1"), DAY)
    check_consent(Stage.CROSS_CHECKED, consent, DAY)
    check_consent(Stage.VERIFIED, None, DAY)  # signed at the visit, needed only by the check
    without = StepList.from_setting({"order": "申报、入户核实、乡镇审核、县级审定"})
    with pytest.raises(StepRefused, match="办理“县级审定”前须登记"):
        check_consent(Stage.APPROVED, None, DAY, without)
    check_consent(Stage.APPROVED, None, DAY)  # with 信息比对 in the list, approval follows it
