"""What sync needs to know of each synchronised table's columns, worked out once per table.

A change carries field values in their JSON form; how each column's value is converted to what a
database stores is the storage codec's (app/store/codec.py), which the merge's writers use through
``Table`` (app/store/insert_values.py does the reverse for the log readers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.store.codec import json_text, table_codecs, to_json_value
from app.store.model_columns import NO_DEFAULT, column_defaults, column_names
from app.store.models import SYNCED_BY_NAME, SyncedModel

__all__ = ["ENTRY_FIELDS", "TABLES", "Entry", "Table", "decode", "json_text", "python_value",
           "required_fields", "table_info"]

TABLES = SYNCED_BY_NAME
ENTRY_FIELDS = ("device_id", "seq", "hlc", "table_name", "row_id", "op", "fields", "seen",
                "user_name")

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


@cache
def table_info(name: str) -> Table | None:
    model = TABLES.get(name)
    if model is None:
        return None
    names = column_names(model)
    codecs = table_codecs(model, "sqlite")
    decoders = {column: codecs[column].python for column in names}
    encoders = {column: codecs[column].store for column in names}
    defaults = {k: to_json_value(v) for k, v in column_defaults(model).items() if v is not NO_DEFAULT}
    stored = {k: v if encoders[k] is None else encoders[k](v)  # type: ignore[misc]
              for k, v in defaults.items()}
    return Table(model, names, decoders, encoders, defaults, stored,
                 frozenset(names) - frozenset(defaults))


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
