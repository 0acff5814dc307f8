"""Columns every synchronised table carries.

A synchronised row never disappears: deleting sets ``deleted`` (a tombstone) so the deletion can
travel to other devices and cannot be undone silently by an older edit arriving later.
Per-field clock stamps live on the row itself so the merge can compare an incoming field with the
current one without reading the change log.
"""

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.store.ids import new_id


class SyncedModel(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_hlc: str = Field(default="", max_length=32)
    updated_hlc: str = Field(default="", max_length=32, index=True)
    # Stamps of fields changed after creation; a field absent here carries ``created_hlc``.
    field_stamps: dict[str, str] | None = Field(default=None, sa_type=JSON)
    deleted: bool = Field(default=False)

    def stamp_of(self, field: str) -> str:
        return (self.field_stamps or {}).get(field, self.created_hlc)


# Columns maintained by the change log itself; they are never part of a recorded change.
BOOKKEEPING_FIELDS = frozenset({"id", "created_hlc", "updated_hlc", "field_stamps"})
