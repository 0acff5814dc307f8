"""The rows of a select of plain columns, for the bulk reads of hundreds of thousands of rows.

A bundle's upkeep reads every member, income and expense of thirty thousand households; SQLAlchemy's
rows cost more than the database to make (a Row and a processor call per value, a JSON column's
text decoded by the json module). On a SQLite file the statement still runs through SQLAlchemy
(the same SQL, parameters and plan, so the same rows in the same order), but its rows are taken
from the driver's cursor and converted by SQLAlchemy's own result processors (compiled code), a
column at a time, or only the few values there are when most are None; JSON columns are decoded
with orjson. Elsewhere (PostgreSQL, whose driver makes Python values itself) they are SQLAlchemy's
rows. Either way a row is a tuple whose columns are also attributes, as SQLAlchemy's are.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Sequence
from contextlib import closing
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any, NamedTuple

import orjson
from sqlalchemy import JSON, Select
from sqlalchemy.engine import Dialect
from sqlmodel import Session

Convert = Callable[[Any], Any]


def plain_rows(session: Session, statement: Select) -> Sequence[Any]:
    """The rows of ``statement`` (plain columns, no ORM entities) in the session's transaction, as
    SQLAlchemy would give them. No autoflush: the caller flushes when it is ready."""
    result = session.connection().execute(statement)
    if result.dialect.name != "sqlite":
        return result.all()
    with closing(result):
        raw = result.cursor.fetchall()
    layout = _layout(tuple(statement.selected_columns), result.dialect)
    if not raw:
        return []
    converting = [(at, convert) for at, convert in enumerate(layout.converters) if convert is not None]
    if not converting:
        return list(map(layout.make, raw))
    if layout.none_stays_none:
        columns = [(at, convert, list(map(itemgetter(at), raw))) for at, convert in converting]
        if sum(len(raw) - column.count(None) for _, _, column in columns) <= SPARSE * len(raw):
            return _patched(raw, layout.make, columns)
    return _transposed(raw, layout.make, converting)


def plain_columns(session: Session, statement: Select) -> list[Sequence[Any]]:
    """The values of each column of ``statement``, column by column, as :func:`plain_rows` would
    give them: for a caller that wants whole columns (a set of ids), not a row object per row."""
    result = session.connection().execute(statement)
    width = len(statement.selected_columns)
    if result.dialect.name != "sqlite":
        rows = result.all()
        return list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]
    with closing(result):
        raw = result.cursor.fetchall()
    if not raw:
        return [() for _ in range(width)]
    converters = _layout(tuple(statement.selected_columns), result.dialect).converters
    return _columns(raw, [(at, convert) for at, convert in enumerate(converters) if convert is not None])


# Converted values are sparse when there are at most SPARSE of them a row (a member's health and the
# day it changed, an income's amount): then only they are patched into their rows, not every row
# turned into columns and back (measured on a bundle's upkeep: cheaper up to about one a row).
SPARSE = 1


def _patched(raw: list[tuple], make: Convert, columns: list[tuple[int, Convert, list[Any]]]) -> list[Any]:
    rows = list(raw)
    for at, convert, column in columns:
        for position, value in enumerate(column):
            if value is not None:
                row = rows[position]
                rows[position] = (*row[:at], convert(value), *row[at + 1:])
    return list(map(make, rows))


def _transposed(raw: list[tuple], make: Convert, converting: list[tuple[int, Convert]]) -> list[Any]:
    return list(map(make, zip(*_columns(raw, converting), strict=True)))


def _columns(raw: list[tuple], converting: list[tuple[int, Convert]]) -> list[Sequence[Any]]:
    columns: list[Sequence[Any]] = list(zip(*raw, strict=True))
    for at, convert in converting:
        columns[at] = tuple(map(convert, columns[at]))  # SQLAlchemy's processors take None too
    return columns


class _Layout(NamedTuple):
    make: Convert  # a raw tuple → the row
    converters: tuple[Convert | None, ...]  # each column's conversion, None where there is none
    none_stays_none: bool  # every conversion keeps None as None: rows with None need none


@lru_cache(maxsize=64)  # a few fixed column lists in practice
def _layout(columns: tuple[Any, ...], dialect: Dialect) -> _Layout:
    """How rows of these columns are made: a named tuple, and each column's conversion."""
    # An unnamed expression's column has no attribute (rename: a position name), as in SQLAlchemy.
    row_type = namedtuple("PlainRow", [str(column.key) for column in columns], rename=True)  # type: ignore[misc]
    converters = []
    for column in columns:
        impl = column.type.dialect_impl(dialect)
        process = impl.result_processor(dialect, None)
        converters.append(_json_reader(process) if isinstance(column.type, JSON) and process else process)
    # tuple.__new__ itself, not namedtuple's _make (a Python call per row)
    return _Layout(partial(tuple.__new__, row_type), tuple(converters),
                   all(_keeps_none(convert) for convert in converters if convert is not None))


def _keeps_none(convert: Convert) -> bool:
    """Whether a conversion gives None for None (SQLAlchemy's own do; a custom type might not)."""
    try:
        return convert(None) is None
    except Exception:  # a conversion that refuses None does not keep it
        return False


# Twenty digits in a row: an integer orjson would read as a float (past 64 bits) may be there.
_LONG_DIGITS = re.compile(r"\d{20}")


def _json_reader(fallback: Convert) -> Convert:
    """orjson for a JSON column's text (a tenth of json.loads' time); what it refuses (NaN, a
    number SQLite kept as one) or would read otherwise (an integer past 64 bits, as a float) goes
    to SQLAlchemy's own processor, which decides as it always has."""
    def read(stored: Any) -> Any:
        if stored is None:
            return None
        if type(stored) is str and _LONG_DIGITS.search(stored):
            return fallback(stored)
        try:
            return orjson.loads(stored)
        except (orjson.JSONDecodeError, TypeError):
            return fallback(stored)
    return read

