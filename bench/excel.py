"""Excel benchmark: import a 100,000-row village roster (with its full report) and export it again.

    python bench/excel.py [--rows N] [--keep DIR]

    python bench/excel.py --parts    # also the import's CPU per part (part_*_cpu_s) and gc_*

Prints ``name=value`` lines on stdout (progress goes to stderr): dry_run_100k_s (open, map, check
every row against the database and write the row-by-row report, nothing written), import_100k_s
(open, map, plan and apply in one transaction into an empty county database, then the report), its
parts read_s, import_s and report_s, import_rows_per_s, and export_rows_per_s for the
农户花名册 of the imported rows (every household and its members; the 监测对象花名册 lists
only households with an identified case, which a roster import does not make). The *_cpu_s
figures are this process's CPU time, which other programs on a shared machine disturb less than
wall-clock time.
The roster is messy on purpose: a title row, a two-row merged header, the household written only
on its first member row, full-width digits, amounts with 元, and some refused rows.
"""

from __future__ import annotations

import argparse
import functools
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.idnumber import make_id_number
from app.excel.rawxlsx import PLAIN, RawSheet, write_xlsx
from app.services.excel import ExcelImportService, LedgerExporter
from app.services.setup import initialize

PASSWORD = "bench-密码"
Row = tuple[int, list[Any]]
COUNTY = "131122"
RELATIONS = ("配偶", "之子", "之女", "之父/母")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英志强桂兰小明丽华春梅海涛玉珍国庆红霞文杰淑芬振华"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _figure(name: str, value: float | int) -> None:
    print(f"{name}={value:.3f}" if isinstance(value, float) else f"{name}={value}", flush=True)


