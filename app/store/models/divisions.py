from sqlmodel import Field

from app.store.models.base import SyncedModel


class Division(SyncedModel, table=True):
    """A statistical division; ``id`` is its 12-digit code."""

    name: str = Field(max_length=64)
    level: str = Field(max_length=16)
    parent_code: str | None = Field(default=None, max_length=12, index=True)
