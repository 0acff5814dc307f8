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
from functools import cache
from itertools import compress, repeat
from operator import gt, ne
from typing import Any

import orjson
import sqlcipher3
from sqlalchemy import JSON, Numeric, and_, bindparam, select, update
from sqlmodel import Session

from app.store.batches import chunks
from app.store.codec import decimal_text, json_text, table_codecs, to_json_value
from app.store.driver import driver_cursor
from app.store.model_columns import NO_DEFAULT, column_defaults, column_names
from app.store.models import SYNCED_BY_NAME, ChangeLog


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
    return _recorded(rows, _generic_plan(table_name, session.get_bind().dialect.name))


# Beyond this many rows, reading the whole table in storage order is faster than looking each up.
_SCAN_FROM = 5_000


def _sqlite_values(session: Session, table_name: str, names: tuple[str, ...],
                   wanted: set[str]) -> dict[str, dict[str, Any]]:
    rows = _sqlite_rows(session, table_name, names, wanted)
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


def _sqlite_rows(session: Session, table_name: str, names: tuple[str, ...], wanted: set[str]) -> list[Any]:
    """(id, *names) of the wanted rows, as stored."""
    listed = ", ".join(f'"{name}"' for name in names)
    cursor = driver_cursor(session)
    if len(wanted) > _SCAN_FROM:
        cursor.execute(f'SELECT id, {listed} FROM "{table_name}"')
        return [row for row in cursor.fetchall() if row[0] in wanted]
    cursor.execute(f'SELECT id, {listed} FROM "{table_name}" WHERE id IN (SELECT value FROM json_each(?))',
                   (json_text(sorted(wanted)),))
    return cursor.fetchall()


def insert_value_columns(session: Session, table_name: str, row_ids: list[str],
                         stored_texts: list[bytes] | None = None) -> dict[str, tuple[list[int], list[Any]]]:
    """``insert_values`` by column, for a bundle laid out by column (app/sync/payload.py): for each
    field, the indexes in ``row_ids`` of the rows that record it (ascending) and its values there.
    Every column is converted whole rather than row by row. ``row_ids`` must not repeat; a row id
    without its row raises LookupError. On SQLite, ``stored_texts`` is what ``stored_column_texts``
    gave for these rows, if the caller had it read beforehand (the export reads it in a thread)."""
    model = SYNCED_BY_NAME[table_name]
    names = column_names(model)
    index_of = {row_id: index for index, row_id in enumerate(row_ids)}
    if len(index_of) != len(row_ids):
        raise ValueError("insert_value_columns: row ids repeat")
    if not row_ids:
        return {}
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        if stored_texts is None:
            stored_texts = stored_column_texts(driver_cursor(session), table_name, set(index_of))
        found = _from_stored_texts(table_name, stored_texts, index_of) if stored_texts is not None else None
        if found is not None:
            return found
        # What SQLite cannot write as JSON (a blob, an infinite float): the driver's rows.
        read_columns = _transposed(_sqlite_rows(session, table_name, names, set(index_of)), len(names) + 1)
        plan = _sqlite_plan(table_name)
    else:
        table = model.__table__  # type: ignore[attr-defined]
        selected = [table.c.id, *(table.c[name] for name in names)]
        read_columns = _transposed([tuple(row) for chunk in chunks(row_ids)
                                    for row in session.execute(select(*selected).where(table.c.id.in_(chunk)))],
                                   len(names) + 1)
        plan = _generic_plan(table_name, dialect)
    if len(read_columns[0]) != len(row_ids):
        _refuse_missing(table_name, index_of, read_columns[0])
    places = list(map(index_of.__getitem__, read_columns[0]))
    if any(map(gt, places, places[1:])):  # rows come in storage order: put them in ``row_ids``'s
        order = sorted(range(len(places)), key=places.__getitem__)
        read_columns = [list(map(column.__getitem__, order)) for column in read_columns]
    columns: dict[str, tuple[list[int], list[Any]]] = {}
    # Filtering and picking run in C (map, compress): a township's export passes 9 million values here.
    for column, stored in zip(plan, read_columns[1:], strict=True):
        stored_default = column[2]
        if stored_default is _ABSENT:  # a required column: recorded in every row
            kept, picked = list(range(len(stored))), list(stored)
        else:
            kept = list(compress(range(len(stored)), map(ne, stored, repeat(stored_default))))
            picked = list(map(stored.__getitem__, kept))
        _record_column(columns, column, kept, picked)
    return columns


