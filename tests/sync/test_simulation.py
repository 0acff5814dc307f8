"""A county, two townships and six grid workers make thousands of random edits and swap bundles in
random order, some lost, some duplicated, some late. At the end every replica holds the same data
for its scope, and every edit either won, was knowingly overwritten, or sits in a conflict record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
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
from app.store.hlc import Stamp, node_of_device
from app.store.models import ChangeLog, Conflict, Household, Member, Peer
from tests.conftest import PASSWORD, TODAY
from tests.sync.test_hostile_enrolled_device import forge

TOWNSHIPS = {"131122100": ("131122100201", "131122100202", "131122100203"),
             "131122101": ("131122101201", "131122101202", "131122101203")}
EDITABLE = {"phone": ("13800000001", "13900000002", "13700000003", "13600000004"),
            "address": ("一组1号", "二组2号", "三组3号"), "house_safety": ("安全", "危房", "未鉴定")}
MEMBER_EDITABLE = {"phone": ("13500000005", "13400000006", "13300000007"),
                   "education": ("小学", "初中", "高中")}
ROUNDS, EDITS_PER_ROUND, BUNDLES_PER_ROUND = 12, 170, 9
# One grid worker is an adversary: half her bundles up are forged (docs/sync.md, "Trust model").
ADVERSARY = "131122101203"
FORGED_PHONE = "19999999999"


class Network:
    def __init__(self, tmp_path: Path, rng: Random, station_location: Callable[[str], str] | None = None) -> None:
        """``station_location`` places the county's and townships' databases (a PostgreSQL
        center); the grid workers always keep their laptops' SQLite files."""
        self.tmp, self.rng = tmp_path, rng
        self.station_location = station_location or (lambda name: str(tmp_path / f"{name}.db"))
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
        self.lost = self.repeated = self.forged = 0

    def _device(self, role: str, division: str, name: str) -> ServiceContext:
        location = str(self.tmp / f"{name}.db") if role == "worker" else self.station_location(name)
        ctx = initialize(location, PASSWORD, role=role, division=division, user_name=name)
        ctx.today = lambda: TODAY
        return ctx

    def _enroll(self, below: ServiceContext, station: ServiceContext) -> None:
        request, reply = self.tmp / "request.fpe", self.tmp / "reply.fpe"
        EnrollmentService(below).request(request)
        EnrollmentService(station).accept(request, reply)
        EnrollmentService(below).complete(reply, EnrollmentService(below).check_reply(reply).safety_number)
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
        if source is self.workers[ADVERSARY] and name == "up" and self.rng.random() < 0.5:
            path = self.forge(source, target)
        else:
            SyncService(source).export(name, path)
        self.in_transit.append((target, path))

    def forge(self, adversary: ServiceContext, township: ServiceContext) -> Path:
        """Her whole log plus entries under other devices' ids that pre-empt their next sequence
        numbers (read from their own databases: the strongest adversary), her own entries with
        sequence numbers 0, negative or huge and stamps far ahead, and a receipt claiming far more
        than she holds — signed with her own keys."""
        self.forged += 1
        victims = [ctx for ctx in self.all() if ctx is not adversary]
        households = _households(township, self.rng.choice(TOWNSHIPS["131122101"][:2]))
        forged: list[dict] = []
        now = Stamp.parse(adversary.db.clock.now()).millis
        for victim in self.rng.sample(victims, 3):
            device = victim.db.device.id
            with victim.db.read() as session:
                top = session.scalar(select(ChangeLog.seq).where(ChangeLog.device_id == device)
                                     .order_by(ChangeLog.seq.desc()).limit(1)) or 0
            for n in range(1, 4):
                node = self.rng.choice((node_of_device(device), node_of_device(adversary.db.device.id)))
                forged.append(self._entry(adversary, households, device, top + n,
                                          f"{now + self.rng.randrange(0, 10**9):012x}0000.{node}"))
        own = adversary.db.device.id
        for seq in (0, -1, 10**11):
            forged.append(self._entry(adversary, households, own, seq, adversary.db.clock.now()))
        forged.append(self._entry(adversary, households, own, 2**31 - 2,
                                  f"{'f' * 16}.{node_of_device(own)}"))
        with adversary.db.read() as session:
            sequence = session.get(Peer, township.db.device.id).sent_sequence + 1
        vector = {ctx.db.device.id: 10**6 for ctx in victims}
        return forge(adversary, township, self.tmp, lambda entries: entries + forged,
                     sequence=sequence, vector=vector)

    def _entry(self, adversary: ServiceContext, households: list[tuple], device: str, seq: int,
               stamp: str) -> dict:
        row = self.rng.choice(households)[0] if households else "0" * 36
        return {"device_id": device, "seq": seq, "hlc": stamp, "table_name": "household", "row_id": row,
                "op": "update", "fields": {"phone": FORGED_PHONE}, "seen": None,
                "user_name": adversary.actor.user_name}

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


