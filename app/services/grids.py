"""网格: a village divided into grids, each kept by its grid worker(s), each household in one grid.

A township station (or the county) draws the grids of its villages, names their workers and
places households in them; a grid worker's device only reads them (the sync checks refuse a grid
row from a worker, app/sync/checks.py). The card, the 走访计划 and the workload read a household's
grid workers through ``grid_workers_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import case, func, select
from sqlmodel import Session

from app.domain.divisions import DivisionLevel, is_within, scope_prefix
from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.batches import chunks
from app.store.models import Division, Grid, GridHousehold, Household, MonitoringCase, User

WORKER = Role.WORKER.value
GRID_NAME_LIMIT = 32


@dataclass(frozen=True)
class GridWorker:
    user_id: str
    name: str
    phone: str
    grid_name: str = ""  # filled by grid_workers_of: the grid this worker keeps for the household


@dataclass(frozen=True)
class GridView:
    id: str
    village_code: str
    name: str
    workers: tuple[GridWorker, ...]
    households: int


@dataclass(frozen=True)
class WorkerLoad:
    """One grid worker's share of the work: the households of her grids, and their visits."""

    name: str
    village_code: str
    grids: tuple[str, ...]
    households: int
    monitored: int
    due: int  # next visit falls by ``until``
    overdue: int  # next visit already past today


@dataclass(frozen=True)
class PlacedHousehold:
    """A household of a village as the grid dialog lists it."""

    id: str
    head_name: str
    household_number: str
    group_name: str
    grid_name: str  # "" when in no grid


