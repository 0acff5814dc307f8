"""Revoking a lost or stolen laptop (issue 17): its bundles are refused from then on, what it sent
before stays, and the revocation travels up to the county and down to the township's other devices."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.services.households import HouseholdService
from app.services.identity import device_keys, known_identity
from app.services.revocation import RevocationService
from app.services.sync import SyncService
from app.store import migrate
from app.store.models import Household
from app.sync import payload, revocation
from app.sync.bundle import BundleRefused, write_bundle
from tests.conftest import PASSWORD
from tests.services.helpers import poor_household


def revoked_ids(ctx) -> set[str]:
    return {r.device_id for r in RevocationService(ctx).revoked()}


def has_household(ctx, household_id: str) -> bool:
    with ctx.db.read() as session:
        return session.scalar(select(Household.id).where(Household.id == household_id)) is not None


def test_a_revoked_laptops_bundles_are_refused_and_the_revocation_travels_up_and_down(net) -> None:
    worker, township, county, other = net.worker, net.township, net.county, net.other
    before = poor_household(worker, net.people, name="吊销前")
    net.courier.up(worker, township)
    net.courier.up(township, county)

    revoked = RevocationService(township).revoke(worker.db.device.name, "笔记本电脑丢失")
    assert (revoked.device_id, revoked.reason) == (worker.db.device.id, "笔记本电脑丢失")
    with pytest.raises(UserFacingError, match="已经吊销过了"):
        RevocationService(township).revoke(worker.db.device.id)

    after = poor_household(worker, net.people, name="吊销后")
    stolen = SyncService(worker).export("up", net.folder / "stolen.fpb").path
    with pytest.raises(BundleRefused, match=r"已于 .* 被“township用户”吊销（笔记本电脑丢失），拒绝导入"):
        SyncService(township).import_file(stolen)
    assert has_household(township, before.id) and not has_household(township, after.id)
    with pytest.raises(UserFacingError, match="不能再给它导出同步包"):
        SyncService(township).export(worker.db.device.name, net.folder / "to-stolen.fpb")

    # Up to the county and down to the township's other worker; both keep it and say so.
    assert net.courier.up(township, county).revoked == [worker.db.device.name]
    assert net.courier.down(township, other).revoked == [worker.db.device.name]
    assert worker.db.device.id in revoked_ids(county) and worker.db.device.id in revoked_ids(other)
    assert has_household(county, before.id) and has_household(other, before.id) is False  # other village
    # Once held, a second bundle does not bring it again; the county's bundles down carry it on.
    assert net.courier.up(township, county).revoked == []
    assert net.courier.down(county, township).revoked == []
    # The other worker's own bundles still go through.
    HouseholdService(other).create({"village_code": other.db.device.division_code, "household_type": "一般农户"},
                                   [net.people.member("王照常")])
    assert net.courier.up(other, township).applied > 0


def test_only_the_enrolling_station_or_above_may_revoke(net) -> None:
    worker, township, county, other = net.worker, net.township, net.county, net.other
    net.courier.up(worker, township)
    net.courier.up(township, county)  # the county learns of the worker from her user row
    with pytest.raises(UserFacingError, match="网格员不能吊销设备"):
        RevocationService(other).revoke(worker.db.device.name)
    for target in (county.db.device.id, county.db.device.name, township.db.device.id, "不存在的设备"):
        with pytest.raises(UserFacingError, match="不是本站（或本站登记的工作站）登记的下级设备"):
            RevocationService(township).revoke(target)
    assert {d.device_id for d in RevocationService(township).revocable()} == {
        worker.db.device.id, other.db.device.id}

    # The county revokes the township's worker: the township takes it from above and refuses her.
    assert worker.db.device.id in {d.device_id for d in RevocationService(county).revocable()}
    RevocationService(county).revoke(worker.db.device.id, "被盗")
    assert net.courier.down(county, township).revoked == [worker.db.device.name]
    with pytest.raises(BundleRefused, match="被盗"):
        net.courier.up(worker, township)
    # …and passes it to its other worker, who cannot check the county's signature but takes its
    # station's word.
    assert net.courier.down(township, other).revoked == [worker.db.device.name]


def _bundle_with(sender, station, folder, revocations, name: str):
    contents = payload.encode([])
    contents["revocations"] = revocations
    manifest = {"sender": {"name": sender.db.device.name, "role": sender.db.device.role}, "sequence": 1,
                "schema_version": migrate.head_revision(), "vector": {}, "counts": {}}
    path = folder / name
    path.write_bytes(write_bundle(manifest, contents, device_keys(sender.db),
                                  known_identity(sender.db, station.db.device.id)))
    return path


def test_a_worker_cannot_revoke_anyone_through_a_bundle_and_malformed_records_are_refused(net) -> None:
    from datetime import UTC, datetime

    worker, township, other = net.worker, net.township, net.other
    keys = device_keys(worker.db)
    own = revocation.make(other.db.device.id, other.db.device.name, "伪造", keys, "网格员", datetime.now(UTC))
    # Signed with her key but claiming to be the township's.
    claimed = {**own, "revoked_by": township.db.device.id}
    summary = SyncService(township).import_file(_bundle_with(worker, township, net.folder, [own, claimed], "a.fpb"))
    assert summary.revoked == [] and revoked_ids(township) == set()
    assert {reason for _r, reason in RevocationService(township).refused()} == {
        "下级设备不能吊销本机、它自己或本机直接交换数据的设备",
        "吊销记录不是发送设备自己签发的，下级设备只能吊销它自己登记的设备"}
    HouseholdService(other).create({"village_code": other.db.device.division_code, "household_type": "一般农户"},
                                   [net.people.member("王照常")])
    assert net.courier.up(other, township).applied > 0

    for number, broken in enumerate(({"kind": "x"}, "text", [1], [{**own, "reason": 7}],
                                     [{**own, "revoked_at": "not a time"}], [own] * (revocation.MAX_RECORDS + 1))):
        path = _bundle_with(worker, township, net.folder, broken, f"broken-{number}.fpb")
        with pytest.raises(BundleRefused, match="吊销记录格式不对"):
            SyncService(township).import_file(path)


def test_revoking_through_the_command_line(net, capsys, monkeypatch, backend) -> None:
    from app.cli import main

    if backend != "sqlite":
        pytest.skip("the command line opens the station's file")
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    township, worker = net.township, net.worker
    location = township.db.location
    assert main(["enroll", "revoke", "--db", location, worker.db.device.name, "--reason", "丢失"]) == 0
    assert "已吊销设备" in capsys.readouterr().out
    assert main(["enroll", "revoke", "--db", location, worker.db.device.name]) == 2
    assert "已经吊销过了" in capsys.readouterr().err
    assert worker.db.device.id in revoked_ids(township)


def test_a_revocation_by_a_station_that_did_not_enroll_the_device_is_kept_for_review_only(net, tmp_path) -> None:
    from datetime import UTC, datetime

    from app.services.setup import initialize
    from tests.conftest import TODAY
    from tests.sync.conftest import enroll

    worker, township, county = net.worker, net.township, net.county
    net.courier.up(worker, township)
    net.courier.up(township, county)  # the county now holds the worker's enrollment record
    hostile = initialize(tmp_path / "t2.db", PASSWORD, role="township", division="131122101", user_name="乡镇二")
    hostile.today = lambda: TODAY
    (tmp_path / "t2").mkdir()
    enroll(hostile, county, tmp_path / "t2")
    record = revocation.make(worker.db.device.id, worker.db.device.name, "冒充吊销", device_keys(hostile.db),
                             "乡镇二", datetime.now(UTC))
    for attempt in ("a.fpb", "b.fpb"):  # sent twice, kept once
        summary = SyncService(county).import_file(_bundle_with(hostile, county, net.folder, [record], attempt))
        assert summary.revoked == []
    assert revoked_ids(county) == set()
    assert [(r.device_id, reason) for r, reason in RevocationService(county).refused()] == [
        (worker.db.device.id, "吊销方不是登记该设备的工作站或其上级，无权吊销")]
    net.courier.up(worker, township)
    assert net.courier.up(township, county).applied >= 0  # the worker's changes still arrive
    hostile.db.close()


def test_revocations_in_the_audit_log_move_to_their_table(tmp_path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert
    from sqlmodel import Session

    from app.store.engine import make_engine
    from app.store.models import AuditEvent, DeviceRevocation
    from app.sync.keys import DeviceKeys

    engine = make_engine(str(tmp_path / "old.db"), PASSWORD)
    migrate.upgrade(engine, "0019")
    record = revocation.make("device-1", "丢失的电脑", "丢失", DeviceKeys.generate("station-1"), "乡镇管理员",
                             datetime(2026, 11, 1, tzinfo=UTC))
    events = [{"record": record, "device": "device-1", "via": "station-1"},
              {"record": {**record, "reason": "又一次"}, "device": "device-1", "via": "x"},  # first one counts
              {"record": "not a record"}]
    with engine.begin() as connection:
        connection.execute(insert(AuditEvent.__table__), [
            {"at": datetime(2026, 11, 1, tzinfo=UTC), "user_name": "乡镇管理员", "action": "device_revoked",
             "detail": detail} for detail in events])
    migrate.upgrade(engine)
    with Session(engine) as session:
        assert revocation.held(session) == {"device-1": record}
        (row,) = session.scalars(select(DeviceRevocation)).all()
        assert (row.revoked_by, row.reason, row.via, row.refused) == ("station-1", "丢失", "station-1", "")
    engine.dispose()


def test_a_device_enrolled_before_enrollment_records_can_still_be_revoked(net) -> None:
    from sqlalchemy import delete
    from sqlmodel import Session

    from app.store.models import ChangeLog, EnrollmentRecord

    worker, township, county = net.worker, net.township, net.county
    net.courier.up(worker, township)
    net.courier.up(township, county)
    for station in (township, county):  # as if enrolled before version 0021: no records anywhere
        with Session(station.db.engine) as session:
            session.execute(delete(ChangeLog).where(ChangeLog.table_name == "enrollmentrecord"))
            session.execute(delete(EnrollmentRecord))
            session.commit()
    assert {d.device_id for d in RevocationService(township).revocable()} == {
        worker.db.device.id, net.other.db.device.id}  # the devices it enrolled, as its peers say
    RevocationService(township).revoke(worker.db.device.id, "丢失")
    # The county knows her from her user rows, in the township's area: it takes the revocation.
    assert net.courier.up(township, county).revoked == [worker.db.device.name]
    assert RevocationService(county).refused() == []
