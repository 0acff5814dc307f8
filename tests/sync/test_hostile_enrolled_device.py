"""An enrolled grid worker who knows her password can read her own keys and sign any bundle.

Each test builds such a bundle the way she could (her own change log, rewritten, signed with her own
device keys) and checks what the township — and, where it matters, the county and the other
worker — end up with (issue 17; docs/sync.md, "Trust model").
"""

from __future__ import annotations

import errno
import lzma
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.assistance import AssistanceService
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.identity import device_keys, known_identity
from app.services.setup import open_context
from app.services.sync import SyncService
from app.store import migrate
from app.store.hlc import MAX_AHEAD_MILLIS, HybridClock, Stamp, node_of_device
from app.store.models import (
    CaseStep,
    ChangeLog,
    Division,
    Household,
    Member,
    MonitoringCase,
    Peer,
    QuarantinedChange,
    User,
)
from app.sync import bundle as bundle_module
from app.sync import payload
from app.sync.bundle import BundleRefused, write_bundle
from app.sync.log_reader import changes_since, version_vector
from tests.conftest import OTHER_VILLAGE, PASSWORD
from tests.services.helpers import poor_household

Entry = dict[str, Any]


_forged = iter(range(1, 10_000))


def forge(worker: ServiceContext, station: ServiceContext, folder: Path,
          rewrite: Callable[[list[Entry]], list[Entry]], **manifest: Any) -> Path:
    """A bundle as the worker's own keys can sign it: her whole log, rewritten by ``rewrite``."""
    with worker.db.read() as session:
        entries = changes_since(session, {})
        vector = version_vector(session)
    entries = rewrite(entries)
    contents = {"sender": {"name": worker.db.device.name, "role": worker.db.device.role},
                "sequence": 1, "schema_version": migrate.head_revision(),
                "created_at": datetime.now(UTC).isoformat(), "counts": {"household": 1},
                "vector": vector, **manifest}
    data = write_bundle(contents, payload.encode(entries), device_keys(worker.db),
                        known_identity(worker.db, station.db.device.id))
    path = folder / f"forged-{next(_forged)}.fpb"
    path.write_bytes(data)
    return path


def own_update(worker: ServiceContext, table: str, row_id: str, fields: dict[str, Any],
               seq_after: int = 0, **entry: Any) -> Entry:
    """An update entry the worker's device could really have made (next sequence, her clock)."""
    with worker.db.read() as session:
        top = session.scalar(select(func.max(ChangeLog.seq)).where(
            ChangeLog.device_id == worker.db.device.id)) or 0
    return {"device_id": worker.db.device.id, "seq": top + 1 + seq_after, "hlc": worker.db.clock.now(),
            "table_name": table, "row_id": row_id, "op": "update", "fields": fields,
            "seen": None, "user_name": worker.actor.user_name, **entry}


def reasons(summary) -> list[str]:
    return [reason for _entry, reason in summary.quarantined]


def value_of(ctx: ServiceContext, model: Any, row_id: str, name: str) -> Any:
    with ctx.db.read() as session:
        row = session.get(model, row_id)
        return getattr(row, name) if row is not None else None


# --- 1. origin -------------------------------------------------------------------------------


def test_entries_under_another_devices_identity_are_refused_and_its_real_edits_still_arrive(net) -> None:
    worker, township, county = net.worker, net.township, net.county
    household = poor_household(worker, net.people)
    net.courier.up(worker, township)
    with county.db.read() as session:
        county_top = session.scalar(select(func.max(ChangeLog.seq)).where(
            ChangeLog.device_id == county.db.device.id)) or 0

    def as_device(device: ServiceContext, seq: int) -> Entry:
        device_id = device.db.device.id
        return own_update(worker, "household", household.id, {"phone": f"1390000{seq:04d}"},
                          device_id=device_id, seq=seq,
                          hlc=f"{Stamp.parse(worker.db.clock.now()).millis:012x}0000.{node_of_device(device_id)}")

    forged = [as_device(county, county_top + n) for n in (1, 2, 3)] + [
        as_device(net.other, 1), as_device(township, 99),
        own_update(worker, "household", household.id, {"phone": "13900000000"}, seq=0),
        own_update(worker, "household", household.id, {"phone": "13900000000"}, seq=-3),
        own_update(worker, "household", household.id, {"phone": "13900000000"}, seq=10**11)]
    # A sequence number that is not a whole number breaks the payload's delta coding itself: the whole
    # bundle is refused and nothing is written.
    fractional = own_update(worker, "household", household.id, {"phone": "13900000000"}, seq=2.5)
    with pytest.raises(BundleRefused, match="格式不对"):
        SyncService(township).import_file(forge(worker, township, net.folder,
                                                lambda entries: [*entries, fractional], sequence=2))
    assert value_of(township, Household, household.id, "phone") != "13900000000"
    path = forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2)
    summary = SyncService(township).import_file(path)

    assert len(summary.quarantined) == len(forged)
    assert sum("来源被伪造" in r for r in reasons(summary)) == 5
    assert sum("变更序号" in r for r in reasons(summary)) == 3
    with township.db.read() as session:
        assert version_vector(session).get(county.db.device.id, 0) <= county_top
        assert session.scalar(select(func.count()).select_from(QuarantinedChange)) == 0
    assert value_of(township, Household, household.id, "phone") != "13900000000"

    # The county's real next edits are not "already known": they arrive at the township.
    person = AssistanceService(county).add_person({"name": "县帮扶人", "unit": "县农业局",
                                                   "phone": "13811112222"})
    arrived = net.courier.down(county, township)
    assert arrived.quarantined == [] and arrived.applied > 0
    assert value_of(township, type(person), person.id, "name") == "县帮扶人"


