"""Where a township's export spends its time, stage by stage, in CPU seconds and wall seconds.

    python bench/export_stages.py --reuse DIR

DIR holds the township database an earlier `bench/merge.py --keep DIR` saved; it is copied first.
The stages are the calls `SyncService.export` makes, run one after the other on the main thread:
reading the log, reading the rows the inserts left to them (SQLite's part, which the export runs in
a second thread: `rows_sql`), turning them into columns (`rows_by_column`), encoding, JSON, and xz
(which the export runs in another thread). Then the whole export runs once. Prints name=value
lines: <stage>_cpu_s and <stage>_wall_s, main_thread_cpu_s (the stages the exporting thread runs:
with the other core free for xz and the row reading, about the export's wall time),
export_cpu_s (all threads), export_main_thread_cpu_s, export_s (wall), bundle_mb and the load
average. On a busy machine wall figures are noisy; compare CPU seconds.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select
from sqlmodel import Session

from app.services.setup import open_context
from app.services.sync import SyncService
from app.store import insert_values
from app.store.models import Peer
from app.sync import bundle, log_reader, payload

PASSWORD = "bench-密码"


def _figure(name: str, value: float) -> None:
    print(f"{name}={value:.3f}", flush=True)


class _Stages:
    def __init__(self) -> None:
        self.spent: dict[str, tuple[float, float]] = {}

    def run(self, name: str, work: Callable[..., Any], *arguments: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = work(*arguments)
        before_cpu, before_wall = self.spent.get(name, (0.0, 0.0))
        self.spent[name] = (before_cpu + time.process_time() - cpu, before_wall + time.perf_counter() - wall)
        return result


def _stages(database: Path) -> None:
    ctx = open_context(database, PASSWORD)
    stages = _Stages()
    gc.disable()  # as the export runs (app/garbage.py: no collections to speak of)
    with Session(ctx.db.engine) as session:
        peer = session.scalar(select(Peer).where(Peer.direction == "up"))
        assert peer is not None, "the township has no county above it: build it with bench/merge.py"
        entries = stages.run("read_log", lambda: log_reader.changes_since(session, peer.acknowledged, fill=False))
        by_table = payload._by_table(entries)
        positions = payload._first_positions(by_table)
        numbering = payload._Numbering()
        pieces = []
        cursor = session.connection().connection.driver_connection.cursor()
        for name, table_entries in by_table.items():
            row_ids = log_reader.waiting_row_ids(table_entries)
            texts = None if row_ids is None else stages.run(
                "rows_sql", insert_values.stored_column_texts, cursor, name, set(row_ids))
            columns = stages.run("rows_by_column", log_reader.insert_field_columns, session, table_entries, texts)
            table = stages.run("encode", payload._encode_table, name, table_entries, positions, numbering, columns)
            pieces.append(stages.run("json", payload._json, table))
    gc.enable()
    text = b"".join(pieces)
    stages.run("xz", bundle._compress, text, None)
    for name, (cpu, wall) in stages.spent.items():
        _figure(f"{name}_cpu_s", cpu)
        _figure(f"{name}_wall_s", wall)
    _figure("main_thread_cpu_s", sum(cpu for name, (cpu, _wall) in stages.spent.items()
                                     if name not in ("xz", "rows_sql")))
    ctx.db.close()


def _export(database: Path, out: Path) -> None:
    ctx = open_context(database, PASSWORD)
    cpu, thread, wall = time.process_time(), time.thread_time(), time.perf_counter()
    SyncService(ctx).export("up", out)
    _figure("export_cpu_s", time.process_time() - cpu)
    _figure("export_main_thread_cpu_s", time.thread_time() - thread)
    _figure("export_s", time.perf_counter() - wall)
    _figure("bundle_mb", out.stat().st_size / 1e6)
    ctx.db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, required=True, help="the folder bench/merge.py --keep wrote")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="fangpin-bench-export-"))
    try:
        database = Path(shutil.copy(args.reuse / "township.db", directory / "township.db"))
        _stages(database)
        _export(database, directory / "township.fpb")
        _figure("load_average", os.getloadavg()[0])
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
