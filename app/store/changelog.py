"""Records every write to a synchronised row as a change, inside the same flush.

Services never write the log themselves: a ``before_flush`` hook sees every new, changed or
tombstoned row of a recording session, stamps it with the device clock and appends a ChangeLog
entry, so no write path can forget to feed sync and the audit trail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.store.codec import to_json_value
from app.store.insert_values import keep_insert_values
from app.store.model_columns import column_names
from app.store.models import ChangeLog, SyncedModel


@dataclass(frozen=True)
class Actor:
    """Who is writing: every change and audit event is attributed to an actor."""

    user_name: str
    role: str
    division_code: str


class ChangeRecorder:
    """Hands out stamps and per-device sequence numbers to one write transaction."""

    def __init__(self, device_id: str, next_seq: int, clock: Any, actor: Actor) -> None:
        self.device_id = device_id
        self.next_seq = next_seq
        self.clock = clock
        self.actor = actor
        self.recorded = 0

    def values(self, table: str, row_id: str, op: str, fields: dict[str, Any] | None,
               seen: dict[str, str] | None, stamp: str) -> dict[str, Any]:
        """The column values of the next change-log entry (plain, for bulk inserts)."""
        seq = self.next_seq
        self.next_seq += 1
        self.recorded += 1
        return {"device_id": self.device_id, "seq": seq, "hlc": stamp, "table_name": table,
                "row_id": row_id, "op": op, "fields": fields, "seen": seen,
                "user_name": self.actor.user_name}

    def entry(self, table: str, row_id: str, op: str, fields: dict[str, Any] | None,
              seen: dict[str, str] | None, stamp: str) -> ChangeLog:
        return ChangeLog(**self.values(table, row_id, op, fields, seen, stamp))


def record_flush(session: Session, _context: Any, _instances: Any) -> None:
    recorder: ChangeRecorder | None = session.info.get("recorder")
    synced_new = [o for o in session.new if isinstance(o, SyncedModel)]
    synced_dirty = [o for o in session.dirty if isinstance(o, SyncedModel)]
    if any(isinstance(o, SyncedModel) for o in session.deleted):
        raise RuntimeError("synchronised rows are tombstoned (deleted=True), never deleted")
    if session.info.get("merging"):
        return
    if recorder is None:
        if synced_new or any(session.is_modified(o) for o in synced_dirty):
            raise RuntimeError("synchronised rows may only be written in a write session")
        return
    for obj in synced_new:
        stamp = recorder.clock.now()
        obj.created_hlc = obj.updated_hlc = stamp
        obj.field_stamps = None
        # The row holds the insert's values: the log does not store them twice (app/sync/log_reader.py).
        session.add(recorder.entry(obj.__tablename__, obj.id, "insert", None, None, stamp))
    changes = [(obj, changed) for obj in synced_dirty if (changed := _changed_fields(obj))]
    first_changes: dict[str, list[str]] = defaultdict(list)
    for obj, _changed in changes:
        if not obj.field_stamps:
            first_changes[obj.__tablename__].append(obj.id)
    for table, row_ids in first_changes.items():
        # The first change since the insert: its values leave the rows, so their entries keep them.
        keep_insert_values(session, table, row_ids)
    for obj, changed in changes:
        _record_update(session, recorder, obj, changed)


def _changed_fields(obj: SyncedModel) -> dict[str, Any]:
    """The fields this flush gives a new value (JSON form)."""
    state = inspect(obj)
    changed: dict[str, Any] = {}
    for name in column_names(type(obj)):
        history = state.attrs[name].history
        if history.has_changes() and history.added and history.added[0] != (
                history.deleted[0] if history.deleted else object()):
            changed[name] = to_json_value(getattr(obj, name))
    return changed


def _record_update(session: Session, recorder: ChangeRecorder, obj: SyncedModel,
                   changed: dict[str, Any]) -> None:
    stamp = recorder.clock.now()
    seen = {name: obj.stamp_of(name) for name in changed}
    obj.field_stamps = {**(obj.field_stamps or {}), **dict.fromkeys(changed, stamp)}
    obj.updated_hlc = stamp
    op = "delete" if changed.get("deleted") is True else "update"
    session.add(recorder.entry(obj.__tablename__, obj.id, op, changed, seen, stamp))
