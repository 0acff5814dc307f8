"""信息比对 and 结果公告 through sync (issue 20): the station's procedure integrity takes a new step
from the role that may take it and quarantines it from any other, with the step list in force."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.domain.procedure import Role, Stage
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.policy import PolicyService, step_list_from
from app.services.sync import SyncService
from app.store.models import CaseStep, ChangeLog, Member, MonitoringCase
from app.sync.checks import procedure_problems
from tests.services.helpers import cross_check, head_consent, poor_household
from tests.sync.test_hostile_enrolled_device import forge, reasons

ON = date(2026, 10, 1)


def _own(worker: ServiceContext, table: str, row_id: str, op: str, fields: dict[str, Any],
         seq_after: int = 0) -> dict[str, Any]:
    """An entry the worker's own device could have written (its next sequence, its clock)."""
    with worker.db.read() as session:
        top = session.scalar(select(func.max(ChangeLog.seq)).where(
            ChangeLog.device_id == worker.db.device.id)) or 0
    return {"device_id": worker.db.device.id, "seq": top + 1 + seq_after, "hlc": worker.db.clock.now(),
            "table_name": table, "row_id": row_id, "op": op, "fields": fields, "seen": None,
            "user_name": worker.actor.user_name}


def _forged_step(below: ServiceContext, case_id: str, step: Stage, on: date, **extra: Any) -> list[dict[str, Any]]:
    """A step the device below says it took, and the case state it says the step led to."""
    fields = {"case_id": case_id, "procedure": "identification", "step": step.value, "decision": "通过",
              "acted_on": on.isoformat(), "actor_name": below.actor.user_name,
              "actor_role": below.actor.role, "note": "", "consent_signed_on": None,
              "consent_member_id": "", "period_end": None, "deleted": False, **extra}
    return [_own(below, "casestep", str(uuid.uuid4()), "insert", fields),
            _own(below, "monitoringcase", case_id, "update", {"stage": step.value, "stage_since": on.isoformat()}, 1)]


def _stage(ctx: ServiceContext, case_id: str) -> str:
    with ctx.db.read() as session:
        return session.get(MonitoringCase, case_id).stage


def _steps(ctx: ServiceContext, case_id: str) -> list[str]:
    with ctx.db.read() as session:
        return list(session.scalars(select(CaseStep.step).where(CaseStep.case_id == case_id)))


def _reviewed_case(net) -> str:
    """A worker's case, reviewed by the township and back on the worker's laptop (已乡镇审核)."""
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    cases = CaseService(worker)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=ON)
    for step, day in ((Stage.VERIFIED, 2), (Stage.VILLAGE_REVIEWED, 3), (Stage.POSTED, 5)):
        cases.take_step(case.id, step, on=date(2026, 10, day))
    net.courier.up(worker, township)
    CaseService(township).take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=date(2026, 10, 20))
    net.courier.down(township, worker)
    assert _stage(worker, case.id) == Stage.TOWNSHIP_REVIEWED
    return case.id


def _send_forged(net, below: ServiceContext, station: ServiceContext, case_id: str, step: Stage):
    """``below`` signs a bundle of its log plus a forged ``step``; the station imports it."""
    forged = _forged_step(below, case_id, step, date(2026, 10, 21))
    return SyncService(station).import_file(
        forge(below, station, net.folder, lambda entries: entries + forged, sequence=2))


def test_a_workers_cross_check_is_quarantined_and_the_case_stays(net) -> None:
    township = net.township
    case_id = _reviewed_case(net)
    summary = _send_forged(net, net.worker, township, case_id, Stage.CROSS_CHECKED)
    assert any("网格员无权办理“信息比对”" in reason for reason in reasons(summary)), reasons(summary)
    assert _stage(township, case_id) == Stage.TOWNSHIP_REVIEWED
    assert Stage.CROSS_CHECKED.value not in _steps(township, case_id)


def test_a_townships_cross_check_is_quarantined_at_the_county(net) -> None:
    township, county = net.township, net.county
    case_id = _reviewed_case(net)
    net.courier.up(township, county)
    summary = _send_forged(net, township, county, case_id, Stage.CROSS_CHECKED)
    assert any("乡镇防贫工作站无权办理“信息比对”" in reason for reason in reasons(summary)), reasons(summary)
    assert _stage(county, case_id) == Stage.TOWNSHIP_REVIEWED


def test_a_worker_cannot_approve_past_the_cross_check_either(net) -> None:
    """Under the new list a forged 县级审定 is refused: by role at the scope check, and skipping 信息比对."""
    township = net.township
    case_id = _reviewed_case(net)
    summary = _send_forged(net, net.worker, township, case_id, Stage.APPROVED)
    assert reasons(summary) and all("网格员无权办理“县级审定”" in reason for reason in reasons(summary))
    assert _stage(township, case_id) == Stage.TOWNSHIP_REVIEWED


def test_the_countys_cross_check_approval_and_the_workers_announcement_travel(net) -> None:
    """The honest chain: the county checks and approves, the result comes down, the village's grid
    worker records the 结果公告 and it goes up unquarantined, with its consent and period."""
    worker, township, county = net.worker, net.township, net.county
    case_id = _reviewed_case(net)
    net.courier.up(township, county)
    cross_check(county, case_id, date(2026, 10, 22))
    CaseService(county).take_step(case_id, Stage.APPROVED, on=date(2026, 10, 25))
    net.courier.down(county, township)
    net.courier.down(township, worker)
    assert _stage(worker, case_id) == Stage.APPROVED
    assert CaseService(worker).consent(case_id) == head_consent(county, case_id, date(2026, 10, 22))
    CaseService(worker).take_step(case_id, Stage.ANNOUNCED, on=date(2026, 10, 26))
    summary = net.courier.up(worker, township)
    assert not summary.quarantined, reasons(summary)
    assert _stage(township, case_id) == Stage.ANNOUNCED
    with township.db.read() as session:
        announced = session.scalars(select(CaseStep).where(CaseStep.case_id == case_id,
                                                           CaseStep.step == Stage.ANNOUNCED.value)).one()
        assert (announced.actor_role, announced.period_end) == ("worker", date(2026, 10, 30))


