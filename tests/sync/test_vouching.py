"""Enrollment vouched up the chain (issue 17): a device's entries are taken from below only if the
station that enrolled it signed an enrollment record for it — a station the receiver already
trusts, of the level that may enroll that device, whose area covers its division.

The attacker here is an enrolled township (its keys read by whoever holds its password): it signs
a valid bundle to the county that introduces a worker device nobody enrolled, or re-vouches a
worker another township enrolled, and sends entries "by" it (docs/sync.md, "Trust model").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.services.context import ServiceContext
from app.services.identity import device_keys, known_identity
from app.services.setup import initialize
from app.services.sync import SyncService
from app.store import migrate
from app.store.hlc import Stamp, node_of_device
from app.store.models import EnrollmentRecord, Household, QuarantinedChange, User
from app.sync import enrollment_record, payload
from app.sync.bundle import write_bundle
from app.sync.keys import DeviceKeys
from app.sync.log_reader import changes_since, version_vector
from tests.conftest import PASSWORD, TODAY, VILLAGE
from tests.sync.conftest import enroll

Entry = dict[str, Any]
OTHER_TOWNSHIP, OTHER_TOWNSHIP_VILLAGE = "131122101", "131122101201"
MADE_UP = "made-up-worker-device"


@pytest.fixture
def second_township(net, tmp_path) -> ServiceContext:
    """Another township of the county, enrolled there honestly."""
    other = initialize(tmp_path / "t2.db", PASSWORD, role="township", division=OTHER_TOWNSHIP,
                       user_name="乡镇二管理员")
    other.today = lambda: TODAY
    (tmp_path / "t2").mkdir()
    enroll(other, net.county, tmp_path / "t2")
    yield other
    other.db.close()


_count = iter(range(1, 10_000))


def signed_up(station: ServiceContext, county: ServiceContext, folder: Path,
              extra: Callable[[int], list[Entry]], vector_extra: dict[str, int] | None = None) -> Path:
    """A bundle the station's own keys sign for the county: its whole log plus ``extra`` entries."""
    with station.db.read() as session:
        entries = changes_since(session, {})
        vector = version_vector(session)
    millis = Stamp.parse(station.db.clock.now()).millis
    entries = entries + extra(millis)
    contents = {"sender": {"name": station.db.device.name, "role": station.db.device.role},
                "sequence": 1, "schema_version": migrate.head_revision(),
                "created_at": datetime.now(UTC).isoformat(), "counts": {},
                "vector": {**vector, **(vector_extra or {})}}
    data = write_bundle(contents, payload.encode(entries), device_keys(station.db),
                        known_identity(station.db, county.db.device.id))
    path = folder / f"vouching-{next(_count)}.fpb"
    path.write_bytes(data)
    return path


def entry(device: str, seq: int, millis: int, table: str, row_id: str, fields: dict[str, Any],
          user_name: str, op: str = "insert") -> Entry:
    return {"device_id": device, "seq": seq, "hlc": f"{millis:012x}0000.{node_of_device(device)}",
            "table_name": table, "row_id": row_id, "op": op, "fields": fields, "seen": None,
            "user_name": user_name}


def record_fields(keys: DeviceKeys, device: str, role: str, division: str, by: ServiceContext) -> dict[str, Any]:
    """The fields of an enrollment record for ``device`` signed by the station ``by``."""
    public = keys.public
    record = enrollment_record.make(device_id=device, name="伪造网格员", role=role, division_code=division,
                                    scope=[division], signing_key=public.signing_key,
                                    agreement_key=public.agreement_key, station=device_keys(by.db),
                                    enrolled_on=date(2026, 11, 23))
    return enrollment_record.row_fields(record)


def made_up_worker(township: ServiceContext, role: str, division: str, *, vouched: bool = True,
                   device: str = MADE_UP) -> Callable[[int], list[Entry]]:
    """What the hostile township adds: the made-up device's record (signed by the township, as it
    can), its user, and a household "by" it."""
    keys = DeviceKeys.generate(device)
    me, name = township.db.device.id, township.actor.user_name

    def extra(millis: int) -> list[Entry]:
        added = []
        if vouched:
            top = 10_000
            added.append(entry(me, top, millis, "enrollmentrecord", device,
                               record_fields(keys, device, role, division, township), name))
        added += [
            entry(device, 1, millis + 1, "user", f"user-of-{device}",
                  {"name": "伪造网格员", "role": role, "division_code": division, "device_id": device,
                   "deleted": False}, "伪造网格员"),
            entry(device, 2, millis + 2, "household", f"hh-of-{device}",
                  {"village_code": division if len(division) == 12 else VILLAGE, "household_type": "一般农户",
                   "deleted": False}, "伪造网格员"),
        ]
        return added
    return extra


def county_holds(county: ServiceContext, device: str) -> dict[str, Any]:
    with county.db.read() as session:
        return {"household": session.get(Household, f"hh-of-{device}") is not None,
                "user": session.scalar(select(User.id).where(User.device_id == device)) is not None,
                "record": session.get(EnrollmentRecord, device) is not None}