def test_a_bundle_number_far_ahead_or_not_a_number_is_refused_and_gaps_still_reported(net) -> None:
    worker, township = net.worker, net.township
    for sequence in (10**11, 10**6, 0, "7", 2.5):
        with pytest.raises(BundleRefused):
            SyncService(township).import_file(forge(worker, township, net.folder, list,
                                                    sequence=sequence))
    summary = SyncService(township).import_file(forge(worker, township, net.folder, list, sequence=4))
    assert summary.missing_sequences == [1, 2, 3]


def test_a_malformed_receipt_is_refused_with_a_chinese_message(net) -> None:
    for vector in ({"x": "7"}, ["not", "an", "object"], {"x": -1}):
        with pytest.raises(BundleRefused, match="接收记录格式不对"):
            SyncService(net.township).import_file(
                forge(net.worker, net.township, net.folder, list, vector=vector))


# --- 2. clocks -------------------------------------------------------------------------------


def test_far_future_stamps_are_quarantined_and_the_stations_clock_stays_put(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    net.courier.up(worker, township)
    node = node_of_device(worker.db.device.id)
    year_2999 = int(datetime(2999, 1, 1, tzinfo=UTC).timestamp() * 1000)
    created = datetime.now(UTC)
    two_hours_after = int(created.timestamp() * 1000) + 2 * 3600 * 1000
    forged = [own_update(worker, "household", household.id, {"phone": "13911111111"}, n, hlc=stamp)
              for n, stamp in enumerate((f"{'f' * 16}.{node}", f"{year_2999:012x}0000.{node}",
                                         f"{two_hours_after:012x}0000.{node}"))]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2,
              created_at=created.isoformat()))

    assert len(summary.quarantined) == 3 and all("时间戳" in r for r in reasons(summary))
    assert value_of(township, Household, household.id, "phone") != "13911111111"
    wall = township.db.clock.wall_millis()
    assert Stamp.parse(township.db.clock.now()).millis <= wall + MAX_AHEAD_MILLIS
    # The township goes on working: its next export is an ordinary bundle.
    assert SyncService(township).export(worker.db.device.name, net.folder / "down.fpb").sequence == 1


def test_the_clock_never_moves_past_its_wall_clock_plus_a_day() -> None:
    wall = 1_800_000_000_000
    clock = HybridClock("0" * 12, wall_millis=lambda: wall)
    clock.observe("f" * 16 + "." + "1" * 12)
    assert Stamp.parse(clock.now()).millis == wall + MAX_AHEAD_MILLIS
    restarted = HybridClock("0" * 12, last=f"{wall * 10:012x}0000." + "1" * 12, wall_millis=lambda: wall)
    assert Stamp.parse(restarted.now()).millis <= wall + MAX_AHEAD_MILLIS


# --- 3. role ---------------------------------------------------------------------------------


