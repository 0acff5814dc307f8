"""A row as the merge holds it: its clock stamps and the values a batch gives it.

Shared by the merge (``merge.py``) and its PostgreSQL writer (``pg_writer.py``), so the writer
needs nothing from the merge module that imports it.
"""

from __future__ import annotations

from typing import Any

# A row the batch inserts, as its writer needs it: (id, created stamp, updated stamp, field stamps
# or None, the given values in JSON form).
NewRow = tuple[str, str, str, dict[str, str] | None, dict[str, Any]]


class RowState:
    """A row's clock stamps and the values this batch gives it (JSON form), without an ORM object."""

    __slots__ = ("created", "dirty", "new", "pristine", "stamps", "updated", "values")

    def __init__(self, created: str, updated: str, stamps: dict[str, str] | None,
                 values: dict[str, Any], new: bool) -> None:
        self.created, self.updated = created, updated
        self.stamps = dict(stamps or {})
        self.values = values
        self.new, self.dirty = new, False
        # Stored and unchanged since its insert: its insert's entry may be keeping no values.
        self.pristine = not new and not stamps

    def stamp_of(self, name: str) -> str:
        return self.stamps.get(name, self.created)
