"""Fast inserts of many new rows (demo data, imports) that still stamp and log every row.

The ORM's per-object bookkeeping costs more than SQLite itself at this volume, so rows go in as
plain values with their change-log entries written alongside: the same stamps and sequence
numbers as ``record_flush`` gives an ORM insert, and like it no ``fields`` (the row holds them;
app/sync/log_reader.py), so sync cannot tell the two apart.

On the SQLite/SQLCipher file the statements go straight to the driver cursor: binding one
parameter costs about as much as SQLite's own work for it, so the columns a row leaves at their
default are written into the statement as literals (one prepared statement per set of given
columns) and only the given values are bound. Values are converted by the storage codec
(app/store/codec.py, ``ColumnCodec.bind``), so what is stored is exactly what an ORM insert
stores. Other databases take the same rows through SQLAlchemy's executemany.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from app.store.changelog import ChangeRecorder
from app.store.codec import json_text, table_codecs
from app.store.hlc import Stamp
from app.store.ids import new_id
from app.store.model_columns import NO_DEFAULT, column_defaults
from app.store.models import ChangeLog, SyncedModel

Processor = Callable[[Any], Any] | None
_MAX_COUNTER = 0xFFFF


def bulk_insert(session: Session, model: type[SyncedModel], rows: Iterable[dict[str, Any]]) -> int:
    """Insert new rows of ``model`` in the session's write transaction; returns how many.

    Each row gives some columns by name (``id`` too, when the caller needs it before the insert);
    every other column gets its default, as an ORM insert would.
    """
    recorder: ChangeRecorder | None = session.info.get("recorder")
    if recorder is None:
        raise RuntimeError("bulk_insert needs a write session (Database.write)")
    given = rows if isinstance(rows, list) else list(rows)
    if not given:
        return 0
    session.flush()  # pending ORM changes go first, as they would with session.execute
    connection = session.connection()
    stamps = _stamps(recorder, len(given))
    first_seq = recorder.next_seq
    recorder.next_seq += len(given)
    recorder.recorded += len(given)
    if _through_driver(connection):
        _insert_sqlite(connection, model, given, stamps, first_seq, recorder)
    else:
        _insert_generic(session, model, given, stamps, first_seq, recorder)
    return len(given)


def _through_driver(connection: Any) -> bool:
    """Whether rows go straight to the driver's cursor (the SQLite/SQLCipher file) rather than
    through SQLAlchemy's executemany (PostgreSQL)."""
    return bool(connection.dialect.name == "sqlite")


def _stamps(recorder: ChangeRecorder, count: int) -> list[str]:
    """``count`` consecutive clock stamps, as ``count`` calls of ``clock.now()`` would give them
    (counter first, then the next millisecond); the clock is moved past the last one."""
    first = Stamp.parse(recorder.clock.now())
    start = (first.millis << 16) + first.counter
    node = first.node
    stamps = [f"{value >> 16:012x}{value & _MAX_COUNTER:04x}.{node}" for value in range(start, start + count)]
    recorder.clock.observe(stamps[-1])
    return stamps


@dataclass(frozen=True, eq=False)
class _Column:
    name: str
    default: Any  # the Python default (None for a required column)
    processor: Processor


@dataclass(frozen=True, eq=False)
class _Shape:
    """One set of given columns: the statement and how to build its parameters."""

    sql: str  # SQLite only
    # What runs for every row: the given values in table order (bound after ?1, the stamp, and
    # ?2, the id), as a tuple, and the parameter positions whose values need converting.
    values: Callable[[dict[str, Any]], tuple[Any, ...]]
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]


