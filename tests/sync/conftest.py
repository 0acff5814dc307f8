"""A grid worker enrolled at a township, and moving bundles between them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app.services.context import ServiceContext
from app.services.enrollment import EnrollmentService
from app.services.setup import initialize
from app.services.sync import ImportSummary, SyncService
from tests.conftest import OTHER_VILLAGE, PASSWORD, TODAY, People


def enroll(below: ServiceContext, station: ServiceContext, folder: Path) -> None:
    """The enrollment exchange: ``below`` asks, ``station`` accepts, ``below`` completes."""
    EnrollmentService(below).request(folder / "r.fpe")
    EnrollmentService(station).accept(folder / "r.fpe", folder / "a.fpe")
    complete(below, folder / "a.fpe")


def complete(below: ServiceContext, reply: Path) -> None:
    """Complete with the fingerprint the device shows, as the person confirms it matches the station's."""
    service = EnrollmentService(below)
    service.complete(reply, service.check_reply(reply).safety_number)


@pytest.fixture
def enrolled(open_copy, tmp_path) -> tuple[ServiceContext, ServiceContext]:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    return worker, township


class Courier:
    """Carries bundles: ``up`` from a device to its station, ``down`` from a station to a device."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0

    def _path(self) -> Path:
        self.count += 1
        return self.folder / f"bundle-{self.count}.fpb"

    def up(self, below: ServiceContext, station: ServiceContext) -> ImportSummary:
        return SyncService(station).import_file(SyncService(below).export("up", self._path()).path)

    def down(self, station: ServiceContext, below: ServiceContext) -> ImportSummary:
        exported = SyncService(station).export(below.db.device.name, self._path())
        return SyncService(below).import_file(exported.path)


@pytest.fixture
def courier(tmp_path) -> Courier:
    return Courier(tmp_path)


@dataclass
class Network:
    county: ServiceContext
    township: ServiceContext
    worker: ServiceContext  # the hostile one, in VILLAGE
    other: ServiceContext  # an honest worker of OTHER_VILLAGE
    courier: Courier
    folder: Path
    people: People


@pytest.fixture
def net(open_copy, tmp_path) -> Network:
    county, township, worker = open_copy("county"), open_copy("township"), open_copy("worker")
    other = initialize(tmp_path / "other.db", PASSWORD, role="worker", division=OTHER_VILLAGE,
                       user_name="网格员王芳")
    other.today = lambda: TODAY
    enroll(township, county, tmp_path)
    for below in (worker, other):
        enroll(below, township, tmp_path)
    yield Network(county, township, worker, other, Courier(tmp_path), tmp_path, People())
    other.db.close()
