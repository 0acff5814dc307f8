"""Changes that would leave a row without the row it belongs to are held back with it.

When a new case is quarantined (a worker's bundle carrying a case it had no right to approve, say),
its steps must not arrive on their own: a step of a case this database does not have is an orphan,
which PostgreSQL's foreign keys refuse and SQLite would keep silently. Every change naming a parent
row (a household, a case, an assistance person) that neither exists here nor arrives in the same
bundle is quarantined too, with the reason; it can be released after the parent is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.store.batches import among
from app.store.models import SYNCED_BY_NAME

Entry = dict[str, Any]

PARENT_LABELS = {"household": "农户", "monitoringcase": "监测案例", "assistanceperson": "帮扶责任人"}
# table → [(column, parent table)] for every foreign key of a synchronised table
FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    name: [(key.parent.name, key.column.table.name) for key in model.__table__.foreign_keys]  # type: ignore[attr-defined]
    for name, model in SYNCED_BY_NAME.items()
}


def hold_orphans(session: Session, allowed: list[Entry], refused: list[tuple[Entry, str]]
                 ) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """Move the changes whose parent row will not exist out of ``allowed`` into ``refused``."""
    inserting: dict[str, set[str]] = defaultdict(set)
    for entry in allowed:
        if entry["op"] == "insert":
            inserting[entry["table_name"]].add(entry["row_id"])
    outside_batch: dict[str, set[str]] = defaultdict(set)
    with_parents: dict[str, list[Entry]] = defaultdict(list)  # entries of tables that have parents
    for entry in allowed:
        keys = FOREIGN_KEYS.get(entry["table_name"])
        if keys:
            with_parents[entry["table_name"]].append(entry)
            fields = entry["fields"]
            for column, parent in keys:
                value = fields.get(column)
                if value and value not in inserting[parent]:
                    outside_batch[parent].add(value)
    # Parents neither here nor arriving; a held insert joins them, so its own children are held too.
    absent = {parent: ids - _existing(session, parent, ids) for parent, ids in outside_batch.items()}
    held: dict[int, str] = {}
    for table in SYNCED_BY_NAME:  # parents before children: a step whose case is itself held is held too
        # The parents some of whose rows are absent (a row of the table itself may become absent).
        keys = [(column, parent) for column, parent in FOREIGN_KEYS.get(table, ())
                if absent.get(parent) or parent == table]
        for entry in with_parents.get(table, ()) if keys else ():
            for column, parent in keys:
                value = entry["fields"].get(column)
                if value and value in absent.get(parent, ()):
                    held[id(entry)] = (f"所属的{PARENT_LABELS.get(parent, parent)}记录（{value[:8]}）"
                                       "不在本机，也未随本包被接收")
                    if entry["op"] == "insert":
                        absent.setdefault(table, set()).add(entry["row_id"])
                    break
    if not held:
        return allowed, refused
    return ([e for e in allowed if id(e) not in held],
            [*refused, *((e, held[id(e)]) for e in allowed if id(e) in held)])


def _existing(session: Session, table: str, ids: Iterable[str]) -> set[str]:
    model = SYNCED_BY_NAME[table]
    found: set[str] = set()
    for listed in among(session, model.id, ids):
        found.update(session.scalars(select(model.id).where(listed)))
    return found
