"""A county, two townships and four grid workers edit at random and swap bundles in random order,
some lost, some duplicated, some late. At the end every replica holds the same data for its
scope, and every edit either won, was knowingly overwritten, or sits in a conflict record."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from random import Random

import pytest
from sqlalchemy import select

from app.domain.idnumber import make_id_number
from app.services.context import ServiceContext
from app.services.enrollment import EnrollmentService
from app.services.households import HouseholdService
from app.services.setup import initialize
from app.services.sync import SyncService
from app.store.models import ChangeLog, Conflict, Household
from tests.conftest import PASSWORD, TODAY

TOWNSHIPS = {"131122100": ("131122100201", "131122100202"),
             "131122101": ("131122101201", "131122101202")}
EDITABLE = {"phone": ("13800000001", "13900000002", "13700000003", "13600000004"),
            "address": ("一组1号", "二组2号", "三组3号"), "house_safety": ("安全", "危房", "未鉴定")}


class Network:
    def __init__(self, tmp_path: Path, rng: Random) -> None:
        self.tmp, self.rng = tmp_path, rng
        self.county = self._device("county", "131122", "县中心")
        self.townships: dict[str, ServiceContext] = {}
        self.workers: dict[str, ServiceContext] = {}
        self.above: dict[str, ServiceContext] = {}
        for code, villages in TOWNSHIPS.items():
            township = self.townships[code] = self._device("township", code, f"站{code[-3:]}")
            self._enroll(township, self.county)
            for village in villages:
                worker = self.workers[village] = self._device("worker", village,
                                                              f"网格员{village[-6:]}")
                self._enroll(worker, township)
        self.in_transit: list[tuple[ServiceContext, Path]] = []
        self.serial = 0
        self.lost = self.repeated = 0

    def _device(self, role: str, division: str, name: str) -> ServiceContext:
        ctx = initialize(self.tmp / f"{name}.db", PASSWORD, role=role, division=division,
                         user_name=name)
        ctx.today = lambda: TODAY
        return ctx

    def _enroll(self, below: ServiceContext, station: ServiceContext) -> None:
        request, reply = self.tmp / "request.fpe", self.tmp / "reply.fpe"
        EnrollmentService(below).request(request)
        EnrollmentService(station).accept(request, reply)
        EnrollmentService(below).complete(reply)
        self.above[below.db.device.id] = station

    def all(self) -> list[ServiceContext]:
        return [self.county, *self.townships.values(), *self.workers.values()]

    def links(self) -> list[tuple[ServiceContext, ServiceContext, str]]:
        """(from, to, how `from` names `to` in an export)."""
        pairs = []
        for below in [*self.townships.values(), *self.workers.values()]:
            station = self.above[below.db.device.id]
            pairs.append((below, station, "up"))
            pairs.append((station, below, below.db.device.name))
        return pairs

    def export(self, source: ServiceContext, target: ServiceContext, name: str) -> None:
        self.serial += 1
        path = self.tmp / f"bundle-{self.serial}.fpb"
        SyncService(source).export(name, path)
        self.in_transit.append((target, path))

    def deliver_some(self) -> None:
        """Deliver a random part of what is in transit, in random order, losing or repeating some."""
        self.rng.shuffle(self.in_transit)
        keep = []
        for target, path in self.in_transit:
            fate = self.rng.random()
            if fate < 0.15:
                self.lost += 1  # lost on the way: a later bundle must cover it
                continue
            if fate < 0.35:
                keep.append((target, path))  # late
                continue
            SyncService(target).import_file(path)
            if fate > 0.9:
                SyncService(target).import_file(path)  # imported twice
                self.repeated += 1
        self.in_transit = keep

    def settle(self) -> None:
        """Everyone syncs reliably until nothing new moves: up the tree, then down, twice."""
        self.in_transit = []
        for _ in range(3):
            for source, target, name in self.links():
                path = self.tmp / "settle.fpb"
                SyncService(source).export(name, path)
                SyncService(target).import_file(path)


def _households(ctx: ServiceContext, village: str) -> list[tuple]:
    with ctx.db.read() as session:
        return sorted((h.id, h.head_name, h.phone, h.address, h.house_safety, h.deleted)
                      for h in session.scalars(select(Household).where(
                          Household.village_code == village)))


@pytest.mark.slow
def test_random_edits_and_unreliable_delivery_converge_without_losing_an_edit(tmp_path) -> None:
    rng = Random(20261123)
    net = Network(tmp_path, rng)
    households: dict[str, list[str]] = defaultdict(list)
    for number, (village, worker) in enumerate(sorted(net.workers.items()) * 2):
        head = {"name": f"户主{number}", "relation": "户主",
                "id_number": make_id_number("131122", date(1960, 1, 1 + number), 1 + 2 * number)}
        created = HouseholdService(worker).create(
            {"village_code": village, "household_type": "一般农户"}, [head])
        households[village].append(created.id)
    for _round in range(6):
        for _ in range(8):
            village = rng.choice(sorted(households))
            worker = net.workers[village]
            editor = rng.choice([worker, net.above[worker.db.device.id], net.county])
            field = rng.choice(sorted(EDITABLE))
            household_id = rng.choice(households[village])
            if any(household_id == h[0] for h in _households(editor, village)):
                HouseholdService(editor).update(household_id, {field: rng.choice(EDITABLE[field])})
        for source, target, name in rng.sample(net.links(), k=5):
            net.export(source, target, name)
        net.deliver_some()
    net.settle()

    for village, worker in net.workers.items():
        township = net.above[worker.db.device.id]
        expected = _households(net.county, village)
        assert len(expected) == 2
        assert _households(worker, village) == expected
        assert _households(township, village) == expected
    conflicts = _every_edit_is_accounted_for(net)
    # The scenario must have exercised what it claims to.
    assert net.lost > 0 and net.repeated > 0 and conflicts > 0


def _every_edit_is_accounted_for(net: Network) -> int:
    with net.county.db.read() as session:
        log = [c for c in session.scalars(select(ChangeLog).where(
            ChangeLog.table_name == "household", ChangeLog.op == "update"))]
        final = {h.id: h for h in session.scalars(select(Household))}
    conflict_stamps: set[str] = set()
    for ctx in net.all():
        with ctx.db.read() as session:
            for conflict in session.scalars(select(Conflict)):
                conflict_stamps.update((conflict.kept_stamp, conflict.other_stamp))
    seen_stamps = {(c.row_id, name, stamp) for c in log for name, stamp in (c.seen or {}).items()}
    for change in log:
        for name, value in change.fields.items():
            won = getattr(final[change.row_id], name) == value
            overwritten_knowingly = (change.row_id, name, change.hlc) in seen_stamps
            assert won or overwritten_knowingly or change.hlc in conflict_stamps, (
                f"edit {name}={value} by {change.user_name} was lost")
    return len(conflict_stamps)
