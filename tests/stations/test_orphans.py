"""A change whose parent row is quarantined is held back with it, on both backends alike."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from app.services.sync import SyncService
from app.store.models import CaseStep, MonitoringCase
from tests.services.helpers import poor_household
from tests.sync.conftest import enroll


def test_the_steps_of_a_quarantined_case_wait_with_it(open_copy, people, tmp_path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    household = poor_household(worker, people)
    # A case the worker's device claims was approved, created with its proposal step in one go:
    # the case is beyond a worker's role, so its proposal step cannot stand on its own either.
    with worker.db.write(worker.actor) as session:
        case = MonitoringCase(household_id=household.id, category="边缘易致贫户", risk_types=["因病"],
                              discovery_channel="基层干部排查", procedure="identification", stage="approved",
                              status="风险未消除", proposed_on=date(2026, 3, 1), stage_since=date(2026, 3, 5))
        session.add(case)
        session.add(CaseStep(case_id=case.id, procedure="identification", step="proposed",
                             acted_on=date(2026, 3, 1), actor_name="网格员", actor_role="worker"))
        session.add(CaseStep(case_id=case.id, procedure="identification", step="approved",
                             acted_on=date(2026, 3, 5), actor_name="网格员", actor_role="worker"))

    summary = SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "1.fpb").path)

    reasons = {(entry["table_name"], reason) for entry, reason in summary.quarantined}
    assert ("monitoringcase", "网格员无权办理“县级审定”") in reasons
    assert any(table == "casestep" and reason.startswith("所属的监测案例记录") for table, reason in reasons)
    assert summary.applied > 0  # the household and its members arrived
    with township.db.read() as session:
        assert session.get(MonitoringCase, case.id) is None
        orphans = session.execute(text(
            "SELECT count(*) FROM casestep s WHERE NOT EXISTS (SELECT 1 FROM monitoringcase c WHERE c.id = s.case_id)"
        )).scalar()
    assert orphans == 0