def make_roster(path: Path, rows: int, villages: list[str], seed: int = 1) -> int:
    """A roster of ``rows`` member rows; returns how many households it holds."""
    rng = Random(seed)
    header = [(PLAIN, ["武邑县2025年防止返贫监测对象花名册"]),
              (PLAIN, ["序号", "户信息", None, None, None, None, "家庭成员信息", None, None, None, None, "收入"]),
              (PLAIN, [None, "村代码", "户编号", "户主姓名", "户类型", "联系电话", "姓名", "与户主关系", "身份证号码",
                       "健康状况", "文化程度", "工资性收入"])]
    seq = 0
    households = 0

    def body() -> Iterator[tuple[int, list[Any]]]:
        nonlocal seq, households
        written = 0
        while written < rows:
            households += 1
            size = min(rng.choice((1, 2, 3, 3, 4, 4, 5)), rows - written)
            village = villages[households % len(villages)]
            for position in range(size):
                seq += 1
                birth = date(1940, 1, 1) + timedelta(days=seq // 500 + rng.randrange(0, 20000))
                number = make_id_number(COUNTY, birth, seq % 1000)
                if seq % 997 == 0:
                    number = number[:17] + ("0" if number[17] != "0" else "1")  # a wrong check digit
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                first = position == 0
                yield PLAIN, [households if first else None, village if first else None,
                              f"{households:06d}" if first else None, name if first else None,
                              rng.choice(("一般农户", "脱贫户")) if first else None,
                              f"138{households:08d}" if first else None, name,
                              "户主" if first else rng.choice(RELATIONS), number,
                              rng.choice(("健康", "长期慢性病", "健康")), rng.choice(("小学", "初中", "高中")),
                              f"{rng.randrange(1000, 40000):,}元" if first else None]
                written += 1

    write_xlsx(path, [RawSheet("花名册", _chain(header, body()), merges=[
        "A1:L1", "A2:A3", "B2:F2", "G2:K2"])])
    return households


class _Parts:
    """Process CPU time spent in named steps of the import and in garbage collections, for
    ``--parts``: each step is wrapped where the import looks it up (a step running inside another
    counts in both: the cleaned rows, sheet_records, are made as group_households reads them). A
    step's figure leaves out the collections that ran during it: a full collection lands in
    whichever step happens to be running, which made the steps' figures jump by a second."""

    STEPS = (("app.services.excel.importing", "read_workbook"), ("app.services.excel.importing", "sheet_records"),
             ("app.services.excel.importing", "group_households"),
             ("app.services.excel.importing", "load_lookup"), ("app.services.excel.planning", "Planner.plan_all"),
             ("app.services.excel.applying", "bulk_insert"),
             ("app.services.excel.applying", "_new_household_warnings"),
             ("app.services.excel.importing", "apply_plans"), ("app.services.unit_of_work", "UnitOfWork.finish"),
             ("app.services.unit_of_work", "UnitOfWork.__exit__"),
             ("app.services.excel.importing", "ExcelImportService._result"),
             ("app.services.excel.importing", "write_report"))

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.gc_cpu = 0.0
        self.gc_runs = [0, 0, 0]
        self._gc_started = 0.0
        for module_name, path in self.STEPS:
            owner: Any = sys.modules[module_name]
            *outer, name = path.split(".")
            for part in outer:
                owner = getattr(owner, part)
            setattr(owner, name, self._timed(name.strip("_"), getattr(owner, name)))
        gc.callbacks.append(self._collected)

    def _timed(self, name: str, step: Any) -> Any:
        @functools.wraps(step)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, collecting = time.process_time(), self.gc_cpu
            try:
                result = step(*args, **kwargs)
                return list(result) if name == "sheet_records" else result  # a generator: its work now
            finally:  # without the collections that fell within the step (gc_cpu_s has them all)
                spent = time.process_time() - started - (self.gc_cpu - collecting)
                self.cpu[name] = self.cpu.get(name, 0.0) + spent
        return timed

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.process_time()
        else:
            self.gc_cpu += time.process_time() - self._gc_started
            self.gc_runs[info["generation"]] += 1

    def reset(self) -> None:
        self.cpu.clear()
        self.gc_cpu, self.gc_runs = 0.0, [0, 0, 0]

    def report(self) -> None:
        for name, seconds in self.cpu.items():
            _figure(f"part_{name}_cpu_s", seconds)
        _figure("gc_cpu_s", self.gc_cpu)
        for generation, runs in enumerate(self.gc_runs):
            _figure(f"gc_generation{generation}_runs", runs)


def _chain(first: Iterable[Row], rest: Iterable[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the roster, report, database and export here")
    parser.add_argument("--parts", action="store_true", help="also the import's CPU per part and the collector's")
    args = parser.parse_args()
    parts = _Parts() if args.parts else None
    work = Path(tempfile.mkdtemp(prefix="fangpin-excel-"))
    try:
        ctx = initialize(work / "bench.db", PASSWORD, role="county", division=COUNTY, user_name="基准测试")
        from sqlalchemy import select

        from app.store.models import Division
        with ctx.db.read() as session:
            villages = list(session.scalars(select(Division.id).where(Division.level == "village")))
        roster = work / "roster.xlsx"
        _log(f"writing a {args.rows}-row roster …")
        households = make_roster(roster, args.rows, villages)
        _log(f"importing {args.rows} rows ({households} households) …")
        service = ExcelImportService(ctx)
        started, cpu = time.perf_counter(), time.process_time()
        source = service.open(roster)
        mapping = service.guess_mapping(source)
        dry = service.dry_run(source, mapping)
        service.write_report(dry, work / "dry-run-report.xlsx")
        suffix = "100k" if args.rows == 100_000 else str(args.rows)
        _figure(f"dry_run_{suffix}_s", time.perf_counter() - started)
        _figure(f"dry_run_{suffix}_cpu_s", time.process_time() - cpu)
        if parts:
            parts.reset()
        started, cpu = time.perf_counter(), time.process_time()
        source = service.open(roster)
        mapping = service.guess_mapping(source)
        read = time.perf_counter()
        result = service.apply(source, mapping)
        applied = time.perf_counter()
        service.write_report(result, work / "report.xlsx")
        done = time.perf_counter()
        counts = result.counts
        _log(f"  added {counts.added}, refused {counts.refused} households, {counts.members_added} members")
        _figure("rows", args.rows)
        _figure("households", households)
        _figure("refused_households", counts.refused)
        _figure("read_s", read - started)
        _figure("import_s", applied - read)
        _figure("report_s", done - applied)
        _figure(f"import_{suffix}_s", done - started)
        _figure(f"import_{suffix}_cpu_s", time.process_time() - cpu)
        _figure("import_rows_per_s", args.rows / (done - started))
        if parts:
            parts.report()
        _log("exporting the 农户花名册 …")
        started = time.perf_counter()
        exported = LedgerExporter(ctx).export("households", work / "export.xlsx")
        seconds = time.perf_counter() - started
        _figure("export_rows", exported)
        _figure("export_rows_per_s", exported / seconds)
        ctx.db.close()
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in ("roster.xlsx", "report.xlsx", "export.xlsx", "bench.db"):
                shutil.copy(work / name, args.keep / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
