"""Applying changes made on other devices (docs/sync.md).

Per field, the value with the newer clock stamp wins, so replicas converge whatever order changes
arrive in. When two edits of a field did not see each other, the losing value is kept as a
Conflict for a person to resolve. An entry already in the log (same origin device and sequence)
is skipped, so importing twice, late or out of order is harmless.

A bundle holds hundreds of thousands of entries, so the merge works in bulk: the log and the rows
a batch touches are read with a few range queries, the merge itself runs on plain values in
memory, and inserts, updates and log entries are written with one executemany per table.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Numeric,
    bindparam,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlmodel import Session

from app.store.changelog import NO_DEFAULT, column_defaults, column_names
from app.store.database import Database
from app.store.models import SYNCED_TABLES, ChangeLog, Conflict, SyncedModel
from app.store.values import to_json_value

TABLES: dict[str, type[SyncedModel]] = {m.__tablename__: m for m in SYNCED_TABLES}  # type: ignore[misc]
ENTRY_FIELDS = ("device_id", "seq", "hlc", "table_name", "row_id", "op", "fields", "seen",
                "user_name")
_CHUNK = 500  # ids per IN (...) query
_SQLITE = sqlite.dialect()

Entry = dict[str, Any]


@dataclass
class MergeResult:
    applied: int = 0
    already_known: int = 0
    conflicts: int = 0
    quarantined: list[tuple[Entry, str]] = field(default_factory=list)
    # Rows an applied change touched, per table: where rules that span rows are checked again.
    touched: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def version_vector(session: Session) -> dict[str, int]:
    """The highest sequence number known from each device."""
    return dict(session.execute(select(ChangeLog.device_id, func.max(ChangeLog.seq))
                                .group_by(ChangeLog.device_id)).all())


def changes_since(session: Session, vector: dict[str, int],
                  tables: Iterable[str] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> list[Entry]:
    """Every logged change the holder of ``vector`` has not seen, oldest stamp first.

    ``progress(done, total)`` counts the origin devices read.
    """
    wanted = set(tables) if tables is not None else None
    sqlite_file = session.get_bind().dialect.name == "sqlite"
    columns = [getattr(ChangeLog, name) for name in ENTRY_FIELDS]
    entries: list[Entry] = []
    devices = version_vector(session)
    for done, (device_id, top) in enumerate(devices.items(), start=1):
        after = vector.get(device_id, 0)
        if top > after and sqlite_file:
            # Half a million entries for a township bundle: read them as stored, without the
            # ORM's per-row work, and decode the JSON of all of them in one call.
            cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(f"SELECT {', '.join(ENTRY_FIELDS)} FROM changelog WHERE device_id = ? AND seq > ?",
                           (device_id, after))
            rows = [row for row in cursor.fetchall() if wanted is None or row[3] in wanted]
            fields = json.loads("[" + ",".join(row[6] for row in rows) + "]")
            entries.extend(
                {"device_id": row[0], "seq": row[1], "hlc": row[2], "table_name": row[3],
                 "row_id": row[4], "op": row[5], "fields": values,
                 "seen": json.loads(row[7]) if row[7] is not None and row[7] != "null" else None,
                 "user_name": row[8]}
                for row, values in zip(rows, fields, strict=True))
        elif top > after:
            query = select(*columns).where(ChangeLog.device_id == device_id, ChangeLog.seq > after)
            if wanted is not None:
                query = query.where(ChangeLog.table_name.in_(wanted))
            entries.extend(dict(zip(ENTRY_FIELDS, row, strict=True))
                           for row in session.connection().execute(query))
        if progress is not None:
            progress(done, len(devices))
    entries.sort(key=lambda e: e["hlc"])
    return entries


def apply_changes(db: Database, entries: Iterable[Entry],
                  after: Callable[[Session, MergeResult], None] | None = None) -> MergeResult:
    """Apply changes from elsewhere in one transaction: all of them, or none if anything fails.

    ``after(session, result)`` runs inside the same transaction once the changes are written, so
    what an import records about them (quarantine, rule conflicts, receipts) commits with them.
    """
    result = MergeResult()
    ordered = sorted(entries, key=lambda e: e["hlc"])
    with without_gc(), db.merging() as session, _large_cache(session, len(ordered)):
        fresh = _unknown(session, ordered, result)
        merger = _Merger(session, result, fresh)
        for entry in fresh:
            problem = merger.apply(entry)
            if problem:
                result.quarantined.append((entry, problem))
            else:
                result.applied += 1
        merger.write()
        if merger.newest:
            db.clock.observe(merger.newest)
        if after is not None:
            after(session, result)
    return result


@contextmanager
def without_gc() -> Iterator[None]:
    """Half a million entries become dicts that all live until the end: the cyclic garbage
    collector would walk them again and again for nothing (they hold no cycles)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# A township bundle writes some 500 MB of pages (rows, log, indexes) in one transaction. With the
