"""Scope and permission: changes a device below may not make are kept, listed and never applied,
while the rest applies; a household moved into a device's villages arrives with its history."""

import json
from datetime import date

from sqlalchemy import func, select

from app.cli import main
from app.services.cases import CaseService
from app.services.quarantine import QuarantineService
from app.services.sync import SyncService
from app.store.models import CaseStep, Household, MonitoringCase, QuarantinedChange
from tests.conftest import OTHER_VILLAGE, PASSWORD
from tests.services.helpers import poor_household


def _forge_approval(worker, case_id: str) -> None:
    """What a tampered worker device would send: it cannot approve through the services."""
    with worker.db.write(worker.actor) as session:
        session.add(CaseStep(case_id=case_id, procedure="identification", step="approved",
                             acted_on=date(2026, 3, 2), actor_name="网格员", actor_role="worker"))
        session.get(MonitoringCase, case_id).stage = "approved"


def _forge_outside_household(worker) -> str:
    with worker.db.write(worker.actor) as session:
        household = Household(village_code=OTHER_VILLAGE, household_type="一般农户",
                              head_name="外村户")
        session.add(household)
    return household.id


def _stored(ctx) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(QuarantinedChange))


def test_refused_changes_are_stored_once_with_sender_bundle_and_reason(enrolled, people,
                                                                      tmp_path) -> None:
    worker, township = enrolled
    household = poor_household(worker, people)
    case = CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                       on=date(2026, 3, 1))
    _forge_approval(worker, case.id)
    outside = _forge_outside_household(worker)
    path = SyncService(worker).export("up", tmp_path / "1.fpb").path
    summary = SyncService(township).import_file(path)

    assert len(summary.quarantined) == 3 and summary.applied > 0
    items = QuarantineService(township).listing()
    assert {(i.table, i.reason) for i in items} == {
        ("casestep", "网格员无权办理“县级审定”"),
        ("monitoringcase", "网格员无权办理“县级审定”"),
        ("household", f"记录所在的村 {OTHER_VILLAGE} 不在该设备的工作范围内")}
    assert {i.sender_name for i in items} == {worker.db.device.name}
    assert {i.bundle_sequence for i in items} == {1}
    approval = next(i for i in items if i.table == "monitoringcase")
    assert approval.row_id == case.id and approval.fields == {"stage": "approved"}
    assert "县级审定" in approval.summary and "第 1 号同步包" in approval.summary
    with township.db.read() as session:
        assert session.get(Household, outside) is None
        assert session.get(MonitoringCase, case.id).stage == "proposed"

    again = SyncService(township).import_file(path)
    assert len(again.quarantined) == 3
    assert _stored(township) == 3  # a second import keeps no second copy
    assert QuarantineService(township).listing(sender="没有这台") == []


def test_quarantine_is_listed_from_the_command_line(enrolled, people, tmp_path, capsys,
                                                   monkeypatch) -> None:
    worker, township = enrolled
    _forge_outside_household(worker)
    SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "1.fpb").path)
    location = township.db.location
    township.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["quarantine", "list", "--db", location, "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["table"] == "household" and item["bundle_sequence"] == 1
    assert "不在该设备的工作范围内" in item["reason"]
    assert main(["quarantine", "list", "--db", location]) == 0
    out = capsys.readouterr().out
    assert "不在该设备的工作范围内" in out and "第 1 号" in out


def test_the_stations_own_steps_coming_back_up_are_not_quarantined(enrolled, courier,
                                                                   people) -> None:
    from app.domain.procedure import Stage
    from app.store.models import Peer

    worker, township = enrolled
    household = poor_household(worker, people)
    cases = CaseService(worker)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查",
                         on=date(2026, 10, 1))
    for step, day in ((Stage.VERIFIED, 2), (Stage.VILLAGE_REVIEWED, 3), (Stage.POSTED, 5)):
        cases.take_step(case.id, step, on=date(2026, 10, day))
    courier.up(worker, township)
    CaseService(township).take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=date(2026, 10, 20))
    courier.down(township, worker)
    # The worker's record of what the township holds is lost (say, restored from a backup), so
    # its next bundle carries the township's own review back up.
    with worker.db.read() as session:
        peer = session.get(Peer, township.db.device.id)
    with worker.db.write(worker.actor) as session:
        peer.acknowledged = {}
        session.add(peer)
    summary = courier.up(worker, township)
    assert summary.quarantined == [] and summary.applied == 0 and summary.already_known > 0
    assert QuarantineService(township).listing() == []


def test_a_household_moved_out_of_the_workers_villages_is_quarantined(enrolled, courier,
                                                                      people) -> None:
    from app.services.households import HouseholdService

    worker, township = enrolled
    household = poor_household(worker, people)
    courier.up(worker, township)
    # A tampered device moves the household to a village it does not keep.
    with worker.db.write(worker.actor) as session:
        session.get(Household, household.id).village_code = OTHER_VILLAGE
    summary = courier.up(worker, township)
    (refused,) = summary.quarantined
    assert refused[1] == f"记录所在的村 {OTHER_VILLAGE} 不在该设备的工作范围内"
    assert HouseholdService(township).get(household.id).household.village_code != OTHER_VILLAGE


def test_a_household_moved_into_a_workers_villages_arrives_with_its_history(
        open_copy, tmp_path, people) -> None:
    """Two workers of one township; the station moves a household from one village to the other.
    The second worker never had it: the move brings the household, its members and its case."""
    from app.services.assistance import AssistanceService
    from app.services.households import HouseholdService
    from app.services.setup import initialize
    from tests.conftest import TODAY
    from tests.sync.conftest import Courier, enroll

    first, township = open_copy("worker"), open_copy("township")
    second = initialize(tmp_path / "second.db", PASSWORD, role="worker", division=OTHER_VILLAGE,
                        user_name="网格员王芳")
    second.today = lambda: TODAY
    try:
        for worker in (first, second):
            enroll(worker, township, tmp_path)
        courier = Courier(tmp_path)
        household = poor_household(first, people)
        CaseService(first).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                   on=date(2026, 3, 1))
        # A later change of the first worker that goes everywhere: the second worker's receipt
        # then covers (by sequence number) the household changes it was never sent.
        AssistanceService(first).add_person({"name": "孙帮扶", "unit": "镇农业站",
                                             "phone": "13800000000"})
        courier.up(first, township)
        courier.down(township, second)  # nothing of the first village reaches the second worker
        courier.up(second, township)  # and its receipt covers those changes
        with second.db.read() as session:
            assert session.get(Household, household.id) is None
        HouseholdService(township).update(household.id, {"village_code": OTHER_VILLAGE})
        summary = courier.down(township, second)
        assert summary.quarantined == []
        moved = HouseholdService(second).get(household.id)
        assert moved.household.village_code == OTHER_VILLAGE
        assert len(moved.members) == 2 and moved.active_case is not None
        assert moved.steps[moved.active_case.id]
    finally:
        second.db.close()
