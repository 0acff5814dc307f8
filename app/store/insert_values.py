"""An insert's field values, kept by its row instead of the change log while the row is unchanged.

An insert's log entry stores no values (``fields`` NULL) when its row was written from exactly
them: storing them twice was half of what a large import wrote. The row holds them for as long as
it has not changed since (``field_stamps`` empty). The first change of such a row writes the
insert's values into its entry first (``keep_insert_values``), so an entry without values always
means "the row as it is now" and readers rebuild it exactly (``insert_values``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Numeric, and_, bindparam, select, update
from sqlalchemy.dialects import sqlite
from sqlmodel import Session

from app.store.batches import chunks
from app.store.model_columns import NO_DEFAULT, column_defaults, column_names
from app.store.models import SYNCED_BY_NAME, ChangeLog
from app.store.values import to_json_value

_SQLITE = sqlite.dialect()


def insert_values(session: Session, table_name: str, row_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows' values as their insert records them: every field that differs from its column's
    default (required ones always), in JSON form."""
    model = SYNCED_BY_NAME[table_name]
    names = column_names(model)
    wanted = set(row_ids)
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_values(session, table_name, names, wanted)
    table = model.__table__  # type: ignore[attr-defined]
    selected = [table.c.id, *(table.c[name] for name in names)]
    rows = (row for chunk in chunks(wanted)
            for row in session.execute(select(*selected).where(table.c.id.in_(chunk))))
    return _recorded(rows, _generic_plan(table_name))


# Beyond this many rows, reading the whole table in storage order is faster than looking each up.
_SCAN_FROM = 5_000


def _sqlite_values(session: Session, table_name: str, names: tuple[str, ...],
                   wanted: set[str]) -> dict[str, dict[str, Any]]:
    listed = ", ".join(f'"{name}"' for name in names)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    if len(wanted) > _SCAN_FROM:
        cursor.execute(f'SELECT id, {listed} FROM "{table_name}"')
        rows = [row for row in cursor.fetchall() if row[0] in wanted]
    else:
        cursor.execute(f'SELECT id, {listed} FROM "{table_name}" WHERE id IN (SELECT value FROM json_each(?))',
                       (json.dumps(sorted(wanted)),))
        rows = cursor.fetchall()
    pending: list[tuple[dict[str, Any], str, Any]] = []
    found = _recorded(rows, _sqlite_plan(table_name), pending)
    # JSON columns (visit answers, member health …): every text of them decoded in one call.
    decoded = json.loads("[" + ",".join(str(text) for _f, _n, text in pending) + "]")
    defaults, _required = _json_defaults(table_name)
    absent = object()
    for (fields, name, _text), value in zip(pending, decoded, strict=True):
        if value != defaults.get(name, absent):
            fields[name] = value
    return found