# usual 64 MiB page cache, SQLite spills dirty index pages to the WAL and reads them back again
# and again; a larger cache for the length of a large merge keeps them (it is only allocated as
# pages are used, and given back after). docs/sync.md, bundle size and speed.
LARGE_MERGE, LARGE_CACHE_KIB = 50_000, 256 * 1024


@contextmanager
def _large_cache(session: Session, entries: int) -> Iterator[None]:
    if entries < LARGE_MERGE or session.get_bind().dialect.name != "sqlite":
        yield
        return
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    usual = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(usual)}")


def known_keys(session: Session, entries: list[Entry]) -> set[tuple[str, int]]:
    """(origin device, seq) of the entries that are already in the log: one range query per
    origin device."""
    by_device: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        by_device[entry["device_id"]].append(entry["seq"])
    known: set[tuple[str, int]] = set()
    for device_id, seqs in by_device.items():
        known.update((device_id, seq) for seq in session.scalars(select(ChangeLog.seq).where(
            ChangeLog.device_id == device_id, ChangeLog.seq.between(min(seqs), max(seqs)))))
    return known


def _unknown(session: Session, entries: list[Entry], result: MergeResult) -> list[Entry]:
    """The entries not in the log yet (nor repeated within the batch), in the given order."""
    known = known_keys(session, entries)
    fresh = []
    for entry in entries:
        key = (entry["device_id"], entry["seq"])
        if key in known:
            result.already_known += 1
        else:
            known.add(key)
            fresh.append(entry)
    return fresh


@dataclass(frozen=True)
class _Table:
    """What the merge needs to know of one synchronised table, worked out once."""

    model: type[SyncedModel]
    columns: tuple[str, ...]  # the synchronised columns, without the bookkeeping ones
    decoders: dict[str, Callable[[Any], Any] | None]  # JSON form → Python value; None: as is
    encoders: dict[str, Callable[[Any], Any] | None]  # JSON form → SQLite storage; None: as is
    defaults: dict[str, Any]  # JSON form
    stored_defaults: dict[str, Any]  # SQLite storage form
    required: frozenset[str]


_DECODERS: dict[type, Callable[[Any], Any]] = {date: date.fromisoformat,
                                               datetime: datetime.fromisoformat,
                                               Decimal: Decimal}
# Compact JSON with Chinese kept as UTF-8, as app.store.values.dumps writes it; the C encoder is
# made once here because json.dumps builds a new one on every call, which costs more than encoding.
_JSON_ENCODER = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
    None, json.JSONEncoder().default, json.encoder.encode_basestring,  # type: ignore[attr-defined]
    None, ":", ",", False, False, True)


def _json_text(value: Any) -> str:
    return "".join(_JSON_ENCODER(value, 0))


def _to_float(raw: Any) -> float | None:
    return None if raw is None else float(raw)


