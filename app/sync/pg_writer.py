"""The merge's writes on PostgreSQL: bulk COPY into staging tables, then one statement per table.

A county center on PostgreSQL merges bundles of tens of thousands of households. Row-by-row
statements would cost one round trip each; COPY streams a table's rows in one go, and the
set-based statements after it let the server do the rest:

- new rows: ``INSERT … SELECT … ON CONFLICT (id) DO NOTHING`` — the merge already decided these
  rows are new, and the conflict clause keeps a repeated write harmless;
- changed rows: ``UPDATE … FROM`` the staged values;
- change-log entries: ``INSERT … ON CONFLICT (device_id, seq) DO NOTHING``.

Values arrive in their JSON form (ISO dates, numbers, text), which PostgreSQL's text COPY format
parses itself; how each column is written (JSON columns as JSON text) is the storage codec's
(app/store/codec.py, ``ColumnCodec.store``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlmodel import Session

from app.store.codec import json_text, table_codecs
from app.sync.columns import ENTRY_FIELDS, Entry, Table
from app.sync.row_state import NewRow
from app.sync.row_state import RowState as _Row


class PostgresWriter:
    def __init__(self, session: Session) -> None:
        self.connection = session.connection().connection.driver_connection  # type: ignore[union-attr]
        self._staged = 0

    def insert(self, table: Table, rows: list[NewRow]) -> None:
        name = table.model.__tablename__  # type: ignore[attr-defined]
        columns = ("id", "created_hlc", "updated_hlc", "field_stamps", *table.columns)
        stores = _stores(table)
        defaults = [_stored(stores[column], table.defaults.get(column)) for column in table.columns]
        places = {column: (4 + i, stores[column]) for i, column in enumerate(table.columns)}

        def values(row_id: str, created: str, updated: str, stamps: dict[str, str] | None,
                   given: dict[str, Any]) -> list[Any]:
            line = [row_id, created, updated, json_text(stamps) if stamps else None, *defaults]
            for column, value in given.items():
                place = places.get(column)
                if place is not None:
                    line[place[0]] = _stored(place[1], value)
            return line

        stage = self._stage(name, columns, (values(*row) for row in rows))
        listed = _listed(columns)
        self._execute(f'INSERT INTO "{name}" ({listed}) SELECT {listed} FROM {stage} ON CONFLICT (id) DO NOTHING')

    def update(self, table: Table, columns: tuple[str, ...], rows: list[tuple[str, _Row]]) -> None:
        name = table.model.__tablename__  # type: ignore[attr-defined]
        stores = _stores(table)
        staged_columns = ("id", "updated_hlc", "field_stamps", *columns)
        stage = self._stage(name, staged_columns, (
            [row_id, row.updated, json_text(row.stamps) if row.stamps else None,
             *(_stored(stores[column], row.values[column]) for column in columns)]
            for row_id, row in rows))
        assignments = ", ".join(f'"{column}" = s."{column}"' for column in staged_columns[1:])
        self._execute(f'UPDATE "{name}" AS t SET {assignments} FROM {stage} AS s WHERE t.id = s.id')

    def log(self, entries: list[Entry], from_row: set[tuple[str, int]]) -> None:
        stage = self._stage("changelog", ENTRY_FIELDS, (
            [e["device_id"], e["seq"], e["hlc"], e["table_name"], e["row_id"], e["op"],
             None if (e["device_id"], e["seq"]) in from_row else json_text(e["fields"]),
             json_text(e["seen"]) if e.get("seen") else "null", e["user_name"]]
            for e in entries))
        listed = _listed(ENTRY_FIELDS)
        self._execute(f"INSERT INTO changelog ({listed}) SELECT {listed} FROM {stage} "
                      "ON CONFLICT (device_id, seq) DO NOTHING")

    def _stage(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
        """COPY ``rows`` into a temporary table shaped like ``table``'s ``columns``; returns its name."""
        self._staged += 1
        stage = f"merge_stage_{self._staged}"
        listed = _listed(columns)
        with self.connection.cursor() as cursor:
            cursor.execute(f'CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS SELECT {listed} FROM "{table}" '
                           "WITH NO DATA")
            with cursor.copy(f"COPY {stage} ({listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return stage

    def _execute(self, statement: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(statement)


def _listed(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def _stores(table: Table) -> dict[str, Callable[[Any], Any] | None]:
    return {column: codec.store for column, codec in table_codecs(table.model, "postgresql").items()}


def _stored(store: Callable[[Any], Any] | None, value: Any) -> Any:
    # JSON columns hold JSON text, a JSON null included, as SQLAlchemy's JSON type writes them.
    return value if store is None else store(value)
