"""A mistaken procedure step is corrected by a new step (更正), never edited, and the correction travels."""

from datetime import date

import pytest

from app.domain.errors import UserFacingError
from app.domain.procedure import Decision, Stage
from app.services.cases import CaseService
from app.services.households import HouseholdService
from tests.services.helpers import poor_household
from tests.sync.conftest import Courier, enroll


def _verified(ctx, people, on: date = date(2026, 11, 10)):
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", category="边缘易致贫户",
                         on=date(2026, 11, 2))
    return household, cases.take_step(case.id, Stage.VERIFIED, on=on)


def test_a_step_with_a_wrong_date_is_corrected_by_a_new_step(ctx, people) -> None:
    household, case = _verified(ctx, people, on=date(2026, 11, 20))
    corrected = CaseService(ctx).correct_step(case.id, note="核实日期填错，实为11月12日", on=date(2026, 11, 12))
    assert (corrected.stage, corrected.stage_since) == (Stage.VERIFIED, date(2026, 11, 12))
    steps = sorted(HouseholdService(ctx).get(household.id).steps[case.id], key=lambda s: s.created_hlc)
    assert [(s.step, s.decision, s.acted_on) for s in steps] == [
        (Stage.PROPOSED, Decision.PASS, date(2026, 11, 2)), (Stage.VERIFIED, Decision.PASS, date(2026, 11, 20)),
        (Stage.VERIFIED, Decision.CORRECT, date(2026, 11, 12))]
    assert steps[-1].note == "核实日期填错，实为11月12日"
    # The procedure goes on from the corrected step.
    assert CaseService(ctx).take_step(case.id, Stage.VILLAGE_REVIEWED, on=date(2026, 11, 21)).stage == \
        Stage.VILLAGE_REVIEWED


def test_a_correction_needs_a_reason_and_a_step_to_correct(ctx, people) -> None:
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", category="边缘易致贫户")
    with pytest.raises(UserFacingError, match="没有可以更正的办理步骤"):
        cases.correct_step(case.id, note="写错了")
    cases.take_step(case.id, Stage.VERIFIED)
    with pytest.raises(UserFacingError, match="必须写明原因"):
        cases.correct_step(case.id, note=" ")
    with pytest.raises(UserFacingError, match="只能更正案例的最后一步"):
        cases.take_step(case.id, Stage.VILLAGE_REVIEWED, decision=Decision.CORRECT, note="写错了")


def test_a_workers_correction_passes_the_stations_procedure_checks(open_copy, tmp_path, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    courier = Courier(tmp_path)
    household, case = _verified(worker, people, on=date(2026, 11, 20))
    CaseService(worker).correct_step(case.id, note="日期填错", on=date(2026, 11, 12))
    summary = courier.up(worker, township)
    assert summary.quarantined == [], summary.quarantined
    steps = sorted(HouseholdService(township).get(household.id).steps[case.id], key=lambda s: s.created_hlc)
    assert [s.decision for s in steps] == [Decision.PASS, Decision.PASS, Decision.CORRECT]
    assert HouseholdService(township).get(household.id).cases[0].stage_since == date(2026, 11, 12)
