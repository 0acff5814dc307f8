"""Worker and township exchange bundles through the services, including the bad cases."""

from datetime import date

import pytest
from sqlalchemy import select

from app.domain.procedure import Stage
from app.services.cases import CaseService
from app.services.households import HouseholdService
from app.services.identity import device_keys
from app.services.sync import SyncService
from app.store.models import CaseStep, ChangeLog, Household, MonitoringCase
from app.sync.bundle import BundleRefused, write_bundle
from tests.services.helpers import poor_household
from tests.sync.conftest import enroll


@pytest.fixture
def pair(open_copy, tmp_path):
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    return worker, township


def _households(ctx) -> list[tuple]:
    with ctx.db.read() as session:
        return sorted((h.id, h.head_name, h.phone, h.member_count)
                      for h in session.scalars(select(Household)))


def _log_size(ctx) -> int:
    with ctx.db.read() as session:
        return len(session.scalars(select(ChangeLog)).all())


def test_a_bundle_goes_up_and_a_second_import_changes_nothing(pair, people, tmp_path) -> None:
    worker, township = pair
    poor_household(worker, people)
    exported = SyncService(worker).export("up", tmp_path / "1.fpb")
    assert exported.sequence == 1 and exported.counts["household"] == 1
    summary = SyncService(township).import_file(tmp_path / "1.fpb")
    assert summary.applied > 0 and summary.quarantined == [] and summary.missing_sequences == []
    assert _households(township) == _households(worker)
    size = _log_size(township)
    again = SyncService(township).import_file(tmp_path / "1.fpb")
    assert again.applied == 0 and again.already_known == summary.applied
    assert _log_size(township) == size


def test_receipts_keep_the_next_bundle_small(pair, people, tmp_path) -> None:
    worker, township = pair
    poor_household(worker, people)
    SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "1.fpb").path)
    SyncService(worker).import_file(
        SyncService(township).export(worker.db.device.name, tmp_path / "down.fpb").path)
    household = poor_household(worker, people, name="王小二")
    second = SyncService(worker).export("up", tmp_path / "2.fpb")
    assert second.counts.get("household") == 1  # only the new one: the first was acknowledged
    SyncService(township).import_file(second.path)
    assert HouseholdService(township).get(household.id).household.head_name == "王小二"


def test_out_of_order_bundles_report_the_gap_and_converge(pair, people, tmp_path) -> None:
    worker, township = pair
    poor_household(worker, people)
    SyncService(worker).export("up", tmp_path / "1.fpb")
    poor_household(worker, people, name="王小二")
    SyncService(worker).export("up", tmp_path / "2.fpb")
    late = SyncService(township).import_file(tmp_path / "2.fpb")
    assert late.missing_sequences == [1]
    SyncService(township).import_file(tmp_path / "1.fpb")
    assert _households(township) == _households(worker)


def test_a_tampered_bundle_is_refused_and_nothing_is_written(pair, people, tmp_path) -> None:
    worker, township = pair
    poor_household(worker, people)
    path = SyncService(worker).export("up", tmp_path / "1.fpb").path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    before = _log_size(township)
    with pytest.raises(BundleRefused):
        SyncService(township).import_file(path)
    assert _log_size(township) == before and _households(township) == []


def test_a_bundle_from_an_unenrolled_device_is_refused(pair, open_copy, tmp_path) -> None:
    _worker, township = pair
    stranger = open_copy("county")
    path = tmp_path / "stranger.fpb"
    path.write_bytes(write_bundle({"sequence": 1}, {"changes": []}, device_keys(stranger.db),
                                  device_keys(township.db).public))
    with pytest.raises(BundleRefused, match="未登记的设备"):
        SyncService(township).import_file(path)


def test_importing_a_bundle_this_device_wrote_is_refused(pair, tmp_path) -> None:
    worker, township = pair
    path = SyncService(township).export(worker.db.device.name, tmp_path / "down.fpb").path
    with pytest.raises(BundleRefused, match="这是本机自己导出的同步包"):
        SyncService(township).import_file(path)


def test_a_worker_approval_is_quarantined_while_the_rest_applies(pair, people,
                                                                 tmp_path) -> None:
    worker, township = pair
    household = poor_household(worker, people)
    case = CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                       on=date(2026, 3, 1))
    # A worker's device cannot approve through the services, so forge the rows it would send.
    with worker.db.write(worker.actor) as session:
        session.add(CaseStep(case_id=case.id, procedure="identification", step="approved",
                             acted_on=date(2026, 3, 2), actor_name="网格员", actor_role="worker"))
        session.get(MonitoringCase, case.id).stage = "approved"
    summary = SyncService(township).import_file(
        SyncService(worker).export("up", tmp_path / "1.fpb").path)
    reasons = {reason for _entry, reason in summary.quarantined}
    assert reasons == {"网格员无权办理“县级审定”"} and len(summary.quarantined) == 2
    arrived = HouseholdService(township).get(household.id)
    assert arrived.active_case.id == case.id
    assert arrived.active_case.stage == Stage.PROPOSED
    assert all(step.step != "approved" for step in arrived.steps[case.id])


def test_export_reports_each_stage_with_its_progress(pair, people, tmp_path) -> None:
    from app.services.demo import DemoService
    from app.services.sync import EXPORT_STAGES
    from app.sync import bundle as bundle_module

    worker, township = pair
    DemoService(worker).generate(40, seed=3)
    reports: list[tuple[str, int, int]] = []
    original_step = bundle_module._STEP
    bundle_module._STEP = 64 * 1024  # small steps, so the compression reports several times
    try:
        summary = SyncService(worker).export("up", tmp_path / "1.fpb", lambda *report: reports.append(report))
    finally:
        bundle_module._STEP = original_step
    assert [stage for stage in EXPORT_STAGES if any(r[0] == stage for r in reports)] == list(EXPORT_STAGES)
    assert [r[0] for r in reports] == sorted((r[0] for r in reports), key=EXPORT_STAGES.index)  # in order
    assert all(0 <= done <= total for _stage, done, total in reports)
    compressing = [(done, total) for stage, done, total in reports if stage == EXPORT_STAGES[2]]
    assert len(compressing) > 2 and compressing[-1][0] == compressing[-1][1]
    assert [d for d, _t in compressing] == sorted(d for d, _t in compressing)
    assert reports[-1] == (EXPORT_STAGES[3], 1, 1)
    imported = SyncService(township).import_file(summary.path)
    assert 0 < imported.applied <= sum(summary.counts.values())
    # The default policy every new database seeds is the same here: neither applied nor refused.
    assert not any(e["table_name"] in ("incomeline", "policysetting") for e, _reason in imported.quarantined)