def _record_column(columns: dict[str, tuple[list[int], list[Any]]], column: _PlannedColumn,
                   kept: list[int], picked: list[Any]) -> None:
    """Put in ``columns`` the values of one column that its insert records: ``picked`` (stored
    values other than the stored default, at positions ``kept``), in JSON form, but the default."""
    name, read, stored_default, default, is_json = column
    if is_json:  # every JSON text of the column decoded in one call
        decoded = iter(json.loads("[" + ",".join(str(value) for value in picked if value is not None) + "]"))
        values = [None if value is None else next(decoded) for value in picked]
    elif read is None:
        if picked and (default is stored_default or default == stored_default):
            columns[name] = (kept, picked)  # stored as its JSON form: no value kept is the default
            return
        values = picked
    else:
        values = [None if value is None else read(value) for value in picked]
    recorded = list(map(ne, values, repeat(default)))
    if any(recorded):
        columns[name] = (list(compress(kept, recorded)), list(compress(values, recorded)))


def _refuse_missing(table_name: str, index_of: dict[str, int], found: list[str]) -> None:
    missing = set(index_of) - set(found)
    raise LookupError(f"{table_name} rows {sorted(missing)[:3]} are missing")


def _transposed(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows as columns (``width`` of them, even without rows)."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def stored_column_texts(cursor: Any, table_name: str, wanted: set[str]) -> list[bytes] | None:
    """The rows ``wanted`` of a table, as SQLite writes them in JSON (json_group_array): the rowids
    and ids of all of them, then per column the rowids and values of the rows whose value is not
    the column's stored default (every value, for a required column). None where SQLite cannot
    write a value as JSON (a blob).

    SQLite does the reading, the filtering and the writing in C, with Python's lock released (so a
    second thread can run it while the first encodes), and orjson then makes a Python object only
    per recorded value: no tuple per row and nothing for the half of a township's values that are
    defaults. Floats come back as the same doubles (SQLite writes 17 significant digits)."""
    arrays = [_json_array("rowid"), _json_array("id")]
    parameters: list[Any] = []
    for name, _read, stored_default, _default, _is_json in _sqlite_plan(table_name):
        if stored_default is _ABSENT:
            arrays.append(_json_array(f'"{name}"'))
        else:
            # IS NOT tells a stored value from the stored default as Python's != does: numbers
            # compare as numbers, text as text, and the column's affinity has already made numbers
            # of numeric text; what passes is compared with the default again once converted.
            arrays += [_json_array("rowid", f'"{name}" IS NOT ?'), _json_array(f'"{name}"', f'"{name}" IS NOT ?')]
            parameters += [stored_default, stored_default]
    query = f'SELECT {", ".join(arrays)} FROM "{table_name}"'
    if len(wanted) <= _SCAN_FROM:  # a few rows: looked up; more: the whole table, in storage order
        query += " WHERE id IN (SELECT value FROM json_each(?))"
        parameters.append(json_text(sorted(wanted)))
    try:
        cursor.execute(query, parameters)
        return list(cursor.fetchone())
    except sqlcipher3.Error:
        return None


def _json_array(expression: str, where: str | None = None) -> str:
    """The SQL of one column's JSON array, as bytes (no text decoding: orjson reads UTF-8)."""
    kept = "" if where is None else f" FILTER (WHERE {where})"
    return f"CAST(json_group_array({expression}){kept} AS BLOB)"


def _from_stored_texts(table_name: str, texts: list[bytes],
                       index_of: dict[str, int]) -> dict[str, tuple[list[int], list[Any]]] | None:
    """``insert_value_columns`` from ``stored_column_texts``; None where orjson cannot read them
    (an infinite float, which SQLite writes as 9.0e+999)."""
    try:
        arrays = [orjson.loads(text) for text in texts]
    except orjson.JSONDecodeError:
        return None
    rowids, ids = arrays[0], arrays[1]
    places = list(map(index_of.get, ids))  # None: a row of the table not asked for
    every = None not in places
    if (len(ids) if every else len(places) - places.count(None)) != len(index_of):
        _refuse_missing(table_name, index_of, ids)
    position_of = dict(zip(rowids, places, strict=True))
    ordered = every and not any(map(gt, places, places[1:]))
    columns: dict[str, tuple[list[int], list[Any]]] = {}
    at = 2
    for column in _sqlite_plan(table_name):
        if column[2] is _ABSENT:
            kept_rowids, picked = rowids, arrays[at]
            at += 1
        else:
            kept_rowids, picked = arrays[at], arrays[at + 1]
            at += 2
        kept = list(map(position_of.__getitem__, kept_rowids))
        if not every:  # leave out the rows not asked for
            asked = [place is not None for place in kept]
            kept, picked = list(compress(kept, asked)), list(compress(picked, asked))
        if not ordered:  # storage order is not ``row_ids``'s
            order = sorted(range(len(kept)), key=kept.__getitem__)
            kept, picked = list(map(kept.__getitem__, order)), list(map(picked.__getitem__, order))
        _record_column(columns, column, kept, picked)
    return columns


def _recorded(rows: Iterable[Any], plan: _Plan,
              pending: list[tuple[dict[str, Any], str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Each row's fields as its insert records them; JSON texts go to ``pending`` to decode."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        fields: dict[str, Any] = {}
        for (name, read, stored_default, default, is_json), stored in zip(plan, row[1:], strict=True):
            if stored == stored_default:  # most columns of most rows: no conversion needed
                continue
            if is_json and stored is not None and pending is not None:
                pending.append((fields, name, stored))
                continue
            value = stored if read is None or stored is None else read(stored)
            if value != default:
                fields[name] = value
        found[row[0]] = fields
    return found


# Per column: (name, stored form → JSON form or None, the default as stored, the default's JSON
# form, whether it is a JSON column); a required column has _ABSENT for both defaults, so it is
# always recorded. The conversions are the storage codec's (app/store/codec.py).
_PlannedColumn = tuple[str, Callable[[Any], Any] | None, Any, Any, bool]
_Plan = tuple[_PlannedColumn, ...]
_ABSENT = object()


@cache
def _sqlite_plan(table_name: str) -> _Plan:
    defaults, required = _json_defaults(table_name)
    model = SYNCED_BY_NAME[table_name]
    python_defaults = column_defaults(model)
    plan = []
    for name, codec in table_codecs(model, "sqlite").items():
        if name in required:
            plan.append((name, codec.read, _ABSENT, _ABSENT, codec.is_json))
            continue
        python_default = python_defaults[name]
        stored = python_default if codec.bind is None or python_default is None else codec.bind(python_default)
        plan.append((name, codec.read, stored, defaults[name], codec.is_json))
    return tuple(plan)


@cache
def _generic_plan(table_name: str, dialect_name: str) -> _Plan:
    """The plan for rows read through SQLAlchemy (its result processing gives Python values)."""
    defaults, required = _json_defaults(table_name)
    codecs = table_codecs(SYNCED_BY_NAME[table_name], dialect_name)
    return tuple((name, codec.read or to_json_value, _ABSENT, _ABSENT if name in required else defaults[name],
                  False) for name, codec in codecs.items())


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
    return ({name: decimal_text(value) if name in numeric and value is not None else to_json_value(value)
             for name, value in defaults.items() if value is not NO_DEFAULT},
            frozenset(name for name, value in defaults.items() if value is NO_DEFAULT))


@cache
def _numeric_columns(table_name: str) -> frozenset[str]:
    table = SYNCED_BY_NAME[table_name].__table__  # type: ignore[attr-defined]
    return frozenset(column.name for column in table.columns if isinstance(column.type, Numeric))
