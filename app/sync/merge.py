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

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from app.garbage import fewer_collections
from app.store.batches import among, sqlite_rows_among
from app.store.bulk import sql_literal
from app.store.codec import to_json_value
from app.store.database import Database
from app.store.driver import driver_cursor
from app.store.hlc import HybridClock
from app.store.insert_values import keep_insert_values
from app.store.models import SYNCED_TABLES, ChangeLog, Conflict
from app.store.write_cache import large_write_cache
from app.sync.columns import ENTRY_FIELDS, TABLES, Entry, Table, decode, json_text, table_info
from app.sync.log_reader import known_keys, log_entries
from app.sync.pg_writer import PostgresWriter
from app.sync.row_state import NewRow
from app.sync.row_state import RowState as _Row

_LOG_KEY = itemgetter("device_id", "seq")  # an entry's key in the change log


@dataclass
class MergeResult:
    applied: int = 0
    already_known: int = 0
    conflicts: int = 0
    quarantined: list[tuple[Entry, str]] = field(default_factory=list)
    # Rows an applied change touched, per table: where rules that span rows are checked again.
    touched: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # The household each row this batch created belongs to, as written (table → row → household;
    # rows it changes again are left out): the import's upkeep needs no query to find them (a
    # first bundle creates half a million rows).
    new_row_households: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))


def apply_changes(db: Database, entries: Iterable[Entry]) -> MergeResult:
    """Apply changes from elsewhere in a transaction of their own: all of them, or none.

    A bundle's import does not come through here: its pipeline (app/sync/importing.py) checks the
    entries and calls :func:`merge` inside the use case's one unit of work.
    """
    with fewer_collections(), db.merging() as session:
        return merge(session, entries, db.clock)


def merge(session: Session, entries: Iterable[Entry], clock: HybridClock, bulk: bool = True,
          known: set[tuple[str, int]] | None = None) -> MergeResult:
    """Merge changes from elsewhere into ``session``'s transaction, keeping their own stamps and
    log entries (written directly, never through the change-log hook of a local write), and let
    ``clock`` observe the newest stamp so later local edits come after them.

    ``bulk``: a new row that no other change of the batch touches is written straight from its
    insert entry; without it every new row is first made a _Row, as a row changed again in the
    same batch is (the per-entry path; tests compare the two).

    ``known``: the (device, seq) of the entries already in the log, when the caller has read them
    in this transaction (the import's screen has)."""
    result = MergeResult()
    ordered = sorted(entries, key=itemgetter("hlc"))
    with large_write_cache(session, len(ordered)):
        fresh = _unknown(ordered, result, known_keys(session, ordered) if known is None else set(known))
        merger = _Merger(session, result, fresh, bulk)
        merger.apply(fresh)
        merger.write()
        if merger.newest:
            clock.observe(merger.newest)
    return result


def _unknown(entries: list[Entry], result: MergeResult, known: set[tuple[str, int]]) -> list[Entry]:
    """The entries not in the log yet (``known`` holds those that are) nor repeated within the
    batch, in the given order."""
    if not known and len(set(map(_LOG_KEY, entries))) == len(entries):
        return entries  # a first bundle: none known, none repeated
    fresh = []
    for entry in entries:
        key = (entry["device_id"], entry["seq"])
        if key in known:
            result.already_known += 1
        else:
            known.add(key)
            fresh.append(entry)
    return fresh


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


def _value_at(table: Table, history: dict[str, Entry], stamp: str, name: str) -> Any:
    """The field's value (JSON form) as the change stamped ``stamp`` left it, or _UNKNOWN."""
    entry = history.get(stamp)
    if entry is None:
        return _UNKNOWN
    if name in entry["fields"]:
        return entry["fields"][name]
    return table.defaults.get(name) if entry["op"] == "insert" else _UNKNOWN