def test_the_stations_step_list_decides_who_may_cross_check(net) -> None:
    """Policy data: where the county lets the stations do 信息比对, the county takes a station's."""
    township, county = net.township, net.county
    PolicyService(county).set_procedure_steps({"cross_checked": "乡镇防贫工作站"})
    net.courier.down(county, township)
    case_id = _reviewed_case(net)
    cross_check(township, case_id, date(2026, 10, 21))
    summary = net.courier.up(township, county)
    assert not summary.quarantined, reasons(summary)
    assert _stage(county, case_id) == Stage.CROSS_CHECKED


def test_the_procedure_integrity_check_itself_refuses_a_workers_cross_check(net) -> None:
    """app/sync/checks.py on its own (not only the scope check before it): role by the step list."""
    worker, township = net.worker, net.township
    case_id = _reviewed_case(net)
    forged = _forged_step(worker, case_id, Stage.CROSS_CHECKED, date(2026, 10, 21))
    roles = {worker.db.device.id: Role.WORKER}
    with township.db.read() as session:
        problems = procedure_problems(session, forged, roles, step_list_from(session))
        assert "网格员无权办理“信息比对”" in problems[id(forged[0])]
        assert "只能随允许的办理步骤改变" in problems[id(forged[1])]
        # The same step, with the household's 承诺授权书, from a device the county enrolled as its own passes.
        consent = head_consent(township, case_id, date(2026, 10, 21))
        as_county = _forged_step(worker, case_id, Stage.CROSS_CHECKED, date(2026, 10, 21), actor_role="county",
                                 consent_signed_on=consent.signed_on.isoformat(),
                                 consent_member_id=consent.member_id)
        assert procedure_problems(session, as_county, {worker.db.device.id: Role.COUNTY},
                                  step_list_from(session)) == {}


def test_a_cross_check_without_the_households_consent_is_quarantined(net) -> None:
    """信息比对 needs the 承诺授权书 on record, signed no later than the step (check_consent): a device
    below whose role may take the step cannot skip it through sync either."""
    worker, township = net.worker, net.township
    case_id = _reviewed_case(net)
    county_role = {worker.db.device.id: Role.COUNTY}
    on = date(2026, 10, 21)
    consent = head_consent(township, case_id, on)
    with township.db.read() as session:
        steps = step_list_from(session)
        bare = _forged_step(worker, case_id, Stage.CROSS_CHECKED, on, actor_role="county")
        problems = procedure_problems(session, bare, county_role, steps)
        assert "须登记农户签署的承诺授权书" in problems[id(bare[0])], problems
        assert "只能随允许的办理步骤改变" in problems[id(bare[1])]
        late = _forged_step(worker, case_id, Stage.CROSS_CHECKED, on, actor_role="county",
                            consent_signed_on="2026-10-25", consent_member_id=consent.member_id)
        assert "晚于“信息比对”的办理日期" in procedure_problems(session, late, county_role, steps)[id(late[0])]
    # A consent recorded with an earlier step of the case is on record for the later 信息比对.
    with township.db.write(township.actor) as session:
        step = session.scalars(select(CaseStep).where(CaseStep.case_id == case_id,
                                                      CaseStep.step == Stage.VERIFIED.value)).one()
        step.consent_signed_on, step.consent_member_id = date(2026, 10, 2), consent.member_id
        session.add(step)
    with township.db.read() as session:
        assert procedure_problems(session, bare, county_role, step_list_from(session)) == {}


def test_a_consent_signed_by_someone_outside_the_household_is_quarantined(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    stranger = poor_household(worker, net.people, name="李四")
    case = CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查", on=ON)
    net.courier.up(worker, township)
    with worker.db.read() as session:
        outsider = session.scalars(select(Member.id).where(Member.household_id == stranger.id)).first()
    forged = _forged_step(worker, case.id, Stage.VERIFIED, date(2026, 10, 2),
                          consent_signed_on="2026-10-02", consent_member_id=outsider)
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2))
    assert "承诺授权书的签署人不是本户的家庭成员" in reasons(summary), reasons(summary)
    assert _stage(township, case.id) == Stage.PROPOSED
    # Signed by the household's own head, the visit travels.
    CaseService(worker).take_step(case.id, Stage.VERIFIED, on=date(2026, 10, 2),
                                  consent=head_consent(worker, case.id, date(2026, 10, 2)))
    honest = net.courier.up(worker, township)
    assert not honest.quarantined, reasons(honest)
    assert CaseService(township).consent(case.id) == head_consent(worker, case.id, date(2026, 10, 2))


def test_the_fast_track_is_set_at_the_proposal_and_not_by_a_later_change(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    case = CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查", on=ON,
                                       category="突发严重困难户", fast_track=True)
    summary = net.courier.up(worker, township)
    assert not summary.quarantined, reasons(summary)
    other = CaseService(worker).propose(poor_household(worker, net.people, name="王五").id, risk_types=["因病"],
                                        channel="基层干部排查", on=ON, category="边缘易致贫户")
    net.courier.up(worker, township)
    forged = [_own(worker, "monitoringcase", other.id, "update", {"fast_track": True})]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=3))
    assert any("fast_track" in reason for reason in reasons(summary)), reasons(summary)
    with township.db.read() as session:
        assert session.get(MonitoringCase, case.id).fast_track
        assert not session.get(MonitoringCase, other.id).fast_track
