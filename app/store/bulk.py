"""Fast inserts of many new rows (demo data, imports) that still stamp and log every row.

The ORM's per-object bookkeeping costs more than SQLite itself at this volume, so rows go in as
plain dictionaries through executemany, with their change-log entries written alongside.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from app.store.changelog import NO_DEFAULT, ChangeRecorder, column_defaults, insert_fields
from app.store.ids import new_id
from app.store.models import ChangeLog, SyncedModel


def bulk_insert(session: Session, model: type[SyncedModel], rows: Iterable[dict[str, Any]]) -> int:
    """Insert new rows of ``model`` in the session's write transaction; returns how many."""
    recorder: ChangeRecorder | None = session.info.get("recorder")
    if recorder is None:
        raise RuntimeError("bulk_insert needs a write session (Database.write)")
    defaults = {name: (None if value is NO_DEFAULT else value)
                for name, value in column_defaults(model).items()}
    table_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for given in rows:
        row = {**defaults, **given}
        row["id"] = given.get("id") or new_id()
        stamp = recorder.clock.now()
        row["created_hlc"] = row["updated_hlc"] = stamp
        row["field_stamps"] = None
        table_rows.append(row)
        changes.append(recorder.values(model.__tablename__, row["id"], "insert",
                                       insert_fields(model, row), None, stamp))
    if table_rows:
        session.execute(insert(model.__table__), table_rows)  # type: ignore[attr-defined]
        session.execute(insert(ChangeLog.__table__), changes)  # type: ignore[attr-defined]
    return len(table_rows)