class _Merger:
    def __init__(self, session: Session, result: MergeResult, entries: list[Entry], bulk: bool = True) -> None:
        self.session, self.result, self.bulk = session, result, bulk
        self.log: list[Entry] = []
        # The insert entry each new row is made from, by row: while nothing else in the batch
        # changes the row, the log keeps the entry without values (app/store/insert_values.py).
        self.created_by: dict[tuple[str, str], tuple[str, int]] = {}
        self.newest = ""
        # (table, row, field, stamp) of values that a change in this batch was made on top of.
        self.seen_in_batch = {(e["table_name"], e["row_id"], name, stamp)
                              for e in entries if e.get("seen")
                              for name, stamp in e["seen"].items()}
        self.rows: dict[tuple[str, str], _Row] = {}
        # The rows this batch inserts, in the order of their inserts: while no other change of the
        # batch touches one, it is its insert entry itself (the bulk case: a first bundle is almost
        # all such rows, and nothing needs copying); a second change makes it a _Row in self.rows.
        self.created: dict[tuple[str, str], Entry | _Row] = {}
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
            if sqlite_file:
                # One statement per table: SQLite probes the id index for every id in C.
                found = sqlite_rows_among(
                    self.session, f'SELECT id, created_hlc, updated_hlc, field_stamps FROM "{name}"', row_ids)
                for row_id, created, updated, stamps in found:
                    self.rows[(name, row_id)] = _Row(created, updated,
                                                     json.loads(stamps) if stamps else None, {},
                                                     new=False)
                continue
            for listed in among(self.session, model.id, row_ids):
                for row_id, created, updated, stamps in self.session.execute(
                        select(model.id, model.created_hlc, model.updated_hlc, model.field_stamps)
                        .where(listed)):
                    self.rows[(name, row_id)] = _Row(created, updated, stamps, {}, new=False)

    def apply(self, entries: list[Entry]) -> None:
        """Decide each entry in turn (a new row, a change to a row, or a problem to quarantine);
        one loop with its look-ups held locally: a first bundle is half a million inserts."""
        result, rows, created, log = self.result, self.rows, self.created, self.log
        touched, households = result.touched, result.new_row_households
        newest = self.newest
        for entry in entries:
            name = entry["table_name"]
            table = table_info(name)
            if table is None:
                result.quarantined.append((entry, f"未知的数据表“{name}”"))
                continue
            key = (name, entry["row_id"])
            row = rows.get(key)
            if row is None and (first := created.get(key)) is not None:
                row = self._as_row(key, first)
            if row is not None:
                self._merge_fields(table, row, entry)
            elif entry["op"] != "insert":
                result.quarantined.append((entry, "要修改的记录在本机不存在"))
                continue
            elif not table.required <= (fields := entry["fields"]).keys():
                missing = sorted(table.required - fields.keys())
                result.quarantined.append((entry, f"新记录缺少必填字段“{missing[0]}”"))
                continue
            else:  # a new row: only the given fields; the others keep their defaults
                created[key] = entry
                if not self.bulk:
                    self._as_row(key, entry)
                elif household := fields.get("household_id"):
                    households[name][key[1]] = household
                if fields.keys() <= table.decoders.keys():  # fields of a newer schema stay in the log
                    self.created_by[key] = (entry["device_id"], entry["seq"])
            log.append(entry)
            touched[name].add(key[1])
            if entry["hlc"] > newest:
                newest = entry["hlc"]
        result.applied += len(log)
        self.newest = newest

    def _as_row(self, key: tuple[str, str], insert: Entry) -> _Row:
        """A new row as a _Row, in its place among the batch's new rows: it is changed again
        (perhaps moved to another household, so its household is read back as stored)."""
        self.result.new_row_households[key[0]].pop(key[1], None)
        row = self.rows[key] = self.created[key] = _Row(
            insert["hlc"], insert["hlc"], None, dict(insert["fields"]), new=True)
        return row

    def _merge_fields(self, table: Table, row: _Row, entry: Entry) -> None:
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

    def _maybe_conflict(self, table: Table, row: _Row, entry: Entry, name: str,
                        current_stamp: str, incoming_wins: bool) -> None:
        """The edit did not see the current value: a conflict, unless the values agree or a
        change already here was made on top of this one."""
        new = decode(table, name, entry["fields"][name])
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

    def _value(self, table: Table, row: _Row, entry: Entry, name: str) -> Any:
        """The field's current value (as a Python value): this batch's, or the stored one."""
        if name in row.values:
            return decode(table, name, row.values[name])
        if row.new:
            return decode(table, name, table.defaults.get(name))
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
        logged = log_entries(self.session, table_name, [row_id])
        history = {entry["hlc"]: entry for entry in logged}
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
        inserts: dict[str, list[NewRow]] = defaultdict(list)
        updates: dict[tuple[str, tuple[str, ...]], list[tuple[str, _Row]]] = defaultdict(list)
        first_changes: dict[str, list[str]] = defaultdict(list)
        for (name, row_id), made in self.created.items():
            inserts[name].append((row_id, made["hlc"], made["hlc"], None, made["fields"])
                                 if type(made) is dict else
                                 (row_id, made.created, made.updated, made.stamps or None, made.values))
        for (name, row_id), row in self.rows.items():
            if row.dirty and not row.new:
                updates[(name, tuple(sorted(row.values)))].append((row_id, row))
                if row.pristine and row.stamps:
                    first_changes[name].append(row_id)
        for name, row_ids in first_changes.items():  # before the rows change
            keep_insert_values(self.session, name, row_ids)
        from_row = {entry for key, entry in self.created_by.items()
                    if key not in self.rows or not self.rows[key].stamps}
        writer = _writer(self.session)
        for model in SYNCED_TABLES:  # parents before children
            name = model.__tablename__  # type: ignore[attr-defined]
            table = table_info(name)
            if inserts.get(name) and table is not None:
                writer.insert(table, inserts[name])
        for (name, columns), rows in updates.items():
            table = table_info(name)
            assert table is not None
            writer.update(table, columns, rows)
        if self.log:
            writer.log(self.log, from_row)