@cache
def _table(name: str) -> _Table | None:
    model = TABLES.get(name)
    if model is None:
        return None
    columns = inspect(model).columns
    names = column_names(model)
    decoders: dict[str, Callable[[Any], Any] | None] = {}
    encoders: dict[str, Callable[[Any], Any] | None] = {}
    for column in names:
        column_type = columns[column].type
        try:
            python_type = column_type.python_type
        except NotImplementedError:  # JSON and other types without one keep the JSON value
            python_type = None
        decoders[column] = _DECODERS.get(python_type) if python_type else None
        encoders[column] = _storage_encoder(column_type, decoders[column])
    defaults = {k: to_json_value(v) for k, v in column_defaults(model).items() if v is not NO_DEFAULT}
    stored = {k: v if encoders[k] is None else encoders[k](v)  # type: ignore[misc]
              for k, v in defaults.items()}
    return _Table(model, names, decoders, encoders, defaults, stored,
                  frozenset(names) - frozenset(defaults))


def _storage_encoder(column_type: Any, decoder: Callable[[Any], Any] | None
                     ) -> Callable[[Any], Any] | None:
    """How SQLite stores a column's JSON-form value, as SQLAlchemy itself would write it.

    Text, numbers, booleans and dates (ISO text) are stored as they travel; JSON columns as compact
    JSON text; decimals as floats (SQLAlchemy's Numeric on SQLite). Anything else goes through
    the column type's own bind processor.
    """
    if isinstance(column_type, JSON):
        return _json_text
    if isinstance(column_type, Numeric):
        return _to_float
    if isinstance(column_type, Boolean) or (isinstance(column_type, Date)
                                            and not isinstance(column_type, DateTime)) or (
            decoder is None and column_type._cached_bind_processor(_SQLITE) is None):
        return None
    processor = column_type._cached_bind_processor(_SQLITE)
    return lambda raw: None if raw is None else processor(decoder(raw) if decoder else raw)


def required_fields(table_name: str) -> frozenset[str]:
    """The fields a new row of the table must be given (they have no default)."""
    table = _table(table_name)
    return table.required if table is not None else frozenset()


def python_value(table_name: str, name: str, raw: Any) -> Any:
    """A field's value as it travels (JSON form) as the Python value its column holds."""
    table = _table(table_name)
    if table is None or name not in table.decoders:
        return raw
    return _decode(table, name, raw)


def _decode(table: _Table, name: str, raw: Any) -> Any:
    decoder = table.decoders[name]
    return raw if decoder is None or raw is None else decoder(raw)


_UNKNOWN = object()


def _base_stamp(name: str, incoming: Entry, current: Entry | None) -> str:
    """The stamp of the value two concurrent edits of ``name`` diverged from.

    Each side's author saw some value (its ``seen`` stamp) and changed it. Histories run forward
    from older stamps, so the older of the two values seen is the one both sides have in common:
    that is the base. A side whose seen stamp is unknown (an insert, or a change not in the log
    here) leaves the other side's; neither known: "" (no base).
    """
    stamps = [stamp for stamp in ((incoming.get("seen") or {}).get(name),
                                  ((current or {}).get("seen") or {}).get(name)) if stamp]
    return min(stamps) if stamps else ""


def _value_at(table: _Table, history: dict[str, Entry], stamp: str, name: str) -> Any:
    """The field's value (JSON form) as the change stamped ``stamp`` left it, or _UNKNOWN."""
    entry = history.get(stamp)
    if entry is None:
        return _UNKNOWN
    if name in entry["fields"]:
        return entry["fields"][name]
    return table.defaults.get(name) if entry["op"] == "insert" else _UNKNOWN


class _Row:
    """A row's clock stamps and the values this batch gives it (JSON form), without an ORM object."""

    __slots__ = ("created", "dirty", "new", "stamps", "updated", "values")

    def __init__(self, created: str, updated: str, stamps: dict[str, str] | None,
                 values: dict[str, Any], new: bool) -> None:
        self.created, self.updated = created, updated
        self.stamps = dict(stamps or {})
        self.values = values
        self.new, self.dirty = new, False

    def stamp_of(self, name: str) -> str:
        return self.stamps.get(name, self.created)


