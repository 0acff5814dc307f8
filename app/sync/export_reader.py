"""The export's payload, with the rows its inserts left to them read ahead in a second thread.

A first bundle's inserts keep their values in their rows (app/store/insert_values.py): the export
reads half a township's database for them. On SQLite that reading is SQLite's own work — pages
decrypted, values filtered and written out as JSON (``stored_column_texts``) — which runs without
Python's lock; so a thread reads the next tables' rows while the exporting thread encodes, and the
exporting thread only turns the texts into columns. The thread uses the export's own connection,
inside the export's transaction: the same snapshot, so nothing committed meanwhile can appear in the
bundle. A lock keeps the connection to one thread at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from typing import Any

from sqlmodel import Session

from app.store.driver import driver_cursor
from app.store.insert_values import stored_column_texts
from app.sync.columns import Entry
from app.sync.log_reader import insert_field_columns, waiting_row_ids
from app.sync.payload import RowColumns, encode_json


def export_pieces(session: Session, entries: list[Entry],
                  extra: dict[str, Any] | None = None) -> Generator[bytes, None, None]:
    """``payload.encode_json(entries, extra)`` for entries read with ``fill=False``: the inserts
    stored without fields take them from their rows, table by table (the same text as filling them
    first)."""
    if session.get_bind().dialect.name != "sqlite":
        yield from encode_json(entries, extra, prepare=lambda table: insert_field_columns(session, table))
        return
    reader = _RowsAhead(session)
    try:
        yield from encode_json(entries, extra, prepare=reader.columns, ahead=reader.start)
    finally:
        reader.close()


class _RowsAhead:
    """Reads each table's waiting rows in a thread, in the order the encoder will ask for them."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._connection = threading.Lock()  # the session's connection: one thread at a time
        self._read: dict[str, threading.Event] = {}
        self._texts: dict[str, list[bytes] | None] = {}
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self, tables: list[list[Entry]]) -> None:
        wanted = [(entries[0]["table_name"], set(row_ids)) for entries in tables
                  if (row_ids := waiting_row_ids(entries)) is not None]
        self._read = {name: threading.Event() for name, _rows in wanted}
        cursor = driver_cursor(self._session)
        self._thread = threading.Thread(target=self._run, args=(cursor, wanted), name="export-row-reader",
                                        daemon=True)
        self._thread.start()

    def columns(self, table_entries: list[Entry]) -> RowColumns | None:
        """``insert_field_columns`` of one table, from the texts read ahead when there are any."""
        name = table_entries[0]["table_name"]
        texts = None
        if name in self._read:
            self._read[name].wait()
            texts = self._texts.pop(name)
        with self._connection:
            return insert_field_columns(self._session, table_entries, texts)

    def close(self) -> None:
        """Stop reading ahead and wait for the thread: the connection is the caller's again."""
        self._stopping = True
        if self._thread is not None:
            self._thread.join()

    def _run(self, cursor: Any, wanted: list[tuple[str, set[str]]]) -> None:
        for name, row_ids in wanted:
            texts = None
            if not self._stopping:
                try:
                    with self._connection:
                        texts = stored_column_texts(cursor, name, row_ids)
                except Exception:  # any failure: the exporting thread reads the table itself
                    texts = None
            self._texts[name] = texts
            self._read[name].set()
