"""A grid worker enrolled at a township, and moving bundles between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.context import ServiceContext
from app.services.enrollment import EnrollmentService
from app.services.sync import ImportSummary, SyncService


def enroll(below: ServiceContext, station: ServiceContext, folder: Path) -> None:
    """The enrollment exchange: ``below`` asks, ``station`` accepts, ``below`` completes."""
    EnrollmentService(below).request(folder / "r.fpe")
    EnrollmentService(station).accept(folder / "r.fpe", folder / "a.fpe")
    EnrollmentService(below).complete(folder / "a.fpe")


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