class _Merger:
    def __init__(self, session: Session, result: MergeResult, entries: list[Entry]) -> None:
        self.session, self.result = session, result
        self.log: list[Entry] = []
        self.newest = ""
        # (table, row, field, stamp) of values that a change in this batch was made on top of.
        self.seen_in_batch = {(e["table_name"], e["row_id"], name, stamp)
                              for e in entries if e.get("seen")
                              for name, stamp in e["seen"].items()}
        self.rows: dict[tuple[str, str], _Row] = {}
        self.entries = entries
        self._histories: dict[tuple[str, str], dict[str, Entry]] = {}
        self._batch_by_row: dict[tuple[str, str], list[Entry]] | None = None
        self._load(entries)

    def _load(self, entries: list[Entry]) -> None:
        ids: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            if entry["table_name"] in TABLES:
                ids[entry["table_name"]].add(entry["row_id"])
        sqlite_file = self.session.get_bind().dialect.name == "sqlite"
        for name, row_ids in ids.items():
            model = TABLES[name]
            wanted = sorted(row_ids)
            if sqlite_file:
                # One statement per table: SQLite probes the id index for every id in C.
                found = self.session.connection().exec_driver_sql(
                    f'SELECT id, created_hlc, updated_hlc, field_stamps FROM "{name}" '
                    "WHERE id IN (SELECT value FROM json_each(?))", (_json_text(wanted),))
                for row_id, created, updated, stamps in found:
                    self.rows[(name, row_id)] = _Row(created, updated,
                                                     json.loads(stamps) if stamps else None, {},
                                                     new=False)
                continue
            for start in range(0, len(wanted), _CHUNK):
                for row_id, created, updated, stamps in self.session.execute(
                        select(model.id, model.created_hlc, model.updated_hlc, model.field_stamps)
                        .where(model.id.in_(wanted[start:start + _CHUNK]))):
                    self.rows[(name, row_id)] = _Row(created, updated, stamps, {}, new=False)

    def apply(self, entry: Entry) -> str | None:
        table = _table(entry["table_name"])
        if table is None:
            return f"未知的数据表“{entry['table_name']}”"
        row = self.rows.get((entry["table_name"], entry["row_id"]))
        if row is None:
            if entry["op"] != "insert":
                return "要修改的记录在本机不存在"
            problem = self._insert(table, entry)
            if problem:
                return problem
        else:
            self._merge_fields(table, row, entry)
        self.log.append(entry)
        self.result.touched[entry["table_name"]].add(entry["row_id"])
        if entry["hlc"] > self.newest:
            self.newest = entry["hlc"]
        return None

    def _insert(self, table: _Table, entry: Entry) -> str | None:
        fields = entry["fields"]
        if not table.required <= fields.keys():
            missing = sorted(table.required - fields.keys())
            return f"新记录缺少必填字段“{missing[0]}”"
        # Only the given fields: the others keep their defaults, already in storage form.
        self.rows[(entry["table_name"], entry["row_id"])] = _Row(
            entry["hlc"], entry["hlc"], None, dict(fields), new=True)
        return None

    def _merge_fields(self, table: _Table, row: _Row, entry: Entry) -> None:
        incoming = entry["hlc"]
        seen: dict[str, str] = entry.get("seen") or {}
        for name, raw in entry["fields"].items():
            if name not in table.decoders:
                continue  # a field from a newer schema: kept in the log, not applicable here
            current_stamp = row.stamp_of(name)
            if incoming == current_stamp:
                continue
            incoming_wins = incoming > current_stamp
            if seen.get(name) != current_stamp:
                self._maybe_conflict(table, row, entry, name, current_stamp, incoming_wins)
            if incoming_wins:
                row.values[name] = raw
                row.stamps[name] = incoming
        row.updated = max(row.updated, incoming)
        row.dirty = True

    def _maybe_conflict(self, table: _Table, row: _Row, entry: Entry, name: str,
                        current_stamp: str, incoming_wins: bool) -> None:
        """The edit did not see the current value: a conflict, unless the values agree or a
        change already here was made on top of this one."""
        new = _decode(table, name, entry["fields"][name])
        current = self._value(table, row, entry, name)
        incoming = entry["hlc"]
        if new == current or (entry["table_name"], entry["row_id"], name,
                              incoming) in self.seen_in_batch or self._superseded(entry, name):
            return
        history = self._history(entry["table_name"], entry["row_id"])
        current_entry = history.get(current_stamp)
        current_user = current_entry["user_name"] if current_entry else ""
        base_stamp = _base_stamp(name, entry, current_entry)
        base_value = _value_at(table, history, base_stamp, name) if base_stamp else None
        if base_value is _UNKNOWN:
            base_stamp, base_value = "", None
        winner, loser = ((new, incoming, entry["user_name"]),
                         (current, current_stamp, current_user)) if incoming_wins else (
            (current, current_stamp, current_user), (new, incoming, entry["user_name"]))
        self.session.add(Conflict(
            table_name=entry["table_name"], row_id=entry["row_id"], field=name,
            kept_value=to_json_value(winner[0]), kept_stamp=winner[1], kept_user=winner[2],
            other_value=to_json_value(loser[0]), other_stamp=loser[1], other_user=loser[2],
            base_value=base_value, base_stamp=base_stamp, detected_at=datetime.now(UTC)))
        self.result.conflicts += 1

    def _value(self, table: _Table, row: _Row, entry: Entry, name: str) -> Any:
        """The field's current value (as a Python value): this batch's, or the stored one."""
        if name in row.values:
            return _decode(table, name, row.values[name])
        if row.new:
            return _decode(table, name, table.defaults.get(name))
        column = getattr(table.model, name)
        return self.session.scalar(select(column).where(table.model.id == entry["row_id"]))

    def _history(self, table_name: str, row_id: str) -> dict[str, Entry]:
        """Every change known of one row, by stamp: the log's and this batch's (conflicts only)."""
        key = (table_name, row_id)
        cached = self._histories.get(key)
        if cached is not None:
            return cached
        if self._batch_by_row is None:
            self._batch_by_row = defaultdict(list)
            for candidate in self.entries:
                self._batch_by_row[(candidate["table_name"], candidate["row_id"])].append(candidate)
        columns = [getattr(ChangeLog, name) for name in ENTRY_FIELDS]
        history = {row[2]: dict(zip(ENTRY_FIELDS, row, strict=True))
                   for row in self.session.execute(select(*columns).where(
                       ChangeLog.table_name == table_name, ChangeLog.row_id == row_id))}
        history.update((e["hlc"], e) for e in self._batch_by_row.get(key, ()))
        self._histories[key] = history
        return history

    def _superseded(self, entry: Entry, name: str) -> bool:
        """Whether a change already here was made on top of this entry's value.

        Its author saw this value and chose the next one, so the two are not a conflict.
        """
        later = self.session.scalars(select(ChangeLog.seen).where(
            ChangeLog.table_name == entry["table_name"], ChangeLog.row_id == entry["row_id"],
            ChangeLog.hlc > entry["hlc"]))
        return any((seen or {}).get(name) == entry["hlc"] for seen in later)

    def write(self) -> None:
        """Everything the batch decided: one executemany per table and kind of write."""
        inserts: dict[str, list[tuple[str, _Row]]] = defaultdict(list)
        updates: dict[tuple[str, tuple[str, ...]], list[tuple[str, _Row]]] = defaultdict(list)
        for (name, row_id), row in self.rows.items():
            if row.new:
                inserts[name].append((row_id, row))
            elif row.dirty:
                updates[(name, tuple(sorted(row.values)))].append((row_id, row))
        writer = _writer(self.session)
        for model in SYNCED_TABLES:  # parents before children
            name = model.__tablename__  # type: ignore[attr-defined]
            table = _table(name)
            if inserts.get(name) and table is not None:
                writer.insert(table, inserts[name])
        for (name, columns), rows in updates.items():
            table = _table(name)
            assert table is not None
            writer.update(table, columns, rows)
        if self.log:
            writer.log(self.log)