def _members(ctx: ServiceContext, village: str) -> list[tuple]:
    with ctx.db.read() as session:
        return sorted((m.id, m.household_id, m.name, m.phone, m.education, m.deleted)
                      for m in session.scalars(select(Member).join(
                          Household, Household.id == Member.household_id).where(
                          Household.village_code == village)))


class Editors:
    """Random edits by a village's worker, its township or the county, on rows they hold."""

    def __init__(self, net: Network, rng: Random) -> None:
        self.net, self.rng = net, rng
        self.households: dict[str, list[str]] = defaultdict(list)
        self.members: dict[str, list[str]] = defaultdict(list)
        self.made = 0

    def new_household(self, village: str) -> None:
        number = self.made = self.made + 1
        members = [{"name": f"户主{number}", "relation": "户主",
                    "id_number": make_id_number("131122", date(1960, 1, 1), 2 * number + 1)},
                   {"name": f"配偶{number}", "relation": "配偶",
                    "id_number": make_id_number("131122", date(1962, 1, 1), 2 * number)}]
        created = HouseholdService(self.net.workers[village]).create(
            {"village_code": village, "household_type": "一般农户"}, members)
        self.households[village].append(created.id)
        self.members[village].extend(m.id for m in HouseholdService(
            self.net.workers[village]).get(created.id).members)

    def edit(self) -> bool:
        village = self.rng.choice(sorted(self.households))
        worker = self.net.workers[village]
        editor = self.rng.choice([worker, self.net.above[worker.db.device.id], self.net.county])
        service = HouseholdService(editor)
        if self.rng.random() < 0.7:
            row_id, held = self.rng.choice(self.households[village]), _households(editor, village)
            field = self.rng.choice(sorted(EDITABLE))
            if not any(row_id == h[0] for h in held):
                return False
            service.update(row_id, {field: self.rng.choice(EDITABLE[field])})
        else:
            row_id, held = self.rng.choice(self.members[village]), _members(editor, village)
            field = self.rng.choice(sorted(MEMBER_EDITABLE))
            if not any(row_id == m[0] for m in held):
                return False
            service.update_member(row_id, {field: self.rng.choice(MEMBER_EDITABLE[field])})
        return True


@pytest.mark.slow
def test_random_edits_and_unreliable_delivery_converge_without_losing_an_edit(tmp_path, new_database) -> None:
    rng = Random(20261123)
    net = Network(tmp_path, rng, new_database)
    editors = Editors(net, rng)
    for village in sorted(net.workers) * 2:
        editors.new_household(village)
    edits = 0
    for _round in range(ROUNDS):
        for _ in range(EDITS_PER_ROUND):
            edits += editors.edit()
        editors.new_household(rng.choice(sorted(net.workers)))
        for source, target, name in rng.sample(net.links(), k=BUNDLES_PER_ROUND):
            net.export(source, target, name)
        net.deliver_some()
    net.settle()

    assert len(net.workers) == 6 and edits >= 1000
    for village, worker in net.workers.items():
        township = net.above[worker.db.device.id]
        expected = _households(net.county, village), _members(net.county, village)
        assert len(expected[0]) == len(editors.households[village]) >= 2
        if village != ADVERSARY:  # she is no honest replica: her receipts lied
            assert (_households(worker, village), _members(worker, village)) == expected
        assert (_households(township, village), _members(township, village)) == expected
    conflicts = _every_edit_is_accounted_for(net)
    for ctx in net.all():
        if ctx is not net.workers[ADVERSARY]:
            with ctx.db.read() as session:
                assert session.scalar(select(Household.id).where(Household.phone == FORGED_PHONE)) is None
    # The scenario must have exercised what it claims to.
    assert net.lost > 0 and net.repeated > 0 and conflicts > 0 and net.forged > 0


def _every_edit_is_accounted_for(net: Network) -> int:
    with net.county.db.read() as session:
        log = [c for c in session.scalars(select(ChangeLog).where(
            ChangeLog.table_name.in_(("household", "member")), ChangeLog.op == "update"))]
        final = {h.id: h for h in session.scalars(select(Household))}
        final.update({m.id: m for m in session.scalars(select(Member))})
    conflict_stamps: set[str] = set()
    for ctx in net.all():
        with ctx.db.read() as session:
            for conflict in session.scalars(select(Conflict)):
                conflict_stamps.update((conflict.kept_stamp, conflict.other_stamp))
    seen_stamps = {(c.row_id, name, stamp) for c in log for name, stamp in (c.seen or {}).items()}

    def accounted(change: ChangeLog, name: str) -> bool:
        won = getattr(final[change.row_id], name) == change.fields[name]
        overwritten_knowingly = (change.row_id, name, change.hlc) in seen_stamps
        return won or overwritten_knowingly or change.hlc in conflict_stamps

    # Two concurrent edits to the same value are no conflict: the value survives in either.
    kept_values = {(c.row_id, name, repr(c.fields[name])) for c in log for name in c.fields
                   if accounted(c, name)}
    for change in log:
        for name, value in change.fields.items():
            assert accounted(change, name) or (change.row_id, name, repr(value)) in kept_values, (
                f"edit {name}={value} by {change.user_name} was lost")
    return len(conflict_stamps)
