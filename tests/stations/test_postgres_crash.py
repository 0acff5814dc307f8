"""An import into a PostgreSQL station killed at random moments: the server keeps all or nothing.

The SQLite file's own crash test (tests/sync/test_crash_safety.py) checks the file; here the
client process is killed mid-import and the server must have rolled the whole transaction back,
so the station's data is either untouched or the complete import, and importing again finishes it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from random import Random

import pytest
from sqlalchemy import select

from app.services.demo import DemoService
from app.services.setup import open_context
from app.services.sync import SyncService
from app.store.models import ChangeLog, Household, Member, Visit
from tests.pgserver import PostgresServer
from tests.sync.conftest import enroll

RUNS = 8
SCRIPT = Path(__file__).with_name("import_into.py")
ROOT = Path(__file__).resolve().parents[2]


def _dump(location: str) -> tuple:
    ctx = open_context(location, None)
    try:
        with ctx.db.read() as session:
            rows = tuple(sorted((row.id, row.updated_hlc) for model in (Household, Member, Visit)
                                for row in session.scalars(select(model))))
            log = session.execute(select(ChangeLog.device_id, ChangeLog.seq)).all()
            return rows, tuple(sorted(log))
    finally:
        ctx.db.close()


def _import(location: str, bundle: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), location, str(bundle)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
@pytest.mark.sqlite_only  # the laptop (open_copy) stays an SQLite file; the station is on the server
def test_a_killed_import_leaves_all_or_nothing_and_a_rerun_completes_it(
        open_copy, postgres: PostgresServer, postgres_templates: dict[str, str], tmp_path) -> None:
    worker = open_copy("worker")  # the laptop keeps its SQLite file; the station is on the server
    postgres.create_database("crash_base", template=postgres_templates["township"])
    township = open_context(postgres.url("crash_base"), None)
    enroll(worker, township, tmp_path)
    township.db.close()
    DemoService(worker).generate(150, seed=5)
    bundle = SyncService(worker).export("up", tmp_path / "big.fpb").path
    before = _dump(postgres.url("crash_base"))

    clean = postgres.create_database("crash_clean", template="crash_base")
    started = time.perf_counter()
    first = _import(clean, bundle)
    assert first.wait(timeout=120) == 0, first.stderr.read().decode()
    full = time.perf_counter() - started
    expected = _dump(clean)
    assert len(expected[0]) > len(before[0])

    rng = Random(11)
    killed = 0
    for run in range(RUNS):
        target = postgres.create_database(f"crash_{run}", template="crash_base")
        process = _import(target, bundle)
        time.sleep(rng.uniform(0, full))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        assert _dump(target) in (before, expected)  # never half an import
        assert _import(target, bundle).wait(timeout=120) == 0
        assert _dump(target) == expected
        postgres.execute(f'DROP DATABASE "crash_{run}" WITH (FORCE)')
    assert killed >= RUNS // 2
