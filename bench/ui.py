"""Desktop benchmark (offscreen): cold start, first rows of the household table, search keystrokes.

    python bench/ui.py --reuse PATH          # a database made by bench/store.py --keep PATH
    python bench/ui.py [--households N]      # makes one first (300,000 households: ~10 minutes)
    python bench/ui.py --reuse PATH --runs 3 --cold-only [--typing 2]   # the start only, medians of 3

Prints ``name=value`` lines: cold_start_s (a fresh interpreter until its first window — the
unlock dialog — is shown and takes input), unlock_to_rows_s (the password's Enter until the main
window shows household rows), first_rows_s (the household table's first page with its count, in a warm
process), search_keystroke_ms (median time to answer one keystroke in the search box, over queries
drawn from the data: names, pinyin initials, ID number endings), and unlock_to_rows_cpu_s (the
process's CPU time, all threads, over unlock_to_rows_s: what a busy machine cannot hide).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from random import Random

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from app.services.listing import HouseholdFilter  # noqa: E402
from app.services.setup import open_context  # noqa: E402

PASSWORD = "bench-密码"  # the same as bench/store.py, so its kept databases can be reused
QUERIES = 40

# Run in a fresh interpreter: everything a user waits for after double-clicking the program.
_COLD_START = """
import sys, time
launched = time.time()  # against the parent's clock: the interpreter's own start
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
from app.ui.app import application, main_window, warm_up
from app.ui.settings import Settings
from app.ui.unlock import UnlockDialog
app = application()
warm_up()
dialog = UnlockDialog(sys.argv[1])
dialog.show()
app.processEvents()
usable = time.perf_counter() - started
typing_until = time.perf_counter() + float(sys.argv[3])  # --typing: the user's typing, the window live
while time.perf_counter() < typing_until:
    app.processEvents()
    time.sleep(0.01)
dialog.password.setText(sys.argv[2])
typed, typed_cpu = time.perf_counter(), time.process_time()
dialog.unlock()
while dialog.ctx is None:
    app.processEvents()
    time.sleep(0.005)
window = main_window(dialog.ctx, Settings(database=sys.argv[1]))
window.show()
app.processEvents()
assert window.households.model.rowCount() > 0
print(launched, usable, time.perf_counter() - typed, time.process_time() - typed_cpu, flush=True)
# What is still running (the count, the 户编号 check) finishes before the database closes: ending
# the interpreter under a running job aborts it.
from app.ui import tasks
tasks.wait_all()
window.close()
dialog.ctx.db.close()
"""


def _figure(name: str, value: float) -> None:
    print(f"{name}={value:.3f}", flush=True)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cold_start(path: Path, password: str, typing: float = 0.0) -> tuple[float, float, float]:
    """A fresh interpreter: launch until the first window is usable (the unlock dialog, measured
    from before the interpreter starts), and the password's Enter until the main window shows rows
    (key derivation, the store's libraries if still loading, the window), and the CPU time the process
    spent on the latter (all its threads: steadier than the wall clock on a shared machine)."""
    before = time.time()
    process = subprocess.Popen([sys.executable, "-c", _COLD_START, str(path), password, str(typing)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    output, errors = process.communicate()
    if process.returncode:
        raise SystemExit(errors)
    launched, inside, unlock, unlock_cpu = (float(value) for value in output.split())
    # The interpreter's own start is not inside ``inside``: from the launch to the script's first line
    # (neither the typing nor the wait for the jobs still running at the end belong to the start).
    interpreter = launched - before
    _log(f"  interpreter start ~{interpreter:.2f} s, first window {inside:.2f} s, unlock to rows {unlock:.2f} s "
         f"(CPU {unlock_cpu:.2f} s)")
    return interpreter + inside, unlock, unlock_cpu


def _queries(ctx: object, seed: int) -> list[str]:
    random = Random(seed)
    with ctx.db.read() as session:  # type: ignore[attr-defined]
        total = session.scalar(text("SELECT max(rowid) FROM member")) or 1
        people = []
        for _ in range(QUERIES):
            row = session.execute(text("SELECT name, name_initials, id_number FROM member WHERE rowid >= :r "
                                       "LIMIT 1"), {"r": random.randint(1, total)}).first()
            if row:
                people.append(row)
    queries = []
    for number, (name, initials, id_number) in enumerate(people):
        queries.append((name[:2], initials[:3], id_number[-6:])[number % 3])
    return queries


def warm_figures(path: Path, password: str, seed: int) -> tuple[float, float]:
    from app.ui.app import application
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = application()
    ctx = open_context(path, password)
    window = MainWindow(ctx, Settings(database=str(path)))
    window.show()
    app.processEvents()
    page = window.households
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        page.model.show_all(HouseholdFilter())
        page.refresh()
        app.processEvents()
        timings.append(time.perf_counter() - started)
    first_rows = statistics.median(timings)
    keystrokes = []
    for query in _queries(ctx, seed):
        started = time.perf_counter()
        page.search.setText(query)
        page.refresh()  # what the debounce timer calls; the timer's own wait is not work
        app.processEvents()
        keystrokes.append((time.perf_counter() - started) * 1000)
    window.close()
    ctx.db.close()
    return first_rows, statistics.median(keystrokes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", type=Path, help="a database made by bench/store.py --keep")
    parser.add_argument("--password", default=PASSWORD, help="the reused database's password")
    parser.add_argument("--runs", type=int, default=1,
                        help="cold starts to make: the figures are their medians (each is logged)")
    parser.add_argument("--cold-only", action="store_true", help="skip first_rows_s and search_keystroke_ms")
    parser.add_argument("--typing", type=float, default=0.0,
                        help="seconds between the unlock window showing and Enter (default 0: Enter at once, "
                             "while the store's libraries still load; a user typing gives them time)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        path = args.reuse
        if path is None:
            from app.services.demo import create_demo_database

            path = Path(directory) / "bench.db"
            _log(f"generating {args.households} demo households …")
            create_demo_database(path, PASSWORD, args.households, args.seed).db.close()
        starts = [cold_start(path, args.password, args.typing) for _ in range(max(1, args.runs))]
        for name, values in zip(("cold_start_s", "unlock_to_rows_s", "unlock_to_rows_cpu_s"), zip(*starts, strict=True),
                                strict=True):
            _figure(name, statistics.median(values))
        if args.cold_only:
            return
        first_rows, keystroke = warm_figures(path, args.password, args.seed)
        _figure("first_rows_s", first_rows)
        _figure("search_keystroke_ms", keystroke)


if __name__ == "__main__":
    main()
