"""本月应走访 for a grid worker (issue 19, item 9): her own grid's households, the grid named on
each row; the whole village one click away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.services.grids import GridService
from app.store.models import Grid, GridHousehold, Household, User
from app.ui.pages.visits import VisitsPage
from app.ui.pages.visits_grids import GridDialog
from tests.conftest import VILLAGE
from tests.services.helpers import poor_household
from tests.ui.test_form_view import type_text


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


def test_a_station_draws_a_grid_and_places_households_in_the_dialog(qtbot, ctx, people, ui_app, messages) -> None:
    with ctx.db.write(ctx.actor) as session:
        session.add(User(name="李东升", role="worker", division_code=VILLAGE, device_id="d-1"))
    households = [poor_household(ctx, people, name=name) for name in ("张建国", "赵明辉")]
    dialog = GridDialog(GridService(ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.village.setCurrentIndex(dialog.village.findData(VILLAGE))
    assert dialog.model.rowCount() == 0 and dialog.households.count() >= 2
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "请填写网格名称" in dialog.message.text()
    type_text(dialog.name, "第一网格")
    box = next(box for box, _user in dialog.worker_boxes if box.text() == "李东升")
    box.setChecked(True)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "已新建网格“第一网格”" in dialog.message.text()
    assert dialog.model.index(0, 1).data() == "李东升"
    for i in range(dialog.households.count()):
        item = dialog.households.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in {h.id for h in households}:
            item.setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    assert "已把 2 户划入“第一网格”" in dialog.message.text()
    assert dialog.model.index(0, 2).data() == "2"
    assert GridService(ctx).grid_of(households[0].id).name == "第一网格"


def test_only_a_station_sees_the_grid_button(qtbot, open_copy, ctx, ui_app, messages) -> None:
    def buttons(page: VisitsPage) -> list[str]:
        return [page.buttons.itemAt(i).widget().text() for i in range(page.buttons.count())
                if page.buttons.itemAt(i).widget() is not None]

    station, worker = VisitsPage(ctx), VisitsPage(open_copy("worker"))
    qtbot.addWidget(station)
    qtbot.addWidget(worker)
    assert "网格划分…" in buttons(station) and "网格划分…" not in buttons(worker)
