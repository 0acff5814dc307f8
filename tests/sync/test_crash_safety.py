"""An import killed at any moment leaves a sound database, and importing again finishes the job."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from random import Random

import pytest
from sqlalchemy import select, text

from app.services.demo import DemoService
from app.services.setup import open_context
from app.services.sync import SyncService
from app.store.models import Household, Member, Visit
from tests.conftest import PASSWORD
from tests.sync.conftest import enroll

# Kills an import and inspects the SQLite file it left; PostgreSQL's own run is in tests/stations.
pytestmark = pytest.mark.sqlite_only

RUNS = 20
WORKER_SCRIPT = Path(__file__).with_name("import_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _dump(path: Path) -> tuple:
    ctx = open_context(path, PASSWORD)
    try:
        with ctx.db.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            return tuple(sorted((row.id, row.updated_hlc) for model in (Household, Member, Visit)
                                for row in session.scalars(select(model))))
    finally:
        ctx.db.close()


def _import(database: Path, bundle: Path) -> subprocess.Popen:
    # The app of this checkout, whatever an installed (editable) package points at.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    return subprocess.Popen([sys.executable, str(WORKER_SCRIPT), str(database), str(bundle),
                             PASSWORD], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=environment)


@pytest.mark.slow
def test_an_import_killed_at_random_moments_recovers(open_copy, tmp_path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    DemoService(worker).generate(150, seed=5)
    bundle = SyncService(worker).export("up", tmp_path / "big.fpb").path
    base = Path(township.db.location)
    township.db.close()

    clean = tmp_path / "clean.db"
    shutil.copy(base, clean)
    started = time.perf_counter()
    assert _import(clean, bundle).wait(timeout=120) == 0
    full = time.perf_counter() - started
    expected = _dump(clean)
    assert expected

    rng = Random(11)
    killed = 0
    for run in range(RUNS):
        target = tmp_path / f"crash-{run}.db"
        shutil.copy(base, target)
        process = _import(target, bundle)
        time.sleep(rng.uniform(0, full))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        _dump(target)  # opens, recovers and passes integrity_check
        assert _import(target, bundle).wait(timeout=120) == 0
        assert _dump(target) == expected
    assert killed >= RUNS // 2