NOTHING = {"household": False, "user": False, "record": False}


@pytest.mark.parametrize(("role", "division"), [("worker", OTHER_TOWNSHIP_VILLAGE), ("county", "131122100")],
                         ids=["another-townships-village", "role-county"])
def test_a_township_cannot_vouch_for_a_device_it_may_not_enroll(net, second_township, role, division) -> None:
    township, county = net.township, net.county
    bundle = signed_up(township, county, net.folder, made_up_worker(township, role, division),
                       {MADE_UP: 2, township.db.device.id: 10_000})
    summary = SyncService(county).import_file(bundle)
    assert county_holds(county, MADE_UP) == NOTHING
    reasons = [reason for _e, reason in summary.quarantined]
    assert any("登记记录" in reason for reason in reasons), reasons
    with county.db.read() as session:  # the record is kept for review, with a Chinese reason
        kept = session.scalars(select(QuarantinedChange).where(
            QuarantinedChange.table_name == "enrollmentrecord")).all()
    assert kept and all("登记" in change.reason for change in kept)


def test_entries_of_a_device_without_an_enrollment_record_are_refused(net) -> None:
    township, county = net.township, net.county
    # Within the township's own villages, as a worker, user row and all — but nobody signed its record.
    bundle = signed_up(township, county, net.folder, made_up_worker(township, "worker", VILLAGE, vouched=False),
                       {MADE_UP: 2})
    summary = SyncService(county).import_file(bundle)
    assert county_holds(county, MADE_UP) == NOTHING
    assert any("登记记录" in reason for _e, reason in summary.quarantined)


def test_a_record_signed_by_the_township_for_its_own_worker_is_taken(net) -> None:
    """The honest path of the same bundle: the county stores the worker, its user and its record."""
    township, county = net.township, net.county
    bundle = signed_up(township, county, net.folder, made_up_worker(township, "worker", VILLAGE),
                       {MADE_UP: 2, township.db.device.id: 10_000})
    SyncService(county).import_file(bundle)
    assert county_holds(county, MADE_UP) == {"household": True, "user": True, "record": True}


def test_a_tampered_record_is_quarantined(net) -> None:
    township, county = net.township, net.county
    honest = made_up_worker(township, "worker", VILLAGE)

    def tampered(millis: int) -> list[Entry]:
        entries = honest(millis)
        entries[0]["fields"]["scope"] = ["131122"]  # the whole county, after the station signed
        return entries
    bundle = signed_up(township, county, net.folder, tampered, {MADE_UP: 2, township.db.device.id: 10_000})
    summary = SyncService(county).import_file(bundle)
    assert county_holds(county, MADE_UP) == NOTHING
    assert any("签名" in reason for _e, reason in summary.quarantined)


def test_honest_enrollment_records_reach_the_county_and_the_devices(net) -> None:
    worker, township, county = net.worker, net.township, net.county
    net.courier.up(township, county)
    with county.db.read() as session:
        records = {r.id: r for r in session.scalars(select(EnrollmentRecord))}
    assert records[township.db.device.id].enrolled_by == county.db.device.id
    assert records[worker.db.device.id].enrolled_by == township.db.device.id
    assert records[worker.db.device.id].role == "worker"
    # Down the chain: the county's record of the township reaches the township and its workers.
    net.courier.down(county, township)
    net.courier.down(township, worker)
    with worker.db.read() as session:
        assert session.get(EnrollmentRecord, township.db.device.id).enrolled_by == county.db.device.id


def test_a_township_cannot_re_vouch_a_worker_another_township_enrolled(net, second_township) -> None:
    worker, township, county = net.worker, net.township, net.county
    net.courier.up(worker, township)
    net.courier.up(township, county)
    hostile = second_township
    victim = worker.db.device.id
    keys = DeviceKeys.generate(victim)  # keys of its own choosing, the victim's id

    def extra(millis: int) -> list[Entry]:
        return [entry(hostile.db.device.id, 10_000, millis, "enrollmentrecord", victim,
                      record_fields(keys, victim, "worker", OTHER_TOWNSHIP_VILLAGE, hostile),
                      hostile.actor.user_name, op="update"),
                entry(victim, 900, millis + 1, "household", "hh-by-victim",
                      {"village_code": OTHER_TOWNSHIP_VILLAGE, "household_type": "一般农户", "deleted": False},
                      worker.actor.user_name)]
    bundle = signed_up(hostile, county, net.folder, extra, {victim: 900, hostile.db.device.id: 10_000})
    summary = SyncService(county).import_file(bundle)
    with county.db.read() as session:
        record = session.get(EnrollmentRecord, victim)
        assert record.enrolled_by == township.db.device.id and record.division_code == VILLAGE
        assert session.get(Household, "hh-by-victim") is None
    assert any("其他工作站登记" in reason for _e, reason in summary.quarantined)