class GridService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _require_station(self) -> None:
        if self.ctx.role is Role.WORKER:
            raise UserFacingError("网格和网格员由乡镇防贫工作站划分，网格员不能修改。")

    def create(self, village_code: str, name: str, worker_ids: Sequence[str] = ()) -> GridView:
        """A new grid of a village, with its workers (grid workers of that village)."""
        self._require_station()
        name = name.strip()
        if not name:
            raise UserFacingError("请填写网格名称。", field="网格名称")
        if len(name) > GRID_NAME_LIMIT:
            raise UserFacingError(f"网格名称最多 {GRID_NAME_LIMIT} 个字。", field="网格名称")
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            village = require(session, Division, village_code)
            if not is_within(village_code, self.ctx.scope_code):
                raise UserFacingError(f"{village.name}不在本机的工作范围内。", field="所在村")
            if session.scalar(select(func.count()).select_from(Grid).where(
                    Grid.village_code == village_code, Grid.name == name, live(Grid))):
                raise UserFacingError(f"{village.name}已有名为“{name}”的网格。", field="网格名称")
            grid = Grid(village_code=village_code, name=name,
                        worker_ids=_checked_workers(session, village_code, worker_ids))
            session.add(grid)
            uow.audit("划分网格", village=village_code, grid=name)
            grid_id = grid.id
        return self.get(grid_id)

    def set_workers(self, grid_id: str, worker_ids: Sequence[str]) -> GridView:
        """Name the grid's workers (the first is its main worker)."""
        self._require_station()
        with UnitOfWork(self.ctx) as uow:
            grid = require(uow.session, Grid, grid_id)
            grid.worker_ids = _checked_workers(uow.session, grid.village_code, worker_ids)
            uow.audit("调整网格员", grid=grid.name, workers=len(grid.worker_ids))
        return self.get(grid_id)

    def place(self, grid_id: str, household_ids: Iterable[str]) -> int:
        """Put households of the grid's village into the grid (out of any other); returns how many moved."""
        self._require_station()
        with UnitOfWork(self.ctx) as uow:
            grid = require(uow.session, Grid, grid_id)
            moved = place_households(uow.session, grid, household_ids)
            uow.audit("划入网格", grid=grid.name, households=moved)
        return moved

    def workload(self, area_code: str, until: date) -> list[WorkerLoad]:
        """Per grid worker of the area (a village, township or county code), what her grids hold:
        households, monitored ones, visits due by ``until`` and overdue. A grid kept by two workers
        counts for each. Workers in no grid are listed with nothing, so a gap shows."""
        today = self.ctx.today()
        prefix = scope_prefix(area_code)
        with self.ctx.db.read() as session:
            workers = list(session.scalars(select(User).where(
                User.role == WORKER, User.division_code.startswith(prefix), live(User)).order_by(
                User.division_code, User.name)))
            grids = list(session.scalars(select(Grid).where(
                Grid.village_code.startswith(prefix), live(Grid))))
            monitored = select(MonitoringCase.household_id).where(
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712
            per_grid = {row[0]: row[1:] for row in session.execute(
                select(GridHousehold.grid_id, func.count(),
                       func.sum(case((Household.id.in_(monitored), 1), else_=0)),
                       func.sum(case((Household.next_visit_due <= until, 1), else_=0)),
                       func.sum(case((Household.next_visit_due < today, 1), else_=0)))
                .join(Household, Household.id == GridHousehold.household_id)
                .where(GridHousehold.grid_id.in_([g.id for g in grids]), live(GridHousehold), live(Household))
                .group_by(GridHousehold.grid_id))} if grids else {}
        loads = []
        for worker in workers:
            kept = [g for g in grids if worker.id in g.worker_ids]
            totals = [sum(int(per_grid.get(g.id, (0, 0, 0, 0))[k] or 0) for g in kept) for k in range(4)]
            loads.append(WorkerLoad(worker.name, worker.division_code, tuple(sorted(g.name for g in kept)),
                                    *totals))
        return loads

    def villages(self) -> list[tuple[str, str]]:
        """(code, name) of the villages in this device's area, in code order."""
        with self.ctx.db.read() as session:
            return [(code, name) for code, name in session.execute(
                select(Division.id, Division.name).where(
                    Division.level == DivisionLevel.VILLAGE.value,
                    Division.id.startswith(scope_prefix(self.ctx.scope_code)), live(Division))
                .order_by(Division.id)).all()]

    def households_of(self, village_code: str) -> list[PlacedHousehold]:
        """The village's households with the grid each is in, by group and household number."""
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(Household.id, Household.head_name, Household.household_number, Household.group_name,
                       Grid.name)
                .outerjoin(GridHousehold, (GridHousehold.household_id == Household.id) & live(GridHousehold))
                .outerjoin(Grid, (Grid.id == GridHousehold.grid_id) & live(Grid))
                .where(Household.village_code == village_code, live(Household))
                .order_by(Household.group_name, Household.household_number, Household.id)).all()
        return [PlacedHousehold(r[0], r[1], r[2], r[3], r[4] or "") for r in rows]

    def village_workers(self, village_code: str) -> list[GridWorker]:
        with self.ctx.db.read() as session:
            return [GridWorker(u.id, u.name, u.phone) for u in session.scalars(select(User).where(
                User.role == WORKER, User.division_code == village_code, live(User)).order_by(User.name))]

    def named(self, village_code: str, name: str) -> GridView:
        """A grid of the village by its name."""
        found = next((g for g in self.of_village(village_code) if g.name == name.strip()), None)
        if found is None:
            known = "、".join(g.name for g in self.of_village(village_code)) or "（还没有网格）"
            raise UserFacingError(f"村 {village_code} 没有名为“{name}”的网格。现有网格：{known}。", field="网格")
        return found

    def workers_named(self, village_code: str, names: Sequence[str]) -> list[str]:
        """The user ids of the village's grid workers with these names, in this order."""
        with self.ctx.db.read() as session:
            users = {u.name: u.id for u in session.scalars(select(User).where(
                User.role == WORKER, User.division_code == village_code, live(User)))}
        missing = [n for n in names if n not in users]
        if missing:
            known = "、".join(sorted(users)) or "（本村还没有登记网格员）"
            raise UserFacingError(f"本村没有网格员“{'、'.join(missing)}”。本村网格员：{known}。", field="网格员")
        return [users[n] for n in names]

    def get(self, grid_id: str) -> GridView:
        with self.ctx.db.read() as session:
            grid = require(session, Grid, grid_id)
            return _views(session, [grid])[0]

    def of_village(self, village_code: str) -> list[GridView]:
        with self.ctx.db.read() as session:
            grids = list(session.scalars(select(Grid).where(
                Grid.village_code == village_code, live(Grid)).order_by(Grid.name)))
            return _views(session, grids)

    def grid_of(self, household_id: str) -> GridView | None:
        with self.ctx.db.read() as session:
            row = session.get(GridHousehold, household_id)
            if row is None or row.deleted:
                return None
            grid = session.get(Grid, row.grid_id)
            return _views(session, [grid])[0] if grid is not None and not grid.deleted else None

    def names_of(self, household_ids: Sequence[str]) -> dict[str, str]:
        """The grid name of each household that is in a grid."""
        with self.ctx.db.read() as session:
            return grid_names_of(session, household_ids)

    def my_households(self) -> set[str] | None:
        """The households of the grids the signed-in grid worker keeps; None when she keeps none
        (not a grid worker, or her village is not divided yet): then the whole village is hers."""
        actor = self.ctx.actor
        with self.ctx.db.read() as session:
            me = set(session.scalars(select(User.id).where(
                User.name == actor.user_name, User.division_code == actor.division_code,
                User.role == WORKER, live(User))))
            if not me:
                return None
            mine = [g.id for g in session.scalars(select(Grid).where(
                Grid.village_code == actor.division_code, live(Grid))) if me & set(g.worker_ids)]
            if not mine:
                return None
            return set(session.scalars(select(GridHousehold.household_id).where(
                GridHousehold.grid_id.in_(mine), live(GridHousehold))))


