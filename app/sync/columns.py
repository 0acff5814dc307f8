"""What sync needs to know of each synchronised table's columns, worked out once per table.

A change carries field values in their JSON form (app.store.values.to_json_value); the merge turns
them into what SQLite stores (app/store/insert_values.py does the reverse for the log readers).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Numeric, inspect
from sqlalchemy.dialects import sqlite

from app.store.model_columns import NO_DEFAULT, column_defaults, column_names
from app.store.models import SYNCED_BY_NAME, SyncedModel
from app.store.values import to_json_value

TABLES = SYNCED_BY_NAME
ENTRY_FIELDS = ("device_id", "seq", "hlc", "table_name", "row_id", "op", "fields", "seen",
                "user_name")
_SQLITE = sqlite.dialect()

Entry = dict[str, Any]


@dataclass(frozen=True)
class Table:
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


def json_text(value: Any) -> str:
    return "".join(_JSON_ENCODER(value, 0))


def _to_float(raw: Any) -> float | None:
    return None if raw is None else float(raw)


@cache
def table_info(name: str) -> Table | None:
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
    return Table(model, names, decoders, encoders, defaults, stored,
                  frozenset(names) - frozenset(defaults))


def _storage_encoder(column_type: Any, decoder: Callable[[Any], Any] | None
                     ) -> Callable[[Any], Any] | None:
    """How SQLite stores a column's JSON-form value, as SQLAlchemy itself would write it.

    Text, numbers, booleans and dates (ISO text) are stored as they travel; JSON columns as compact
    JSON text; decimals as floats (SQLAlchemy's Numeric on SQLite). Anything else goes through
    the column type's own bind processor.
    """
    if isinstance(column_type, JSON):
        return json_text
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
    table = table_info(table_name)
    return table.required if table is not None else frozenset()


def python_value(table_name: str, name: str, raw: Any) -> Any:
    """A field's value as it travels (JSON form) as the Python value its column holds."""
    table = table_info(table_name)
    if table is None or name not in table.decoders:
        return raw
    return decode(table, name, raw)


def decode(table: Table, name: str, raw: Any) -> Any:
    decoder = table.decoders[name]
    return raw if decoder is None or raw is None else decoder(raw)