def test_a_worker_cannot_change_any_devices_role_through_the_user_table(net) -> None:
    worker, township, county = net.worker, net.township, net.county
    with township.db.read() as session:
        station_user = session.scalar(select(User).where(User.device_id == township.db.device.id))
        own_user = session.scalar(select(User).where(User.device_id == worker.db.device.id))
    net.courier.up(worker, township)
    with township.db.read() as session:
        own_user = session.scalar(select(User).where(User.device_id == worker.db.device.id))
    forged = [
        own_update(worker, "user", station_user.id, {"role": "county"}, 0),
        own_update(worker, "user", own_user.id, {"role": "county"}, 1),
        {**own_update(worker, "user", "01999999-0000-7000-8000-000000000001",
                      {"name": "冒名县管理员", "role": "county", "division_code": "131122",
                       "device_id": county.db.device.id}, 2), "op": "insert"},
    ]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2))
    assert len(summary.quarantined) == 3
    with township.db.read() as session:
        roles = dict(session.execute(select(User.device_id, User.role)).all())
    assert roles[township.db.device.id] == "township" and roles[worker.db.device.id] == "worker"
    assert county.db.device.id not in roles


# --- 4. scope on every row -------------------------------------------------------------------


def test_rows_of_other_villages_and_rows_without_a_household_are_out_of_reach(net) -> None:
    worker, township, other = net.worker, net.township, net.other
    people = net.people
    mine = poor_household(worker, people)
    theirs = HouseholdService(other).create(
        {"village_code": OTHER_VILLAGE, "household_type": "一般农户", "bank_account": "6200001111"},
        [people.member("王大山", birth=date(1970, 5, 1))])
    with other.db.read() as session:
        their_member = session.scalar(select(Member.id).where(Member.household_id == theirs.id))
    person = AssistanceService(township).add_person({"name": "镇帮扶人", "unit": "镇政府",
                                                     "phone": "13822223333"})
    net.courier.up(other, township)
    net.courier.up(worker, township)
    forged = [
        own_update(worker, "household", theirs.id, {"bank_account": "6299999999", "phone": "110"}, 0),
        own_update(worker, "member", their_member, {"household_id": mine.id}, 1),
        own_update(worker, "division", "131122000000", {"name": "假县"}, 2),
        own_update(worker, "division", OTHER_VILLAGE, {"deleted": True}, 3),
        own_update(worker, "assistanceperson", person.id, {"phone": "13000000000"}, 4),
    ]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=3))
    assert len(summary.quarantined) == 5, reasons(summary)
    assert value_of(township, Household, theirs.id, "bank_account") == "6200001111"
    assert value_of(township, Member, their_member, "household_id") == theirs.id
    assert value_of(township, Division, "131122000000", "name") != "假县"
    assert value_of(township, Division, OTHER_VILLAGE, "deleted") is False
    assert value_of(township, type(person), person.id, "phone") == "13822223333"
    # And none of it reaches the other worker.
    net.courier.down(township, other)
    assert value_of(other, Household, theirs.id, "bank_account") == "6200001111"


# --- 5. procedure ----------------------------------------------------------------------------


def test_case_state_only_moves_through_allowed_steps_and_steps_are_never_edited(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    case = CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                       on=date(2026, 10, 1))
    net.courier.up(worker, township)
    with township.db.read() as session:
        step_id = session.scalar(select(CaseStep.id).where(CaseStep.case_id == case.id))
    forged = [
        own_update(worker, "monitoringcase", case.id, {"stage": "rejected"}, 0),
        own_update(worker, "monitoringcase", case.id, {"status": "风险已消除", "closed": True,
                                                       "eliminated_on": "2026-10-02"}, 1),
        own_update(worker, "casestep", step_id, {"decision": "不通过"}, 2),
    ]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2))
    assert len(summary.quarantined) == 3, reasons(summary)
    with township.db.read() as session:
        stored = session.get(MonitoringCase, case.id)
        assert (stored.stage, stored.status, stored.closed, stored.eliminated_on) == (
            "proposed", "风险未消除", False, None)
        assert session.get(CaseStep, step_id).decision == "通过"


# --- 6. types and sizes ----------------------------------------------------------------------


def test_values_that_do_not_fit_their_column_are_quarantined(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    net.courier.up(worker, township)
    with worker.db.read() as session:
        member = session.scalar(select(Member.id).where(Member.household_id == household.id))
    forged = [
        own_update(worker, "household", household.id, {"next_visit_due": "not-a-date"}, 0),
        own_update(worker, "member", member, {"birth_date": "1990-13-45"}, 1),
        own_update(worker, "household", household.id, {"head_name": "张" * 1_000_000}, 2),
        own_update(worker, "household", household.id, {"member_count": "many"}, 3),
    ]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2))
    assert len(summary.quarantined) == 4, reasons(summary)
    assert any("1990-13-45" in r for r in reasons(summary))
    shown = HouseholdService(township).get(household.id)
    assert shown.household.next_visit_due is None and len(shown.household.head_name) <= 40
    with township.db.read() as session:
        stored = session.scalars(select(QuarantinedChange.fields)).all()
    assert all(len(str(fields)) < 10_000 for fields in stored)