def _encoded(values: tuple[Any, ...], encoders: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...] | list[Any]:
    """A row's values in storage form: only the columns that need it are converted."""
    if not encoders:
        return values
    stored = list(values)
    for place, encode in encoders:
        stored[place] = encode(stored[place])
    return stored


def _writer(session: Session) -> _SqliteWriter | _CoreWriter | Any:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _SqliteWriter(session)
    if dialect == "postgresql":
        return PostgresWriter(session)
    return _CoreWriter(session)


class _SqliteWriter:
    """Writes values as SQLite stores them, through the driver's executemany."""

    def __init__(self, session: Session) -> None:
        self.cursor = driver_cursor(session)

    def insert(self, table: Table, rows: list[NewRow]) -> None:
        # Rows of a table mostly give the same fields: one statement per set of given fields, the
        # others written into it as literals of their defaults (binding a parameter costs SQLite
        # about as much as storing it), each row's parameters taken out of its fields in one call.
        shapes: dict[tuple[str, ...], list[NewRow]] = defaultdict(list)
        for row in rows:
            shapes[tuple(row[4])].append(row)
        for given, shaped in shapes.items():
            sql, take, encoders = self._shape(table, given)
            self.cursor.executemany(sql, (
                (row_id, created, updated, json_text(stamps) if stamps else None,
                 *_encoded(take(fields), encoders))
                for row_id, created, updated, stamps, fields in shaped))

    def _shape(self, table: Table, given: tuple[str, ...]
               ) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]], list[tuple[int, Callable[[Any], Any]]]]:
        """The insert of rows giving ``given`` fields: its SQL, how to take their values (in the
        table's column order; fields of a newer schema left out) and which of them to encode."""
        present = set(given)
        known = [name for name in table.columns if name in present]
        values = ", ".join("?" if name in present else sql_literal(table.stored_defaults.get(name))
                           for name in table.columns)
        names = ", ".join(f'"{name}"' for name in table.columns)
        sql = (f'INSERT INTO "{table.model.__tablename__}" '
               f"(id, created_hlc, updated_hlc, field_stamps, {names}) VALUES (?, ?, ?, ?, {values})")
        take = itemgetter(*known) if len(known) > 1 else (
            (lambda fields: (fields[known[0]],)) if known else (lambda _fields: ()))
        encoders = [(i, encode) for i, name in enumerate(known) if (encode := table.encoders[name]) is not None]
        return sql, take, encoders

    def update(self, table: Table, columns: tuple[str, ...], rows: list[tuple[str, _Row]]) -> None:
        encoders = [(name, table.encoders[name]) for name in columns]
        assignments = "".join(f', "{name}" = ?' for name in columns)
        sql = (f'UPDATE "{table.model.__tablename__}" SET updated_hlc = ?, field_stamps = ?'
               f"{assignments} WHERE id = ?")
        self.cursor.executemany(sql, (
            (row.updated, json_text(row.stamps) if row.stamps else None,
             *[row.values[name] if encode is None else encode(row.values[name])
               for name, encode in encoders], row_id)
            for row_id, row in rows))

    def log(self, entries: list[Entry], from_row: set[tuple[str, int]]) -> None:
        self.cursor.executemany(
            f"INSERT INTO changelog ({', '.join(ENTRY_FIELDS)}) VALUES ({', '.join('?' * 9)})",
            ((e["device_id"], e["seq"], e["hlc"], e["table_name"], e["row_id"], e["op"],
              None if (e["device_id"], e["seq"]) in from_row else json_text(e["fields"]),
              json_text(e["seen"]) if e.get("seen") else "null", e["user_name"])
             for e in entries))


class _CoreWriter:
    """The same writes through SQLAlchemy Core, for other databases (PostgreSQL)."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()

    def insert(self, table: Table, rows: list[NewRow]) -> None:
        self.connection.execute(insert(table.model.__table__), [  # type: ignore[attr-defined]
            {**{name: decode(table, name, value)
                for name, value in {**table.defaults, **given}.items()
                if name in table.decoders},
             "id": row_id, "created_hlc": created, "updated_hlc": updated,
             "field_stamps": stamps or None} for row_id, created, updated, stamps, given in rows])

    def update(self, table: Table, columns: tuple[str, ...], rows: list[tuple[str, _Row]]) -> None:
        model_table = table.model.__table__  # type: ignore[attr-defined]
        self.connection.execute(update(model_table).where(model_table.c.id == bindparam("b_id")), [
            {**{name: decode(table, name, row.values[name]) for name in columns},
             "updated_hlc": row.updated, "field_stamps": row.stamps or None, "b_id": row_id}
            for row_id, row in rows])

    def log(self, entries: list[Entry], from_row: set[tuple[str, int]]) -> None:
        self.connection.execute(insert(ChangeLog.__table__), [  # type: ignore[attr-defined]
            {**{name: e.get(name) for name in ENTRY_FIELDS},
             "fields": None if (e["device_id"], e["seq"]) in from_row else e["fields"]}
            for e in entries])
