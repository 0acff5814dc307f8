"""How every column type is written to and read from the databases: the one storage codec.

A synchronised field's value has three forms:

- the *Python value* the ORM holds (``date``, ``Decimal``, ``bool``, a dict for JSON …);
- its *JSON form*, as change-log entries and bundles carry it: ISO dates, decimals as text, JSON
  columns as their JSON value (``to_json_value``; written as text by ``json_text``, the one JSON
  encoding — the engines use it as their JSON serializer, so the ORM writes JSON columns and log
  values with it too);
- its *stored form*, what the database driver is given and gives back. On SQLite a date is its
  ISO text, a decimal a float, a boolean 0/1 and a JSON column compact JSON text; on PostgreSQL
  the driver adapts most values itself.

Each write path converts through a ``ColumnCodec``: the bulk writer (``bind``: Python value →
stored), the merge's writers for SQLite (``store``: JSON form → stored) and PostgreSQL (``store``,
for COPY's text format), and the rebuilding of an insert's values from its row (``read``: stored →
JSON form). What SQLAlchemy itself applies is taken from the column type's public
``dialect_impl(...).bind_processor``/``result_processor``; the common types get equivalent
shortcuts here, because these conversions run for every field of every row of an import or a
merge. ``tests/store/test_codec.py`` checks every column of every synchronised table against
SQLAlchemy's own writing and reading, on both databases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from json import encoder as json_encoder
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Numeric
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from app.store.model_columns import column_names
from app.store.models import SyncedModel

Convert = Callable[[Any], Any]


# json.dumps builds a new encoder on every call, which costs more than encoding a field, so the C
# encoder behind JSONEncoder.encode is made once and reused; the output is the same.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_c_make_encoder = getattr(json_encoder, "c_make_encoder", None)
_encode = (_c_make_encoder(None, _ENCODER.default, json_encoder.encode_basestring, None, ":", ",",
                           False, False, True)
           if _c_make_encoder is not None else lambda value, _level: (_ENCODER.encode(value),))


def json_text(value: Any) -> str:
    """A value as compact JSON text with Chinese kept as UTF-8 (escaping would triple its size on
    disk): the one JSON encoding. A plain function, not a closure: psycopg caches its JSON dumper
    per function and warns about (and leaks) one per call for a closure."""
    return "".join(_encode(value, 0))


_PLAIN = (str, int, float, bool, type(None))


def to_json_value(value: Any) -> Any:
    """A Python value in its JSON form (a decimal as ``str(value)``, a date as ISO text)."""
    if type(value) in _PLAIN:  # the common case, checked first: this runs for every field
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    return value


def decimal_text(value: int | float | Decimal) -> str:
    """A decimal as the same text on every database: fixed point, no trailing zeros after the
    point (SQLite keeps 80.5 as a float, PostgreSQL as 80.50; both are "80.5")."""
    if type(value) is int:  # SQLite keeps a whole amount (1200.0) as an integer
        return str(value)
    if type(value) is float:
        # A float's repr without an exponent is already its shortest fixed-point text: going through
        # Decimal gives the same, five times slower (every amount of an export's rows comes here).
        text = repr(value)
        if "e" not in text and "n" not in text:  # not 1e+16, inf or nan
            return text.rstrip("0").rstrip(".")
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def from_json_value(column_type: TypeEngine[Any], value: Any) -> Any:
    """Back from the JSON form to what a column of ``column_type`` holds."""
    convert = _python_converter(column_type)
    return value if convert is None or value is None else convert(value)


@dataclass(frozen=True, eq=False)
class ColumnCodec:
    """How one column's values are converted on one database. ``None`` means "unchanged".

    ``bind`` and ``store`` take None too; ``python`` and ``read`` are never given None (None is
    None in every form), so callers skip them for it.
    """

    name: str
    is_json: bool
    python: Convert | None  # JSON form → Python value
    bind: Convert | None  # Python value → what the driver is given
    store: Convert | None  # JSON form → what the driver is given
    read: Convert | None  # what the driver gives back → JSON form (decimals as decimal_text)


@cache
def dialect_named(name: str) -> Dialect:
    """The dialect the codec converts for: "sqlite" (also SQLCipher) or "postgresql", with our JSON
    serializer, as the engines have (app/store/engine.py)."""
    if name == "sqlite":
        return sqlite.dialect(json_serializer=json_text)
    # Only a PostgreSQL center needs this: importing it on every start would cost a laptop time and
    # thousands of objects that each full garbage collection of an import walks again.
    from sqlalchemy.dialects.postgresql import psycopg
    return psycopg.dialect(json_serializer=json_text)


@cache
def table_codecs(model: type[SyncedModel], dialect_name: str) -> dict[str, ColumnCodec]:
    """The codec of each synchronised column of ``model`` (bookkeeping columns aside), in table order."""
    columns = model.__table__.columns  # type: ignore[attr-defined]
    return {name: column_codec(name, columns[name].type, dialect_name) for name in column_names(model)}


def column_codec(name: str, column_type: TypeEngine[Any], dialect_name: str) -> ColumnCodec:
    dialect = dialect_named(dialect_name)
    python = _python_converter(column_type)
    impl = column_type.dialect_impl(dialect)
    bind = impl.bind_processor(dialect)
    if dialect_name == "sqlite":
        return ColumnCodec(name, isinstance(column_type, JSON), python, *_sqlite(column_type, impl, bind, python))
    return ColumnCodec(name, isinstance(column_type, JSON), python, bind, *_postgresql(column_type))


def _sqlite(column_type: TypeEngine[Any], impl: TypeEngine[Any], bind: Convert | None,
            python: Convert | None) -> tuple[Convert | None, Convert | None, Convert | None]:
    """(bind, store, read) on SQLite."""
    dialect = dialect_named("sqlite")
    if isinstance(column_type, JSON):
        # SQLAlchemy writes JSON with the engine's serializer (json_text), a None as JSON null
        # unless the column says none_as_null.
        write = _json_or_null if column_type.none_as_null else json_text
        return write, write, _read_json
    if isinstance(column_type, Boolean):
        return bind, None, bool  # SQLite stores True as 1 whether given True or 1
    if isinstance(column_type, Numeric):
        return bind, _to_float, decimal_text  # SQLAlchemy's Numeric binds a float on SQLite
    if isinstance(column_type, Date) and not isinstance(column_type, DateTime):
        return _date_binder(bind), None, None  # stored as its ISO text, which is its JSON form
    result = impl.result_processor(dialect, None)
    read = None if result is None else (lambda raw: to_json_value(result(raw)))
    if bind is None and python is None:
        return None, None, read
    return bind, _composed(python, bind), read


def _postgresql(column_type: TypeEngine[Any]) -> tuple[Convert | None, Convert | None]:
    """(store, read) on PostgreSQL. COPY's text format parses ISO dates and decimal text itself;
    JSON columns take JSON text. The driver gives back decimals, dates and parsed JSON."""
    if isinstance(column_type, JSON):
        return _json_or_null if column_type.none_as_null else json_text, to_json_value
    if isinstance(column_type, Numeric):
        return None, decimal_text
    return None, to_json_value


def _python_converter(column_type: TypeEngine[Any]) -> Convert | None:
    try:
        python_type = column_type.python_type
    except NotImplementedError:  # JSON and other types without one keep the JSON value
        return None
    return _FROM_JSON.get(python_type)


_FROM_JSON: dict[type, Convert] = {date: date.fromisoformat, datetime: datetime.fromisoformat,
                                   Decimal: Decimal}


def _json_or_null(value: Any) -> str | None:
    return None if value is None else json_text(value)


def _read_json(stored: str | int | float) -> Any:
    """A JSON column's stored value. A column declared JSON has numeric affinity in SQLite: a JSON
    number comes back as a number."""
    return stored if isinstance(stored, int | float) else json.loads(stored)


def _to_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _date_binder(general: Convert | None) -> Convert | None:
    if general is None:
        return None

    def bind(value: Any) -> Any:
        # SQLite's DATE stores a date as YYYY-MM-DD, which is date.isoformat (and far cheaper).
        return value.isoformat() if type(value) is date else general(value)
    return bind


def _composed(python: Convert | None, bind: Convert | None) -> Convert:
    def store(value: Any) -> Any:
        if value is None:
            return None
        if python is not None:
            value = python(value)
        return value if bind is None else bind(value)
    return store
