"""Records every write to a synchronised row as a change, inside the same flush.

Services never write the log themselves: a ``before_flush`` hook sees every new, changed or
tombstoned row of a recording session, stamps it with the device clock and appends a ChangeLog
entry, so no write path can forget to feed sync and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.store.models import BOOKKEEPING_FIELDS, ChangeLog, SyncedModel
from app.store.values import to_json_value


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

    def values(self, table: str, row_id: str, op: str, fields: dict[str, Any],
               seen: dict[str, str] | None, stamp: str) -> dict[str, Any]:
        """The column values of the next change-log entry (plain, for bulk inserts)."""
        seq = self.next_seq
        self.next_seq += 1
        self.recorded += 1
        return {"device_id": self.device_id, "seq": seq, "hlc": stamp, "table_name": table,
                "row_id": row_id, "op": op, "fields": fields, "seen": seen,
                "user_name": self.actor.user_name}

    def entry(self, table: str, row_id: str, op: str, fields: dict[str, Any],
              seen: dict[str, str] | None, stamp: str) -> ChangeLog:
        return ChangeLog(**self.values(table, row_id, op, fields, seen, stamp))


NO_DEFAULT = object()


@cache
def column_names(model: type[SyncedModel]) -> tuple[str, ...]:
    return tuple(c.key for c in inspect(model).column_attrs if c.key not in BOOKKEEPING_FIELDS)


@cache
def column_defaults(model: type[SyncedModel]) -> dict[str, Any]:
    """The value a new row gets for each field nobody sets (``NO_DEFAULT`` when required)."""
    defaults: dict[str, Any] = {}
    for name in column_names(model):
        field = model.model_fields[name]
        if field.default_factory is not None:
            defaults[name] = field.default_factory()  # type: ignore[call-arg]
        else:
            defaults[name] = NO_DEFAULT if field.is_required() else field.default
    return defaults


def insert_fields(model: type[SyncedModel], values: dict[str, Any]) -> dict[str, Any]:
    """What an insert records: every value that differs from the column's default.

    Most columns of a new row keep their default; leaving those out halves the change log, and a
    reader rebuilds the row as defaults plus these values.
    """
    defaults = column_defaults(model)
    return {name: to_json_value(values[name]) for name in column_names(model)
            if values[name] != defaults[name] or defaults[name] is NO_DEFAULT}


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
        values = {name: getattr(obj, name) for name in column_names(type(obj))}
        session.add(recorder.entry(obj.__tablename__, obj.id, "insert",
                                   insert_fields(type(obj), values), None, stamp))
    for obj in synced_dirty:
        _record_update(session, recorder, obj)


def _record_update(session: Session, recorder: ChangeRecorder, obj: SyncedModel) -> None:
    state = inspect(obj)
    changed: dict[str, Any] = {}
    for name in column_names(type(obj)):
        history = state.attrs[name].history
        if history.has_changes() and history.added and history.added[0] != (
                history.deleted[0] if history.deleted else object()):
            changed[name] = to_json_value(getattr(obj, name))
    if not changed:
        return
    stamp = recorder.clock.now()
    seen = {name: obj.stamp_of(name) for name in changed}
    obj.field_stamps = {**(obj.field_stamps or {}), **dict.fromkeys(changed, stamp)}
    obj.updated_hlc = stamp
    op = "delete" if changed.get("deleted") is True else "update"
    session.add(recorder.entry(obj.__tablename__, obj.id, op, changed, seen, stamp))