def _recorded(rows: Iterable[Any], plan: _Plan,
              pending: list[tuple[dict[str, Any], str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Each row's fields as its insert records them; JSON texts go to ``pending`` to decode."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        fields: dict[str, Any] = {}
        for (name, read, stored_default, default), stored in zip(plan, row[1:], strict=True):
            if stored == stored_default:  # most columns of most rows: no conversion needed
                continue
            if read is _json_text and stored is not None and pending is not None:
                pending.append((fields, name, stored))
                continue
            value = stored if read is None or stored is None else read(stored)
            if value != default:
                fields[name] = value
        found[row[0]] = fields
    return found


# Per column: (name, stored form → JSON form or None, the default as stored, the default's JSON
# form); a required column has _ABSENT for both defaults, so it is always recorded.
_Plan = tuple[tuple[str, Callable[[Any], Any] | None, Any, Any], ...]
_ABSENT = object()


@cache
def _sqlite_plan(table_name: str) -> _Plan:
    defaults, required = _json_defaults(table_name)
    readers = _stored_readers(table_name)
    table = SYNCED_BY_NAME[table_name].__table__  # type: ignore[attr-defined]
    plan = []
    for name in column_names(SYNCED_BY_NAME[table_name]):
        if name in required:
            plan.append((name, readers[name], _ABSENT, _ABSENT))
            continue
        processor = table.c[name].type._cached_bind_processor(_SQLITE)
        python_default = column_defaults(SYNCED_BY_NAME[table_name])[name]
        stored = python_default if processor is None or python_default is None else processor(python_default)
        plan.append((name, readers[name], stored, defaults[name]))
    return tuple(plan)


@cache
def _generic_plan(table_name: str) -> _Plan:
    defaults, required = _json_defaults(table_name)
    numeric = _numeric_columns(table_name)
    return tuple((name, _decimal_text if name in numeric else to_json_value,
                  _ABSENT, _ABSENT if name in required else defaults[name])
                 for name in column_names(SYNCED_BY_NAME[table_name]))


def keep_insert_values(session: Session, table_name: str, row_ids: Iterable[str]) -> int:
    """Before rows unchanged since their insert change: write the insert's values into its entry.

    Call it with the rows as they still are (before the change is written). Returns how many
    entries were given values.
    """
    waiting: list[tuple[str, int, str]] = []
    for chunk in chunks(row_ids):
        waiting.extend(session.execute(select(ChangeLog.device_id, ChangeLog.seq, ChangeLog.row_id).where(
            ChangeLog.table_name == table_name, ChangeLog.op == "insert",
            ChangeLog.fields.is_(None), ChangeLog.row_id.in_(chunk))).all())
    if not waiting:
        return 0
    values = insert_values(session, table_name, (row_id for _d, _s, row_id in waiting))
    log = ChangeLog.__table__  # type: ignore[attr-defined]
    session.connection().execute(
        update(log).where(and_(log.c.device_id == bindparam("b_device"), log.c.seq == bindparam("b_seq")))
        .values(fields=bindparam("b_fields", type_=JSON(none_as_null=True))),
        [{"b_device": device_id, "b_seq": seq, "b_fields": values[row_id]}
         for device_id, seq, row_id in waiting])
    return len(waiting)


@cache
def _json_defaults(table_name: str) -> tuple[dict[str, Any], frozenset[str]]:
    """Each column's default in JSON form, and the columns that have none (always recorded)."""
    defaults = column_defaults(SYNCED_BY_NAME[table_name])
    numeric = _numeric_columns(table_name)
    return ({name: _decimal_text(value) if name in numeric and value is not None else to_json_value(value)
             for name, value in defaults.items() if value is not NO_DEFAULT},
            frozenset(name for name, value in defaults.items() if value is NO_DEFAULT))


@cache
def _stored_readers(table_name: str) -> dict[str, Callable[[Any], Any] | None]:
    """For each column, how a value as SQLite stores it becomes its JSON form (None: as is):
    booleans are stored as 0/1, decimals as numbers, JSON as text, dates as ISO text already;
    anything else through its column type's result processor."""
    table = SYNCED_BY_NAME[table_name].__table__  # type: ignore[attr-defined]
    readers: dict[str, Callable[[Any], Any] | None] = {}
    for name in column_names(SYNCED_BY_NAME[table_name]):
        column_type = table.c[name].type
        if isinstance(column_type, JSON):
            readers[name] = _json_text
        elif isinstance(column_type, Boolean):
            readers[name] = bool
        elif isinstance(column_type, Numeric):
            readers[name] = _decimal_text
        elif isinstance(column_type, Date) and not isinstance(column_type, DateTime):
            readers[name] = None  # stored as its ISO text, which is its JSON form
        else:
            processor = column_type._cached_result_processor(_SQLITE, None)
            readers[name] = None if processor is None else (lambda raw, p=processor: to_json_value(p(raw)))
    return readers


def _json_text(stored: str | int | float) -> Any:
    """A JSON column's stored value (insert_values decodes a whole table's at once instead). A
    column declared JSON has numeric affinity in SQLite: a JSON number comes back as a number."""
    return stored if isinstance(stored, int | float) else json.loads(stored)



def _decimal_text(stored: int | float | Decimal) -> str:
    """A decimal as the same text on every database: fixed point, no trailing zeros after the
    point (SQLite keeps 80.5 as a float, PostgreSQL as 80.50; both are "80.5")."""
    if isinstance(stored, float):
        stored = Decimal(repr(stored))
    text = format(Decimal(stored), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@cache
def _numeric_columns(table_name: str) -> frozenset[str]:
    table = SYNCED_BY_NAME[table_name].__table__  # type: ignore[attr-defined]
    return frozenset(column.name for column in table.columns if isinstance(column.type, Numeric))
