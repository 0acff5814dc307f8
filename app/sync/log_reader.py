"""Reading the change log: what this device knows, what a peer has not seen yet, rows' history.

An insert's entry stores no values while its row is unchanged since (app/store/insert_values.py);
every reader here gives such entries their values back from the row, so callers see whole entries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import compress

import orjson
import sqlcipher3
from sqlalchemy import func, select
from sqlmodel import Session

from app.store.batches import chunks
from app.store.driver import driver_cursor
from app.store.insert_values import insert_value_columns, insert_values
from app.store.models import ChangeLog
from app.sync.columns import ENTRY_FIELDS, Entry
from app.sync.payload import RowColumns


def version_vector(session: Session) -> dict[str, int]:
    """The highest sequence number known from each device."""
    return dict(session.execute(select(ChangeLog.device_id, func.max(ChangeLog.seq))
                                .group_by(ChangeLog.device_id)).all())


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


def changes_since(session: Session, vector: dict[str, int],
                  tables: Iterable[str] | None = None,
                  progress: Callable[[int, int], None] | None = None, fill: bool = True) -> list[Entry]:
    """Every logged change the holder of ``vector`` has not seen, oldest stamp first.

    ``progress(done, total)`` counts the origin devices read. With ``fill`` false, insert entries
    stored without values keep ``fields`` None: the caller fills them (``fill_insert_fields``).
    """
    wanted = set(tables) if tables is not None else None
    sqlite_file = session.get_bind().dialect.name == "sqlite"
    entries: list[Entry] = []
    devices = version_vector(session)
    for done, (device_id, top) in enumerate(devices.items(), start=1):
        after = vector.get(device_id, 0)
        if top > after and sqlite_file:
            entries.extend(_read_sqlite(session, device_id, after, wanted))
        elif top > after:
            query = select(*(getattr(ChangeLog, name) for name in ENTRY_FIELDS)).where(
                ChangeLog.device_id == device_id, ChangeLog.seq > after)
            if wanted is not None:
                query = query.where(ChangeLog.table_name.in_(wanted))
            entries.extend(dict(zip(ENTRY_FIELDS, row, strict=True))
                           for row in session.connection().execute(query))
        if progress is not None:
            progress(done, len(devices))
    if fill:
        fill_insert_fields(session, entries)
    entries.sort(key=lambda e: e["hlc"])
    return entries


def _read_sqlite(session: Session, device_id: str, after: int, wanted: set[str] | None) -> list[Entry]:
    # Half a million entries for a township bundle: read them as stored, without the ORM's per-row
    # work. SQLite writes each column as one JSON array (in C, without Python's lock) and orjson
    # reads it: no tuple per entry. Then the stored fields' JSON of all of them is decoded in one call.
    cursor = driver_cursor(session)
    try:
        cursor.execute(f"SELECT {', '.join(f'CAST(json_group_array({name}) AS BLOB)' for name in _STORED)} "
                       "FROM changelog WHERE device_id = ? AND seq > ?", (device_id, after))
        columns = [orjson.loads(text) for text in cursor.fetchone()]
    except (sqlcipher3.Error, orjson.JSONDecodeError):  # a value JSON cannot hold: the driver's rows
        cursor.execute(f"SELECT {', '.join(_STORED)} FROM changelog WHERE device_id = ? AND seq > ?",
                       (device_id, after))
        rows = cursor.fetchall()
        columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in _STORED]
    if wanted is not None:
        keep = list(map(wanted.__contains__, columns[2]))
        columns = [list(compress(column, keep)) for column in columns]
    seqs, stamps, tables, row_ids, ops, stored_fields, seen, users = columns
    fields = json.loads("[" + ",".join("null" if text is None else text for text in stored_fields) + "]")
    seen = [json.loads(text) if text is not None and text != "null" else None for text in seen]
    return [{"device_id": device_id, "seq": seq, "hlc": stamp, "table_name": table_name, "row_id": row_id,
             "op": op, "fields": values, "seen": saw, "user_name": user}
            for seq, stamp, table_name, row_id, op, values, saw, user in zip(
                seqs, stamps, tables, row_ids, ops, fields, seen, users, strict=True)]


# What a log row stores besides its device (which the query names), in ENTRY_FIELDS's order.
_STORED = ENTRY_FIELDS[1:]


def log_entries(session: Session, table_name: str, row_ids: Iterable[str]) -> list[Entry]:
    """Every logged change of these rows of one table, with insert fields filled in."""
    history: list[Entry] = []
    columns = [getattr(ChangeLog, name) for name in ENTRY_FIELDS]
    for chunk in chunks(row_ids):
        history.extend(dict(zip(ENTRY_FIELDS, row, strict=True)) for row in session.execute(
            select(*columns).where(ChangeLog.table_name == table_name, ChangeLog.row_id.in_(chunk))))
    fill_insert_fields(session, history)
    return history


def fill_insert_fields(session: Session, entries: list[Entry]) -> None:
    """Give every insert entry stored without fields the values of its row (in place)."""
    waiting: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry["fields"] is None:
            waiting[entry["table_name"]].append(entry)
    for table_name, table_entries in waiting.items():
        found = insert_values(session, table_name, (entry["row_id"] for entry in table_entries))
        for entry in table_entries:
            fields = found.get(entry["row_id"])
            if fields is None:
                # Rows are never deleted (tombstones), so a log entry without its row is a broken
                # database, not something to pass on as an empty insert.
                raise LookupError(f"change log entry {entry['device_id']}/{entry['seq']} names "
                                  f"a missing {table_name} row {entry['row_id']}")
            entry["fields"] = fields


def waiting_row_ids(table_entries: list[Entry]) -> list[str] | None:
    """The row ids of the entries of one table stored without fields, in their order; None when
    none waits, or when a row id repeats (one row inserted by two devices: filled entry by entry)."""
    row_ids = [entry["row_id"] for entry in table_entries if entry["fields"] is None]
    return row_ids if row_ids and len(set(row_ids)) == len(row_ids) else None


def insert_field_columns(session: Session, table_entries: list[Entry],
                         stored_texts: list[bytes] | None = None) -> RowColumns | None:
    """The fields of the entries of one table stored without them, by column (positions in
    ``table_entries``): what ``fill_insert_fields`` would give them, without a dict per entry (the
    export's layout, app/sync/payload.py). None when no entry waits for its fields.
    ``stored_texts``: the rows of ``waiting_row_ids`` already read (insert_values.stored_column_texts)."""
    row_ids = waiting_row_ids(table_entries)
    if row_ids is None:
        fill_insert_fields(session, table_entries)  # nothing waits, or a row inserted twice
        return None
    found = insert_value_columns(session, table_entries[0]["table_name"], row_ids, stored_texts)
    if len(row_ids) == len(table_entries):  # every entry waits (a first bundle): the places are the same
        return found
    waiting = [position for position, entry in enumerate(table_entries) if entry["fields"] is None]
    return {field: (list(map(waiting.__getitem__, at)), values) for field, (at, values) in found.items()}
