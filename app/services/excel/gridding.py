"""The 网格 column of a roster import: which grid of its village each household goes into.

On a township station's or the county's database a household row naming a grid of its village
places the household in that grid (a household already in another grid moves, as in 网格划分);
a grid the village does not have is reported on the household's row and the household is imported
without a placement — a misspelt grid name should not hold back a household's members and income.
A blank cell leaves the household where it is. On a grid worker's database the column is read but
not applied (grids are drawn by the station; a worker's grid rows would be quarantined there),
and the report says so once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.excel.outcome import REFUSED, UNCHANGED, UPDATED
from app.excel.targets import HOUSEHOLD
from app.services.excel.planning import HouseholdPlan
from app.services.rows import live
from app.store.batches import chunks
from app.store.models import Division, Grid, GridHousehold

WORKER_NOTE = ("表中有“网格”列（{count} 户填了网格），但网格由乡镇防贫工作站划分，网格员的数据库不导入网格；"
               "这些户的网格没有改动。")


def grid_name(plan: HouseholdPlan) -> str:
    """The grid the file names for the household, or ""."""
    value = plan.file.values(HOUSEHOLD).get("grid")
    return " ".join(str(value).split()) if value is not None else ""


def plan_grids(session: Session, plans: list[HouseholdPlan]) -> None:
    """Decide each imported household's grid (``plan.grid_id``) with a note for its row; a
    household whose only change is its grid becomes 更新."""
    named = [(plan, name) for plan in plans if plan.action != REFUSED and (name := grid_name(plan))]
    if not named:
        return
    villages = sorted({str(plan.village_code) for plan, _ in named})
    grids: dict[tuple[str, str], str] = {}
    for chunk in chunks(villages):
        grids.update(((g.village_code, g.name), g.id) for g in session.scalars(
            select(Grid).where(Grid.village_code.in_(chunk), live(Grid))))
    existing = [str(plan.household_id) for plan, _ in named if plan.household_id]
    placed: dict[str, str] = {}
    for chunk in chunks(existing):
        placed.update(session.execute(select(GridHousehold.household_id, GridHousehold.grid_id).where(
            GridHousehold.household_id.in_(chunk), live(GridHousehold))).all())
    for plan, name in named:
        village = str(plan.village_code)
        grid_id = grids.get((village, name))
        if grid_id is None:
            division = session.get(Division, village)
            village_name = division.name if division is not None else village
            known = "、".join(sorted(n for v, n in grids if v == village)) or "还没有划分网格"
            plan.grid_note = (f"{village_name}没有名为“{name}”的网格（{village_name}：{known}），"
                              "这一户照常导入但未划入网格；"
                              "请先在“走访 → 网格划分”中建立该网格或改正网格名称，再重新导入。")
            continue
        if plan.household_id and placed.get(str(plan.household_id)) == grid_id:
            continue
        plan.grid_id = grid_id
        plan.grid_note = f"划入网格“{name}”"
        if plan.action == UNCHANGED:
            plan.action = UPDATED


def worker_notes(plans: list[HouseholdPlan]) -> list[str]:
    """The one note a grid worker's import gets when the file names grids."""
    count = sum(1 for plan in plans if plan.action != REFUSED and grid_name(plan))
    return [WORKER_NOTE.format(count=count)] if count else []
