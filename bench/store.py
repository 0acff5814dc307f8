"""Store benchmark: demo generation, opening, and household search on a county-sized database.

    python bench/store.py [--households N] [--seed S] [--keep PATH | --reuse PATH]

Prints ``name=value`` lines on stdout (progress goes to stderr):
demo_households_per_s, open_s, search_ms_name, search_ms_initials, search_ms_id, plus the size
of what was measured. Search figures are the median over about 50 queries drawn from the data.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from app.services.context import ServiceContext
from app.services.demo import create_demo_database
from app.services.search import SearchService
from app.services.setup import open_context

PASSWORD = "bench-密码"
QUERIES = 50


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _figure(name: str, value: float | int) -> None:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def _progress(started: float) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0.0
        _log(f"  {done}/{total} households, {elapsed:.0f} s, {rate:.0f}/s")
    return report


def _generate(path: Path, households: int, seed: int) -> float:
    _log(f"generating {households} demo households into {path} …")
    started = time.perf_counter()
    ctx = create_demo_database(path, PASSWORD, households, seed, progress=_progress(started))
    seconds = time.perf_counter() - started
    ctx.db.close()
    return seconds


def _open(path: Path) -> tuple[ServiceContext, float]:
    started = time.perf_counter()
    ctx = open_context(path, PASSWORD)
    return ctx, time.perf_counter() - started


def _samples(ctx: ServiceContext, seed: int) -> list[tuple[str, str, str]]:
    """(name, initials, ID number) of members picked at random by rowid."""
    rng = Random(seed)
    picked: list[tuple[str, str, str]] = []
    with ctx.db.read() as session:
        top = session.execute(text("SELECT max(rowid) FROM member")).scalar() or 0
        for _ in range(QUERIES * 4):
            if len(picked) == QUERIES or not top:
                break
            row = session.execute(text(
                "SELECT name, name_initials, id_number FROM member WHERE rowid = :r"),
                {"r": rng.randint(1, top)}).first()
            if row is not None:
                picked.append((row[0], row[1], row[2]))
    return picked


def _median_ms(search: SearchService, texts: list[str]) -> float:
    timings = []
    for query in texts:
        started = time.perf_counter()
        search.search(query)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _search_figures(ctx: ServiceContext, seed: int) -> dict[str, float]:
    samples = _samples(ctx, seed)
    half = len(samples) // 2
    names = [name for name, _i, _n in samples[:half]] + [name[:2] for name, _i, _n in
                                                         samples[half:]]
    initials = [initials for _name, initials, _n in samples]
    numbers = [number for _name, _i, number in samples[:half]] + [number[-6:] for _name, _i, number
                                                                  in samples[half:]]
    search = SearchService(ctx)
    search.search(names[0])  # the first query also opens the connection
    return {
        "search_ms_name": _median_ms(search, names),
        "search_ms_initials": _median_ms(search, initials),
        "search_ms_id": _median_ms(search, numbers),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the database at this path (it must not exist yet)")
    parser.add_argument("--reuse", type=Path, default=None,
                        help="measure opening and search on a database an earlier --keep left")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="fangpin-bench-"))
    path = args.reuse or args.keep or directory / "bench.db"
    try:
        if args.reuse is None:
            seconds = _generate(path, args.households, args.seed)
            _figure("households", args.households)
            _figure("demo_s", seconds)
            _figure("demo_households_per_s", args.households / seconds)
        _figure("db_mb", path.stat().st_size / 1e6)
        _log("opening …")
        ctx, open_seconds = _open(path)
        _figure("open_s", open_seconds)
        try:
            _log("searching …")
            for name, value in _search_figures(ctx, args.seed).items():
                _figure(name, value)
        finally:
            ctx.db.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
