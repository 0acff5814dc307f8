"""A 户编号 two devices typed for two households: after a sync import the 同步 page says so, the 农户
page says so, and the list gives one of them a new number."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services.household_numbers import HouseholdNumberService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.rows import require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Household
from app.ui import tasks
from app.ui.pages.households import HouseholdsPage
from app.ui.pages.number_clashes import NumberClashesDialog
from app.ui.pages.sync_page import SyncPage

TYPED = "1311229999990042"  # a number no demo household has


def _clash(ctx) -> tuple[str, str]:
    """Two households with one number, as a sync import leaves them (no check on this device)."""
    first, second = (row.id for row in HouseholdListing(ctx).page(HouseholdFilter(), size=2))
    with UnitOfWork(ctx) as uow:
        for household_id in (first, second):
            require(uow.session, Household, household_id).household_number = TYPED
    return first, second


def test_the_sync_page_says_after_an_import_that_a_number_is_used_twice(qtbot, demo_ctx, messages) -> None:
    page = SyncPage(demo_ctx)
    qtbot.addWidget(page)
    assert page.number_clashes.isHidden()
    _clash(demo_ctx)
    page._imported(["已导入 乡镇站 的第 3 号同步包：新修改 2 项，已有 0 项，冲突 0 项。"])
    qtbot.waitUntil(lambda: not page.number_clashes.isHidden())  # looked for off the UI thread
    assert "有 1 个户编号被两户以上使用" in page.number_clashes.text.text()


def test_the_households_page_lists_the_clash_and_renumbers_one(qtbot, demo_ctx, messages) -> None:
    _first, second = _clash(demo_ctx)
    page = HouseholdsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.number_clashes.isHidden())
    dialog = NumberClashesDialog(demo_ctx, page)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert {dialog.model.index(row, 0).data() for row in range(2)} == {TYPED}
    assert not dialog.renumber_selected("x")  # nothing selected: says so
    assert "请先选中" in dialog.message.text()
    dialog.table.selectRow(1)
    assert not dialog.renumber_selected(_other_number(demo_ctx, second))
    assert "已是" in dialog.message.text()
    dialog.table.selectRow(1)
    messages.answers.append("")  # 留空: this device numbers it
    assert dialog.renumber_selected()
    assert dialog.model.rowCount() == 0 and "已改为新户编号" in dialog.message.text()
    assert HouseholdNumberService(demo_ctx).clashes() == []
    page.number_clashes.check()
    assert page.number_clashes.isHidden()


def _other_number(ctx, besides: str) -> str:
    """The number of some third household (taken, so refused)."""
    return next(row.household_number for row in HouseholdListing(ctx).page(HouseholdFilter(), size=5)
                if row.id != besides and row.household_number and row.household_number != TYPED)


def test_the_households_page_looks_again_when_it_is_shown(qtbot, demo_ctx, messages) -> None:
    page = HouseholdsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    tasks.wait_all()
    QApplication.processEvents()
    assert page.number_clashes.isHidden()
    page.hide()
    _clash(demo_ctx)  # a sync import on the 同步 page meanwhile
    page.show()
    qtbot.waitUntil(lambda: not page.number_clashes.isHidden())
