"""Merge benchmark: a township's bundle of 30,000 households merged into a county database.

    python bench/merge.py [--households N] [--members N] [--visits N] [--seed S] [--keep DIR | --reuse DIR]
                          [--no-postgres]

Builds a township database with demo households (topped up with members and visits to the wanted counts),
enrolls it at a county, exports the township's bundle for the county and imports it there.
In the same run, the rows the import produced are upserted with a bare executemany into another
copy of the same county database, the physical limit the merge is compared with.

Prints ``name=value`` lines on stdout (progress goes to stderr):
rows, households, members, visits, bundle_mb_30k (also as bundle_mb), export_s, import_s,
import_cpu_s (this process's CPU over import_s: the wall time less its waits for the disk),
apply_s, apply_rows_per_s, bare_upsert_s, bare_upsert_rows_per_s, merge_vs_upsert_ratio
(apply_s ÷ bare_upsert_s: decoding the file is not part of either), import_vs_upsert_ratio
(import_s ÷ bare_upsert_s, with verification, decryption and decompression), and
bare_upsert_with_log_s / merge_vs_upsert_with_log_ratio: the same bare upsert of the data rows
plus the change-log rows an import must also keep (the floor of what a merge writes), with
ratio_with_log = import_s ÷ bare_upsert_with_log_s, and
bare_upsert_large_cache_s / ratio_large_cache: the bare upsert given the page cache a large merge
takes (app/store/write_cache.py, LARGE_CACHE_KIB), so the two sides are compared like for like too;
read_s (verifying, decrypting, decompressing and decoding the bundle, nothing written) and
floor_ratio = (read_s + bare_upsert_with_log_s) ÷ bare_upsert_s: the ratio an import would reach
if scope checks, merging and rules cost nothing.

The same bundle is then imported into the same county database moved onto a throwaway PostgreSQL
server (tests/pgserver.py; skipped with --no-postgres or when PostgreSQL is not installed):
import_s_postgresql, bare_upsert_s_postgresql (the same rows through COPY into a staging table
and one INSERT … ON CONFLICT DO UPDATE per table, PostgreSQL's own bulk upsert),
bare_upsert_with_log_s_postgresql, ratio_postgresql (import ÷ bare upsert) and
ratio_with_log_postgresql (import ÷ bare upsert with the log).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from app.domain.idnumber import make_id_number
from app.services.context import ServiceContext
from app.services.demo import DemoService
from app.services.enrollment import EnrollmentService
from app.services.setup import initialize, open_context
from app.services.sync import SyncService
from app.services.unit_of_work import UnitOfWork
from app.store import migrate
from app.store.bulk import bulk_insert
from app.store.codec import json_text
from app.store.engine import make_engine
from app.store.models import SYNCED_TABLES, Household, Member, Visit
from app.store.write_cache import LARGE_CACHE_KIB
from app.sync.merge import apply_changes
from tests.pgserver import PostgresServer, PostgresUnavailable

PASSWORD = "bench-密码"
TOWNSHIP, COUNTY = "131122100", "131122"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _figure(name: str, value: float | int) -> None:
    text_value = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}={text_value}", flush=True)


def _count(ctx: ServiceContext, model: Any) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _top_up_visits(ctx: ServiceContext, wanted: int, seed: int) -> None:
    """More visits, spread over the households, until there are ``wanted``."""
    missing = wanted - _count(ctx, Visit)
    if missing <= 0:
        return
    rng = Random(seed)
    with ctx.db.read() as session:
        households = list(session.scalars(select(Household.id)))
    start = date(2024, 1, 5)
    while missing > 0:
        batch = min(missing, 20_000)
        rows = [{"household_id": rng.choice(households),
                 "visit_date": start + timedelta(days=rng.randrange(700)),
                 "visitor": "网格员", "form_id": "household_visit", "form_version": "2026.1",
                 "answers": {"income_changed": rng.choice(["是", "否"]),
                             "health_changed": rng.choice(["是", "否"]),
                             "members_present": rng.randint(1, 5)},
                 "summary": rng.choice(["家中一切正常", "收入稳定", "有人住院，已登记", ""])}
                for _ in range(batch)]
        with ctx.db.write(ctx.actor) as session:
            bulk_insert(session, Visit, rows)
        missing -= batch


def _top_up_members(ctx: ServiceContext, wanted: int, seed: int) -> None:
    """More members (children and grandchildren with valid ID numbers) until there are ``wanted``."""
    missing = wanted - _count(ctx, Member)
    if missing <= 0:
        return
    rng = Random(seed + 1)
    with ctx.db.read() as session:
        households = list(session.scalars(select(Household.id)))
    serial = 0
    while missing > 0:
        batch = min(missing, 20_000)
        rows = []
        for _ in range(batch):
            serial += 1
            # Distinct numbers (a birth day per 999 people), region 131182 kept clear of the demo's.
            birth, sequence = date(1995, 1, 1) + timedelta(days=serial // 999), serial % 999 + 1
            rows.append({"household_id": rng.choice(households), "name": f"补{serial}",
                         "relation": rng.choice(["之子", "之女", "之孙子", "之孙女"]),
                         "sex": "男" if sequence % 2 else "女",
                         "id_number": make_id_number("131182", birth, sequence), "birth_date": birth})
        # Through a unit of work, as every writer: its upkeep sets the households' member counts,
        # head names and no-labour flags, so the bundle carries no stale derived state for the
        # county's import to rewrite.
        with UnitOfWork(ctx) as uow:
            bulk_insert(uow.session, Member, rows)
            uow.touch({row["household_id"] for row in rows})
        missing -= batch


def _build(directory: Path, args: argparse.Namespace) -> tuple[Path, Path]:
    """A township with the data, enrolled at an empty county; both closed, paths returned."""
    township = initialize(directory / "township.db", PASSWORD, role="township", division=TOWNSHIP,
                          user_name="武邑镇站")
    county = initialize(directory / "county.db", PASSWORD, role="county", division=COUNTY,
                        user_name="县中心")
    request, reply = directory / "request.fpe", directory / "reply.fpe"
    EnrollmentService(township).request(request)
    EnrollmentService(county).accept(request, reply)
    EnrollmentService(township).complete(reply, EnrollmentService(township).check_reply(reply).safety_number)
    _log(f"generating {args.households} households …")
    started = time.perf_counter()
    DemoService(township).generate(args.households, args.seed)
    _log(f"  {time.perf_counter() - started:.0f} s; topping up visits to {args.visits} …")
    _top_up_visits(township, args.visits, args.seed)
    _top_up_members(township, args.members, args.seed)
    township.db.close()
    county.db.close()
    return directory / "township.db", directory / "county.db"


def _copy(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    return target


def _settle() -> None:
    """Write back what earlier steps left dirty (copies of a database of half a gigabyte) before
    a step is timed, so no step pays for the disk work of the one before it."""
    os.sync()


def _bare_upsert(source: ServiceContext, target: ServiceContext,
                 with_log: bool = False, cache_kib: int | None = None) -> tuple[int, float]:
    """Upsert every synchronised row of ``source`` into ``target``: the same rows, as stored,
    through one executemany per table (and the change log's rows too, ``with_log``), with the
    database's usual page cache or ``cache_kib``. Returns (rows, seconds)."""
    tables: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []
    names = [model.__tablename__ for model in SYNCED_TABLES]  # type: ignore[attr-defined]
    with source.db.read() as session:
        for name in [*names, *(["changelog"] if with_log else [])]:
            result = session.execute(text(f'SELECT * FROM "{name}"'))
            columns = list(result.keys())
            tables.append((name, columns, [tuple(row) for row in result]))
    rows = sum(len(r) for _n, _c, r in tables)
    _settle()
    started = time.perf_counter()
    with target.db.merging() as session:
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        if cache_kib is not None:
            cursor.execute(f"PRAGMA cache_size = -{cache_kib}")
        for name, columns, values in tables:
            if not values:
                continue
            column_list = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            key = ("device_id", "seq") if name == "changelog" else ("id",)
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
            cursor.executemany(f'INSERT INTO "{name}" ({column_list}) VALUES ({marks}) '
                               f"ON CONFLICT({', '.join(key)}) DO UPDATE SET {updates}", values)
    return rows, time.perf_counter() - started


def _postgres_figures(county_path: Path, bundle: Path, full_location: Path) -> None:
    """The same import on a county center's PostgreSQL server, and the bare bulk upsert there."""
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as error:
        _log(f"PostgreSQL figures skipped: {error}")
        return
    try:
        county = _on_server(county_path, server, "county_import")
        _log("importing into PostgreSQL …")
        started = time.perf_counter()
        SyncService(county).import_file(bundle)
        import_s = time.perf_counter() - started
        county.db.close()
        full = open_context(full_location, PASSWORD)
        results = {}
        for with_log in (False, True):
            bare = _on_server(county_path, server, f"county_bare_{int(with_log)}")
            _log(f"bare PostgreSQL upsert{' with the change log' if with_log else ''} …")
            results[with_log] = _bare_upsert_postgres(full, bare, with_log)
            bare.db.close()
        full.db.close()
        _figure("import_s_postgresql", import_s)
        _figure("bare_upsert_s_postgresql", results[False])
        _figure("bare_upsert_with_log_s_postgresql", results[True])
        _figure("ratio_postgresql", import_s / results[False])
        _figure("ratio_with_log_postgresql", import_s / results[True])
    finally:
        server.stop()


def _on_server(county_path: Path, server: PostgresServer, name: str) -> ServiceContext:
    """The county database (the SQLite file the bundle was made for) moved onto the server: every
    table copied as it is, so the same device keys accept the same bundle."""
    location = server.create_database(name)
    target = make_engine(location, None)
    migrate.upgrade(target)
    source = open_context(county_path, PASSWORD)
    with source.db.read() as session, target.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in session.execute(table.select())]
            if rows:
                connection.execute(table.insert(), rows)
            for column in table.primary_key.columns:
                if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int):
                    # Rows came with their numbers: move the server's counter past them.
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                        f'(SELECT coalesce(max("{column.name}"), 0) + 1 FROM "{table.name}"), false)')
    source.db.close()
    target.dispose()
    return open_context(location, None)