def _writer(session: Session) -> _SqliteWriter | _CoreWriter | Any:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _SqliteWriter(session)
    if dialect == "postgresql":
        from app.sync.pg_writer import PostgresWriter

        return PostgresWriter(session)
    return _CoreWriter(session)


class _SqliteWriter:
    """Writes values as SQLite stores them, through the driver's executemany."""

    def __init__(self, session: Session) -> None:
        self.cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]

    def insert(self, table: _Table, rows: list[tuple[str, _Row]]) -> None:
        names = ", ".join(f'"{name}"' for name in table.columns)
        marks = ", ".join("?" * (len(table.columns) + 4))
        sql = (f'INSERT INTO "{table.model.__tablename__}" '
               f"(id, created_hlc, updated_hlc, field_stamps, {names}) VALUES ({marks})")
        # A new row is its defaults (already in storage form) with the given fields put in place:
        # the work is per given field, not per column.
        template = [None, None, None, None, *(table.stored_defaults.get(n) for n in table.columns)]
        places = {name: (4 + i, table.encoders[name]) for i, name in enumerate(table.columns)}
        # Rows of a table mostly give the same fields: where each goes and how, worked out once
        # per set of fields.
        plans: dict[tuple[str, ...], list[tuple[str, int, Callable[[Any], Any] | None]]] = {}

        def stored(row_id: str, row: _Row) -> list[Any]:
            values = template.copy()
            values[0], values[1], values[2] = row_id, row.created, row.updated
            if row.stamps:
                values[3] = _json_text(row.stamps)
            given = row.values
            key = tuple(given)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = [(name, *places[name]) for name in key if name in places]
            for name, place, encode in plan:
                value = given[name]
                values[place] = value if encode is None else encode(value)
            return values

        self.cursor.executemany(sql, (stored(row_id, row) for row_id, row in rows))

    def update(self, table: _Table, columns: tuple[str, ...], rows: list[tuple[str, _Row]]) -> None:
        encoders = [(name, table.encoders[name]) for name in columns]
        assignments = "".join(f', "{name}" = ?' for name in columns)
        sql = (f'UPDATE "{table.model.__tablename__}" SET updated_hlc = ?, field_stamps = ?'
               f"{assignments} WHERE id = ?")
        self.cursor.executemany(sql, (
            (row.updated, _json_text(row.stamps) if row.stamps else None,
             *[row.values[name] if encode is None else encode(row.values[name])
               for name, encode in encoders], row_id)
            for row_id, row in rows))

    def log(self, entries: list[Entry]) -> None:
        self.cursor.executemany(
            f"INSERT INTO changelog ({', '.join(ENTRY_FIELDS)}) VALUES ({', '.join('?' * 9)})",
            ((e["device_id"], e["seq"], e["hlc"], e["table_name"], e["row_id"], e["op"],
              _json_text(e["fields"]), _json_text(e["seen"]) if e.get("seen") else "null", e["user_name"])
             for e in entries))


class _CoreWriter:
    """The same writes through SQLAlchemy Core, for other databases (PostgreSQL)."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()

    def insert(self, table: _Table, rows: list[tuple[str, _Row]]) -> None:
        self.connection.execute(insert(table.model.__table__), [  # type: ignore[attr-defined]
            {**{name: _decode(table, name, value)
                for name, value in {**table.defaults, **row.values}.items()
                if name in table.decoders},
             "id": row_id, "created_hlc": row.created, "updated_hlc": row.updated,
             "field_stamps": row.stamps or None} for row_id, row in rows])

    def update(self, table: _Table, columns: tuple[str, ...], rows: list[tuple[str, _Row]]) -> None:
        model_table = table.model.__table__  # type: ignore[attr-defined]
        self.connection.execute(update(model_table).where(model_table.c.id == bindparam("b_id")), [
            {**{name: _decode(table, name, row.values[name]) for name in columns},
             "updated_hlc": row.updated, "field_stamps": row.stamps or None, "b_id": row_id}
            for row_id, row in rows])

    def log(self, entries: list[Entry]) -> None:
        self.connection.execute(insert(ChangeLog.__table__),  # type: ignore[attr-defined]
                                [{name: e.get(name) for name in ENTRY_FIELDS} for e in entries])
