"""One generation run: reads what the database holds, then writes households batch by batch,
with the users (grid workers, township and county staff) the new villages need."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from random import Random
from typing import Any

from sqlalchemy import func, select

from app.domain.divisions import is_within
from app.domain.income import line_in_force
from app.domain.warnings import WarningThresholds
from app.services.context import ServiceContext
from app.services.demo.household import make_household
from app.services.demo.names import IdNumbers, mobile, staff_names
from app.services.demo.plans import plan_cases
from app.services.demo.run import Batch, DemoSummary, Run, Village
from app.services.demo.villages import division_row, plan_villages, read_territory
from app.services.policy import POSTING_DAYS, WARNING_THRESHOLDS, lines_from, setting_from, step_list_from
from app.services.unit_of_work import UnitOfWork
from app.store.ids import new_id
from app.store.models import Division as DivisionRow
from app.store.models import Grid, GridHousehold, Household, Member, User

BATCH_HOUSEHOLDS = 2000
HOUSEHOLDS_PER_GRID_WORKER = 100


class Generator:
    """Adds ``households`` households to the database of ``ctx``, the same ones for the same
    seed and database."""

    def __init__(self, ctx: ServiceContext, households: int, seed: int) -> None:
        self.ctx = ctx
        self.total = households
        today = ctx.today()
        with ctx.db.read() as session:
            existing = session.scalar(select(func.count()).select_from(Household)) or 0
            # The count in the seed makes a second run on the same database add new people.
            rng = Random(f"fangpin-demo/{seed}/{existing}")
            ids = IdNumbers(set(session.scalars(select(Member.id_number))))
            thresholds = WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS))
            posting_days = int(setting_from(session, POSTING_DAYS))
            steps = step_list_from(session, today)
            lines = lines_from(session)
            self.territory = read_territory(session, ctx.scope_code)
            users = {(u.name, u.role, u.division_code) for u in session.scalars(select(User))}
            gridded = set(session.scalars(select(Grid.village_code).where(Grid.deleted == False)))  # noqa: E712
        self.run = Run(rng=rng, today=today, ids=ids, scope=self.territory.scope,
                       thresholds=thresholds, posting_days=posting_days, steps=steps, lines=lines,
                       line=line_in_force(lines, today).amount, summary=DemoSummary())
        self._staff = _Staffing(ctx.scope_code, self.run, users, gridded)
        self.chosen: list[Village] = []

    def _plan_villages(self) -> list[dict[str, Any]]:
        """Choose the villages that get households; the rows of the villages it adds."""
        self.chosen, added = plan_villages(self.run.rng, self.territory, self.total)
        self.run.summary.villages_added = len(added)
        return [division_row(village) for village in added]

    def generate(self, uow: UnitOfWork, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> DemoSummary:
        """Write the households in the caller's unit of work, a batch at a time."""
        summary = self.run.summary
        batch = Batch()
        for row in self._plan_villages():
            batch.add(DivisionRow, row)
        plans = plan_cases(self.run.rng, self.total, self.run.steps)
        index = 0
        for village in self.chosen:
            if not village.new:
                continue
            grids = self._staff.prepare(village, batch)
            for number in range(village.new):
                make_household(self.run, village, plans.get(index), batch)
                if grids:  # neighbouring households in the same grid, the grids about equal
                    household_id = batch.rows[Household][-1]["id"]
                    batch.add(GridHousehold, {"id": household_id, "household_id": household_id,
                                              "grid_id": grids[number * len(grids) // village.new]})
                index += 1
                if batch.households >= BATCH_HOUSEHOLDS:
                    self._flush(uow, batch)
                    batch = Batch()
                    if progress:
                        progress(index, self.total)
                    if cancelled and cancelled():
                        summary.cancelled = True
                        return summary
        self._flush(uow, batch)
        if progress:
            progress(index, self.total)
        return summary

    def _flush(self, uow: UnitOfWork, batch: Batch) -> None:
        if not any(batch.rows.values()):
            return
        batch.write(uow.session, self.run.summary)
        # Made whole by the upkeep's own rules (names, the case's state, the warnings' findings and
        # rows): announced as changed, not made a second time.
        uow.built(row["id"] for row in batch.rows[Household])
        self.run.summary.households += batch.households


class _Staffing:
    """The users a village's households need: its grid workers, and the staff of its township
    and county when those are within the database's scope. Users the database already has are
    not added again. A village staffed here is divided into grids, one per grid worker (网格);
    a village that already has grids keeps them, and its new households stay outside."""

    def __init__(self, scope_code: str, run: Run, users: set[tuple[str, str, str]],
                 gridded: set[str] | None = None) -> None:
        self.scope_code = scope_code
        self.run = run
        self.users = users
        self.gridded = set(gridded or ())
        self.added_ids: dict[tuple[str, str, str], str] = {}
        self.workers: dict[str, int] = defaultdict(int)
        for _name, role, code in users:
            if role == "worker":
                self.workers[code] += 1
        self.staffed: set[str] = set()
        self.county_staffed = False

    def prepare(self, village: Village, batch: Batch) -> list[str]:
        """Staff the village; the ids of the grids its new households go into (none: no grids)."""
        needed = max(2, math.ceil((village.existing + village.new) / HOUSEHOLDS_PER_GRID_WORKER))
        village.workers = list(staff_names(f"grid:{village.code}", needed))
        for k in range(self.workers[village.code], needed):
            self._add(batch, village.workers[k], "worker", village.code)
        self.workers[village.code] = max(self.workers[village.code], needed)
        grids = self._grids(village, batch)
        self._staff_above(village, batch)
        return grids

    def _grids(self, village: Village, batch: Batch) -> list[str]:
        if village.code in self.gridded:
            return []
        workers = [self.added_ids.get((name, "worker", village.code)) for name in village.workers]
        if not all(workers):
            return []  # workers from an earlier run: the station draws its grids itself
        self.gridded.add(village.code)
        ids = []
        for number, worker in enumerate(workers, start=1):
            grid = batch.add(Grid, {"id": new_id(), "village_code": village.code,
                                    "name": f"第{number}网格", "worker_ids": [worker]})
            ids.append(grid["id"])
        return ids

    def _staff_above(self, village: Village, batch: Batch) -> None:
        township = village.township
        if not township or township in self.staffed or not is_within(township, self.scope_code):
            return
        self.staffed.add(township)
        scope = self.run.scope
        for name in scope.township_staff.get(township, ()):
            self._add(batch, name, "township", township)
        if is_within(scope.county, self.scope_code) and not self.county_staffed:
            self.county_staffed = True
            for name in scope.county_staff:
                self._add(batch, name, "county", scope.county)

    def _add(self, batch: Batch, name: str, role: str, division: str) -> None:
        if (name, role, division) in self.users:
            return
        self.users.add((name, role, division))
        user_id = self.added_ids[(name, role, division)] = new_id()
        batch.add(User, {"id": user_id, "name": name, "role": role, "division_code": division,
                         "device_id": "", "phone": mobile(self.run.rng)})
        self.run.summary.users_added += 1
