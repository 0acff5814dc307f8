"""本月应走访 for a grid worker (issue 19, item 9): her own grid's households, the grid named on
each row; the whole village one click away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.services.grids import GridService
from app.store.models import Grid, GridHousehold, Household, User
from app.ui.pages.visits import VisitsPage
from tests.conftest import VILLAGE
from tests.services.helpers import poor_household


def test_a_grid_worker_sees_her_own_grid_first(qtbot, open_copy, people, ui_app, messages) -> None:
    worker = open_copy("worker")
    mine, theirs = (poor_household(worker, people, name=name) for name in ("张建国", "赵明辉"))
    # As the station's bundle brings them: her grid and a colleague's.
    with worker.db.write(worker.actor) as session:
        me = session.scalar(select(User.id).where(User.name == worker.actor.user_name))
        colleague = User(name="李桂香", role="worker", division_code=VILLAGE, device_id="d-2")
        session.add(colleague)
        session.flush()
        for name, who, household in (("第一网格", me, mine), ("第二网格", colleague.id, theirs)):
            grid = Grid(village_code=VILLAGE, name=name, worker_ids=[who])
            session.add(grid)
            session.flush()
            session.add(GridHousehold(id=household.id, household_id=household.id, grid_id=grid.id))
        for household in (mine, theirs):
            session.get(Household, household.id).next_visit_due = date(2026, 11, 25)
    assert GridService(worker).my_households() == {mine.id}

    page = VisitsPage(worker)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.mine_only.isVisible() and page.mine_only.isChecked()
    shown = [(page.model.index(r, 1).data(), page.model.index(r, 2).data()) for r in range(page.model.rowCount())]
    assert shown == [("第一网格", "张建国")]
    page.mine_only.click()
    shown = {(page.model.index(r, 1).data(), page.model.index(r, 2).data()) for r in range(page.model.rowCount())}
    assert shown == {("第一网格", "张建国"), ("第二网格", "赵明辉")}


def test_without_grids_the_box_is_hidden_and_the_village_is_shown(qtbot, demo_ctx, ui_app, messages) -> None:
    page = VisitsPage(demo_ctx)  # the county: keeps no grid of its own
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert not page.mine_only.isVisible()
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "网格"