def test_decompression_stops_at_the_declared_size(net, monkeypatch) -> None:
    with pytest.raises(BundleRefused, match="超过清单声明的大小"):
        bundle_module._decompress(lzma.compress(b" " * (8 << 20)), 1 << 20)
    monkeypatch.setattr(bundle_module, "MAX_PAYLOAD_JSON", 1 << 20)
    padded = forge(net.worker, net.township, net.folder,
                   lambda entries: [*entries, own_update(net.worker, "household", "x", {"note": "x"})])
    data = padded.read_bytes()
    monkeypatch.setattr(bundle_module, "MAX_PAYLOAD_JSON", 100)
    padded.write_bytes(data)
    with pytest.raises(BundleRefused, match="内容大小不合理"):
        SyncService(net.township).import_file(padded)


# --- 7. attribution --------------------------------------------------------------------------


def test_a_change_signed_with_a_name_that_is_not_the_devices_user_is_quarantined(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    net.courier.up(worker, township)
    forged = [own_update(worker, "household", household.id, {"phone": "13977777777"},
                         user_name="县管理员")]
    summary = SyncService(township).import_file(
        forge(worker, township, net.folder, lambda entries: entries + forged, sequence=2))
    assert reasons(summary) == ["署名的修改人“县管理员”不是来源设备登记的用户"]
    assert value_of(township, Household, household.id, "phone") != "13977777777"


def test_an_honest_bundle_through_the_chain_is_still_taken_whole(net) -> None:
    worker, township, county = net.worker, net.township, net.county
    household = poor_household(worker, net.people)
    CaseService(worker).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                on=date(2026, 10, 1))
    assert net.courier.up(worker, township).quarantined == []
    assert net.courier.up(township, county).quarantined == []
    with county.db.read() as session:
        assert session.get(Household, household.id) is not None
        assert session.scalar(select(Peer.device_id).where(Peer.device_id == township.db.device.id))
    assert Role(county.actor.role) is Role.COUNTY


def test_an_honest_device_whose_clock_observed_a_station_ahead_of_it_is_not_mistaken_for_a_liar(net) -> None:
    worker, township = net.worker, net.township
    household = poor_household(worker, net.people)
    net.courier.up(worker, township)
    # The township's clock is twelve hours ahead; the worker observes one of its stamps.
    ahead = township.db.clock.wall_millis() + 12 * 3600 * 1000
    worker.db.clock.observe(f"{ahead:012x}0000.{node_of_device(township.db.device.id)}")
    HouseholdService(worker).update(household.id, {"phone": "13955555555"})
    summary = net.courier.up(worker, township)
    assert summary.quarantined == [] and summary.applied > 0
    assert value_of(township, Household, household.id, "phone") == "13955555555"


def test_an_export_that_cannot_be_written_leaves_no_bundle_behind(net, monkeypatch) -> None:
    def full(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = net.folder / "up.fpb"
    with pytest.raises(UserFacingError, match="磁盘空间不足"):
        SyncService(net.worker).export("up", out)
    assert not out.exists() and not out.with_name("up.fpb.part").exists()
    monkeypatch.undo()
    assert SyncService(net.worker).export("up", out).sequence == 1  # the number was not used up


def test_a_devices_working_role_comes_from_its_own_record_not_from_a_synced_user_row(net, backend) -> None:
    """What comes from above is taken as it is, so even a station that rewrites a worker's user
    row (role 县防贫中心, the whole county) does not change what that worker may do."""
    worker, township = net.worker, net.township
    net.courier.up(worker, township)
    with township.db.write(township.actor) as session:
        row = session.scalar(select(User).where(User.device_id == worker.db.device.id))
        row.role, row.division_code = "county", "131122"
    net.courier.down(township, worker)
    with worker.db.read() as session:
        assert session.scalar(select(User.role).where(User.device_id == worker.db.device.id)) == "county"
    reopened = open_context(worker.db.location, PASSWORD if backend == "sqlite" else None)
    try:
        assert (reopened.role, reopened.scope_code, reopened.actor.division_code) == (
            Role.WORKER, worker.db.device.division_code, worker.db.device.division_code)
    finally:
        reopened.db.close()
