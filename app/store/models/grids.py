from sqlalchemy import JSON
from sqlmodel import Field

from app.store.models.base import SyncedModel


class Grid(SyncedModel, table=True):
    """A 网格: part of a village, with the grid worker(s) who keep it (app/services/grids.py).

    A township station (or the county) draws the grids and names their workers; it travels down
    to the workers like the rest of the village. ``worker_ids`` are User ids, in the order the
    station listed them (the first is the grid's main worker)."""

    village_code: str = Field(max_length=12, index=True)
    name: str = Field(max_length=32)
    worker_ids: list[str] = Field(default_factory=list, sa_type=JSON)


class GridHousehold(SyncedModel, table=True):
    """Which grid a household belongs to. Its id is the household's id, so a household is in
    exactly one grid, and two stations placing it concurrently meet as a field conflict on
    ``grid_id`` rather than as two rows. A household without a row is in no grid yet."""

    __tablename__ = "gridhousehold"

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    grid_id: str = Field(foreign_key="grid.id", index=True, max_length=36)
