"""Where a township bundle's import spends its time, stage by stage, in CPU seconds.

    python bench/import_stages.py --reuse DIR [--runs N]

DIR holds the township and county databases an earlier `bench/merge.py --keep DIR` saved. The
township's bundle for the county is exported once; then it is imported N times (default 2), each
into a fresh copy of the county database, and each time the process CPU of every stage of the
pipeline (app/sync/importing.py) is measured, with the garbage collector's share of each
(``gc.callbacks``: a full collection that happens to fall inside a stage is told apart): reading
(verify, decrypt, decompress, parse), decoding with limits, screening, scope and orphans, the
households touched, the merge (its writes apart), the rules, the quarantine, the upkeep (the unit
of work's ``keep_households``: derived fields, cases and warnings of every touched household) and
the commit. Prints name=value lines per run: import_s (wall), import_cpu_s, <stage>_cpu_s and
<stage>_gc_s, upkeep_and_rules_cpu_s; then the load average. On a busy machine the CPU figures are
the ones to compare.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.orm import Session

from app.services import unit_of_work
from app.services.setup import open_context
from app.services.sync import SyncService
from app.sync import importing, merge

PASSWORD = "bench-密码"
# stage → (owner, attribute): where the pipeline looks the function up. Nested stages (scope and
# orphans inside admitted, writes inside merge) count within their outer stage too.
_STAGES: dict[str, tuple[Any, str]] = {
    "read": (importing, "verified"), "decode": (importing, "decoded"), "screen": (importing.checks, "screen"),
    "admitted": (importing, "admitted"), "scope": (importing, "admissible"), "orphans": (importing, "hold_orphans"),
    "households_touched": (importing, "households_of"), "merge": (importing, "merge"),
    "merge_writes": (merge._Merger, "write"), "rules": (importing.RuleChecker, "check"),
    "quarantine": (importing, "store_quarantined"), "upkeep": (unit_of_work, "keep_households"),
    "commit": (Session, "commit"),
}


class _Meter:
    """Process CPU spent inside each measured stage, and the collector's share of it."""

    def __init__(self) -> None:
        self.cpu: defaultdict[str, float] = defaultdict(float)
        self.collecting: defaultdict[str, float] = defaultdict(float)
        self._inside: list[str] = []
        self._started = 0.0

    def on_collection(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.process_time()
            return
        for stage in self._inside:
            self.collecting[stage] += time.process_time() - self._started

    def measured(self, stage: str, work: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(work)
        def run(*arguments: Any, **keywords: Any) -> Any:
            self._inside.append(stage)
            started = time.process_time()
            try:
                return work(*arguments, **keywords)
            finally:
                self.cpu[stage] += time.process_time() - started
                self._inside.remove(stage)
        return run


def _import_once(county: Path, bundle: Path, run: int) -> None:
    meter = _Meter()
    originals = {stage: getattr(owner, name) for stage, (owner, name) in _STAGES.items()}
    for stage, (owner, name) in _STAGES.items():
        setattr(owner, name, meter.measured(stage, originals[stage]))
    gc.callbacks.append(meter.on_collection)
    try:
        with tempfile.TemporaryDirectory() as directory:
            copy = Path(shutil.copy(county, Path(directory) / "county.db"))
            ctx = open_context(copy, PASSWORD)
            wall, cpu = time.perf_counter(), time.process_time()
            SyncService(ctx).import_file(bundle)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            ctx.db.close()
    finally:
        gc.callbacks.remove(meter.on_collection)
        for stage, (owner, name) in _STAGES.items():
            setattr(owner, name, originals[stage])
    figures = [("import_s", wall), ("import_cpu_s", cpu)]
    for stage in _STAGES:
        figures += [(f"{stage}_cpu_s", meter.cpu[stage]), (f"{stage}_gc_s", meter.collecting[stage])]
    figures.append(("upkeep_and_rules_cpu_s", meter.cpu["upkeep"] + meter.cpu["rules"]))
    for name, value in figures:
        print(f"run{run}_{name}={value:.3f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, required=True,
                        help="the directory an earlier bench/merge.py --keep saved")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        township_copy = Path(shutil.copy(args.reuse / "township.db", Path(directory) / "township.db"))
        township = open_context(township_copy, PASSWORD)
        bundle = Path(directory) / "township.fpb"
        SyncService(township).export("up", bundle)
        township.db.close()
        for run in range(1, args.runs + 1):
            _import_once(args.reuse / "county.db", bundle, run)
    print("load_average=" + ",".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