class _Table:
    """What bulk inserts into one table need, worked out once per database kind."""

    def __init__(self, model: type[SyncedModel], dialect_name: str) -> None:
        self.name: str = model.__tablename__  # type: ignore[assignment]
        defaults = column_defaults(model)
        self.columns = [_Column(name, None if defaults[name] is NO_DEFAULT else defaults[name], codec.bind)
                        for name, codec in table_codecs(model, dialect_name).items()]
        self.by_name = {c.name: c for c in self.columns}
        self.shapes: dict[tuple[str, ...], _Shape] = {}
        self.sqlite = dialect_name == "sqlite"

    def _sql(self, given: set[str]) -> str:
        """The SQLite insert for rows giving these columns: ?1 the stamp, ?2 the id, then the given
        values in table order; every other column its default, as a literal."""
        names = ["id", "created_hlc", "updated_hlc", "field_stamps"]
        values = ["?2", "?1", "?1", sql_literal(json_text(None))]  # field_stamps: JSON null
        bound = 2
        for column in self.columns:
            names.append(column.name)
            if column.name in given:
                bound += 1
                values.append(f"?{bound}")
            else:
                values.append(sql_literal(_processed(column.processor, column.default)))
        return f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join(values)})"

    def shape(self, keys: tuple[str, ...]) -> _Shape:
        shape = self.shapes.get(keys)
        if shape is None:
            unknown = [k for k in keys if k not in self.by_name and k != "id"]
            if unknown:
                raise ValueError(f"{self.name} has no column {unknown[0]!r}")
            given = set(keys)
            bound = [c for c in self.columns if c.name in given]
            names = [c.name for c in bound]
            values = itemgetter(*names) if len(names) > 1 else (lambda row, n=names: tuple(row[k] for k in n))
            shape = _Shape(self._sql(given) if self.sqlite else "",
                           values,
                           tuple((2 + i, c.processor) for i, c in enumerate(bound) if c.processor is not None))
            self.shapes[keys] = shape
        return shape


def _processed(processor: Processor, value: Any) -> Any:
    return value if processor is None else processor(value)


def sql_literal(value: Any) -> str:
    """An SQL literal that SQLite stores exactly as it would store ``value`` bound as a parameter."""
    if value is None:
        return "NULL"
    if type(value) is bool:  # bound, a bool is stored as the integer
        return "1" if value else "0"
    if type(value) is int:
        return str(value)
    if type(value) is float and value == value and abs(value) != float("inf"):
        return repr(value)
    if isinstance(value, str) and "\x00" not in value:
        return "'" + str(value).replace("'", "''") + "'"
    raise TypeError(f"no literal for a default of type {type(value).__name__}")


@lru_cache(maxsize=256)
def _table(model: type[SyncedModel], dialect_name: str) -> _Table:
    return _Table(model, dialect_name)


def _insert_sqlite(connection: Any, model: type[SyncedModel], rows: Sequence[dict[str, Any]],
                   stamps: list[str], first_seq: int, recorder: ChangeRecorder) -> None:
    table = _table(model, connection.dialect.name)
    by_shape: dict[_Shape, list[list[Any]]] = {}
    log: list[tuple[Any, ...]] = []
    seq = first_seq
    for row, stamp in zip(rows, stamps, strict=True):
        keys = tuple(row)
        shape = table.shapes.get(keys) or table.shape(keys)
        row_id = row.get("id") or new_id()
        params = [stamp, row_id, *shape.values(row)]
        for place, processor in shape.converted:
            params[place] = processor(params[place])
        by_shape.setdefault(shape, []).append(params)
        log.append((seq, stamp, row_id))
        seq += 1
    cursor = connection.connection.driver_connection.cursor()
    try:
        for shape, params in by_shape.items():
            cursor.executemany(shape.sql, params)
        cursor.executemany(_log_sql(table.name, recorder), log)
    finally:
        cursor.close()


def _log_sql(table: str, recorder: ChangeRecorder) -> str:
    """The change-log insert: what is the same for every entry of the batch is written as literals
    (``seen`` of an insert is JSON null, as the ORM stores it)."""
    return ("INSERT INTO changelog (device_id, seq, hlc, table_name, row_id, op, fields, seen, user_name) "
            f"VALUES ({sql_literal(recorder.device_id)}, ?1, ?2, {sql_literal(table)}, ?3, 'insert', NULL, "
            f"{sql_literal(json_text(None))}, {sql_literal(recorder.actor.user_name)})")


def _insert_generic(session: Session, model: type[SyncedModel], rows: Sequence[dict[str, Any]],
                    stamps: list[str], first_seq: int, recorder: ChangeRecorder) -> None:
    table = _table(model, session.connection().dialect.name)
    defaults = {c.name: c.default for c in table.columns}
    table_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for offset, (row, stamp) in enumerate(zip(rows, stamps, strict=True)):
        table.shape(tuple(row))  # refuses a column the table does not have
        row_id = row.get("id") or new_id()
        table_rows.append({**defaults, **row, "id": row_id, "created_hlc": stamp, "updated_hlc": stamp,
                           "field_stamps": None})
        changes.append({"device_id": recorder.device_id, "seq": first_seq + offset, "hlc": stamp,
                        "table_name": table.name, "row_id": row_id, "op": "insert",
                        "fields": None, "seen": None, "user_name": recorder.actor.user_name})
    session.execute(insert(model.__table__), table_rows)  # type: ignore[attr-defined]
    session.execute(insert(ChangeLog.__table__), changes)  # type: ignore[attr-defined]
