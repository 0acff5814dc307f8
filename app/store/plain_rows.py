"""The rows of a select of plain columns, for the bulk reads of hundreds of thousands of rows.

A bundle's upkeep reads every member, income and expense of thirty thousand households; SQLAlchemy's
rows cost more than the database to make (a Row and a processor call per value, a JSON column's
text decoded by the json module). On a SQLite file the statement still runs through SQLAlchemy
(the same SQL, parameters and plan, so the same rows in the same order), but its rows are taken
from the driver's cursor and converted a column at a time by SQLAlchemy's own result processors
(compiled code); JSON columns are decoded with orjson. Elsewhere (PostgreSQL, whose
driver makes Python values itself) they are SQLAlchemy's rows. Either way a row is a tuple whose
columns are also attributes, as SQLAlchemy's are.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from contextlib import closing
from functools import lru_cache, partial
from typing import Any

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
    make, converters = _layout(tuple(statement.selected_columns), result.dialect)
    if not raw:
        return []
    if not any(converters):
        return list(map(make, raw))
    columns = list(zip(*raw, strict=True))
    for at, convert in enumerate(converters):
        if convert is not None:
            columns[at] = tuple(map(convert, columns[at]))  # SQLAlchemy's processors take None too
    return list(map(make, zip(*columns, strict=True)))


@lru_cache(maxsize=64)  # a few fixed column lists in practice
def _layout(columns: tuple[Any, ...], dialect: Dialect) -> tuple[Convert, tuple[Convert | None, ...]]:
    """How rows of these columns are made: a named tuple, and each column's conversion."""
    row_type = namedtuple("PlainRow", [column.key for column in columns])  # type: ignore[misc]
    converters = []
    for column in columns:
        impl = column.type.dialect_impl(dialect)
        process = impl.result_processor(dialect, None)
        converters.append(_json_reader(process) if isinstance(column.type, JSON) and process else process)
    # tuple.__new__ itself, not namedtuple's _make (a Python call per row)
    return partial(tuple.__new__, row_type), tuple(converters)


def _json_reader(fallback: Convert) -> Convert:
    """orjson for a JSON column's text (a tenth of json.loads' time); what it refuses (NaN, a
    number SQLite kept as one) goes to SQLAlchemy's own processor, which decides as it always has."""
    def read(stored: Any) -> Any:
        if stored is None:
            return None
        try:
            return orjson.loads(stored)
        except (orjson.JSONDecodeError, TypeError):
            return fallback(stored)
    return read