def place_households(session: Session, grid: Grid, household_ids: Iterable[str]) -> int:
    """Put households of the grid's village into ``grid`` (out of any other) in the caller's
    session; returns how many moved. The caller has checked that it may draw grids (a station)."""
    ids = list(dict.fromkeys(household_ids))
    moved = 0
    for chunk in chunks(ids):
        villages = dict(session.execute(select(Household.id, Household.village_code).where(
            Household.id.in_(chunk), live(Household))).all())
        for household_id in chunk:
            if villages.get(household_id) != grid.village_code:
                raise UserFacingError("只能把本村的农户划入这个网格。", field="农户")
            row = session.get(GridHousehold, household_id)
            if row is None:
                session.add(GridHousehold(id=household_id, household_id=household_id, grid_id=grid.id))
                moved += 1
            elif row.grid_id != grid.id or row.deleted:
                row.grid_id, row.deleted = grid.id, False
                moved += 1
    return moved


def grid_names_of(session: Session, household_ids: Sequence[str]) -> dict[str, str]:
    """The grid name of each household that is in a grid (households in none are left out)."""
    found: dict[str, str] = {}
    for chunk in chunks(household_ids):
        found.update(session.execute(
            select(GridHousehold.household_id, Grid.name)
            .join(Grid, Grid.id == GridHousehold.grid_id)
            .where(GridHousehold.household_id.in_(chunk), live(GridHousehold), live(Grid))).all())
    return found


def grid_workers_of(session: Session, household_ids: Sequence[str]) -> dict[str, tuple[GridWorker, ...]]:
    """The grid workers of each household that is in a grid (households in none are left out)."""
    placed: dict[str, str] = {}
    for chunk in chunks(household_ids):
        placed.update(session.execute(
            select(GridHousehold.household_id, GridHousehold.grid_id)
            .join(Grid, Grid.id == GridHousehold.grid_id)
            .where(GridHousehold.household_id.in_(chunk), live(GridHousehold), live(Grid))).all())
    grids = {g.id: g for g in session.scalars(select(Grid).where(Grid.id.in_(set(placed.values()))))}
    people = _workers(session, {w for g in grids.values() for w in g.worker_ids})
    return {household: tuple(replace(people[w], grid_name=grids[grid].name)
                             for w in grids[grid].worker_ids if w in people)
            for household, grid in placed.items()}


def _workers(session: Session, ids: set[str]) -> dict[str, GridWorker]:
    if not ids:
        return {}
    return {u.id: GridWorker(u.id, u.name, u.phone)
            for u in session.scalars(select(User).where(User.id.in_(ids), live(User)))}


def _views(session: Session, grids: list[Grid]) -> list[GridView]:
    people = _workers(session, {w for g in grids for w in g.worker_ids})
    counts = dict(session.execute(
        select(GridHousehold.grid_id, func.count()).where(
            GridHousehold.grid_id.in_([g.id for g in grids]), live(GridHousehold))
        .group_by(GridHousehold.grid_id)).all()) if grids else {}
    return [GridView(g.id, g.village_code, g.name, tuple(people[w] for w in g.worker_ids if w in people),
                     counts.get(g.id, 0)) for g in grids]


def _checked_workers(session: Session, village_code: str, worker_ids: Sequence[str]) -> list[str]:
    ids = list(dict.fromkeys(worker_ids))
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids), live(User)))} if ids else {}
    for user_id in ids:
        user = users.get(user_id)
        if user is None or user.role != WORKER or user.division_code != village_code:
            raise UserFacingError("网格员须是本村登记的网格员。", field="网格员")
    return ids