def _bare_upsert_postgres(source: ServiceContext, target: ServiceContext, with_log: bool) -> float:
    """Every synchronised row of ``source`` (and its change log, ``with_log``) upserted into
    ``target`` the way PostgreSQL does bulk upserts best: COPY into a staging table, then one
    INSERT … ON CONFLICT DO UPDATE per table."""
    names = [model.__tablename__ for model in SYNCED_TABLES]  # type: ignore[attr-defined]
    tables = [SQLModel.metadata.tables[name] for name in [*names, *(["changelog"] if with_log else [])]]
    loaded = []
    with source.db.read() as session:
        for table in tables:
            loaded.append((table, [tuple(row) for row in session.execute(table.select())]))
    started = time.perf_counter()
    with target.db.merging() as session:
        connection = session.connection().connection.driver_connection  # type: ignore[union-attr]
        for table, rows in loaded:
            if not rows:
                continue
            columns = [column.name for column in table.columns]
            listed = ", ".join(f'"{c}"' for c in columns)
            key = [column.name for column in table.primary_key.columns]
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE TEMPORARY TABLE stage_{table.name} ON COMMIT DROP AS '
                               f'SELECT {listed} FROM "{table.name}" WITH NO DATA')
                with cursor.copy(f"COPY stage_{table.name} ({listed}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([_copy_value(value) for value in row])
                cursor.execute(f'INSERT INTO "{table.name}" ({listed}) SELECT {listed} FROM stage_{table.name} '
                               f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}")
    return time.perf_counter() - started


def _copy_value(value: Any) -> Any:
    # JSON columns come back from SQLite as Python objects; COPY takes them as JSON text.
    return json_text(value) if isinstance(value, dict | list) else value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=30_000)
    parser.add_argument("--visits", type=int, default=300_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None,
                        help="also save the built township and county databases in this folder")
    parser.add_argument("--reuse", type=Path, default=None,
                        help="start from the databases an earlier --keep saved")
    parser.add_argument("--no-postgres", action="store_true", help="measure the SQLite file only")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="fangpin-bench-merge-"))
    try:
        if args.reuse:
            township_path = _copy(args.reuse / "township.db", directory / "township.db")
            county_path = _copy(args.reuse / "county.db", directory / "county.db")
        else:
            township_path, county_path = _build(directory, args)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            _copy(township_path, args.keep / "township.db")
            _copy(county_path, args.keep / "county.db")
        township = open_context(township_path, PASSWORD)
        _top_up_members(township, args.members, args.seed)  # databases kept by an older bench had fewer
        bundle = directory / "township.fpb"
        _log("exporting …")
        _settle()
        started = time.perf_counter()
        SyncService(township).export("up", bundle)
        export_s = time.perf_counter() - started
        households, members, visits = (_count(township, m) for m in (Household, Member, Visit))
        township.db.close()

        full = open_context(_copy(county_path, directory / "county-import.db"), PASSWORD)
        _log("importing …")
        _settle()
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = SyncService(full).import_file(bundle)
        import_s, import_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu

        merged = open_context(_copy(county_path, directory / "county-apply.db"), PASSWORD)
        _settle()
        started = time.perf_counter()
        _bundle, entries = SyncService(merged).read_changes(bundle)
        read_s = time.perf_counter() - started
        _log("applying the decoded changes …")
        started = time.perf_counter()
        apply_changes(merged.db, entries)
        apply_s = time.perf_counter() - started
        merged.db.close()

        bare = open_context(_copy(county_path, directory / "county-bare.db"), PASSWORD)
        _log("bare upsert …")
        rows, bare_s = _bare_upsert(full, bare)
        bare.db.close()
        bare_log = open_context(_copy(county_path, directory / "county-bare-log.db"), PASSWORD)
        _log("bare upsert with the change log …")
        rows_with_log, bare_log_s = _bare_upsert(full, bare_log, with_log=True)
        bare_log.db.close()
        bare_cache = open_context(_copy(county_path, directory / "county-bare-cache.db"), PASSWORD)
        _log("bare upsert with the merge's page cache …")
        _rows, bare_cache_s = _bare_upsert(full, bare_cache, cache_kib=LARGE_CACHE_KIB)
        bare_cache.db.close()
        full.db.close()

        _figure("households", households)
        _figure("members", members)
        _figure("visits", visits)
        _figure("changes", summary.applied)
        _figure("rows", rows)
        size_mb = bundle.stat().st_size / 1e6
        if households == 30_000:
            _figure("bundle_mb_30k", size_mb)
        _figure("bundle_mb", size_mb)
        _figure("export_s", export_s)
        _figure("import_s", import_s)
        _figure("import_cpu_s", import_cpu_s)
        _figure("apply_s", apply_s)
        _figure("apply_rows_per_s", rows / apply_s)
        _figure("bare_upsert_s", bare_s)
        _figure("bare_upsert_rows_per_s", rows / bare_s)
        _figure("merge_vs_upsert_ratio", apply_s / bare_s)
        _figure("import_vs_upsert_ratio", import_s / bare_s)
        _figure("ratio", import_s / bare_s)  # the name for the same figure
        _figure("rows_with_log", rows_with_log)
        _figure("bare_upsert_with_log_s", bare_log_s)
        _figure("merge_vs_upsert_with_log_ratio", apply_s / bare_log_s)
        _figure("ratio_with_log", import_s / bare_log_s)  # issue 23: against what an import must write
        _figure("read_s", read_s)
        # What any import must at least do: read the bundle and write its rows and log entries.
        _figure("floor_ratio", (read_s + bare_log_s) / bare_s)
        _figure("bare_upsert_large_cache_s", bare_cache_s)
        _figure("ratio_large_cache", import_s / bare_cache_s)
        if not args.no_postgres:
            _postgres_figures(county_path, bundle, full_location=directory / "county-import.db")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
