"""No internal identifier on screen: every page, every household tab and every dialog the buttons and
menus open, walked offscreen in the Chinese UI as each role with the demo data, must show no table
name, ``builtin``, UUID, Python repr or enum name (tests/ui/visible_text.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.form_answers import member_rows_for
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.rows import require
from app.services.unit_of_work import UnitOfWork
from app.services.visits import VisitService
from app.store.changelog import Actor
from app.store.models import Household
from app.ui import tasks
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from tests.conftest import TODAY
from tests.forms.test_form_services import a_visit
from tests.ui.conftest import DEMO_HOUSEHOLDS
from tests.ui.visible_text import deny_list, identifier_leaks, visible_texts

SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
# Buttons and menu entries that end the walk rather than show something.
NOT_CLICKED = ("退出", "锁定", "放弃草稿")


def as_role(ctx: ServiceContext, role: Role) -> ServiceContext:
    """The demo database seen by a township station or a grid worker of one of its villages."""
    if role is Role.COUNTY:
        return ctx
    village = HouseholdListing(ctx).page(HouseholdFilter(), size=1)[0].village_code
    division = village if role is Role.WORKER else village[:9] + "000"
    return replace(ctx, actor=Actor(user_name=f"演示{role.label}", role=role.value, division_code=division))


def busy_household(ctx: ServiceContext) -> str:
    """A household with visits and a monitoring case, so its tabs show (and offer) the most."""
    service = HouseholdService(ctx)
    rows = HouseholdListing(ctx).page(HouseholdFilter(), size=DEMO_HOUSEHOLDS)
    return next((row.id for row in rows if (detail := service.get(row.id)).visits and detail.cases), rows[0].id)


def with_form_visit(ctx: ServiceContext, household_id: str) -> None:
    """Today's visit recorded with the visit form (the demo's visits are simple records)."""
    form = FormService(ctx).load("visit")
    # Each member as the household holds them (a disabled member stays disabled); "healthy" where unset.
    rows = [row if row.get("member_health") else row | {"member_health": "healthy"}
            for row in member_rows_for(form, HouseholdService(ctx).get(household_id).members)["member"]]
    VisitService(ctx).record_form(household_id, form, a_visit(rows, expense=[], visit_date=TODAY.isoformat()))


def two_with_one_number(ctx: ServiceContext) -> None:
    """Two households carrying one 户编号, as a sync import can leave them."""
    first, second = HouseholdListing(ctx).page(HouseholdFilter(), size=2)
    with UnitOfWork(ctx) as uow:
        require(uow.session, Household, second.id).household_number = first.household_number


class Walk:
    """Collects what each screen shows; dialogs opened along the way are read, then closed unanswered."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []
        self.depth = 0

    def read(self, where: str, widget: QWidget) -> None:
        QApplication.processEvents()
        for tabs in widget.findChildren(QTabWidget):
            if tabs.isVisibleTo(widget):
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    QApplication.processEvents()
                    self._add(where, visible_texts(widget))
        self._add(where, visible_texts(widget))

    def _add(self, where: str, texts: list[tuple[str, str]]) -> None:
        self.texts += [(f"{where} › {place}", text) for place, text in texts]

    def exec_dialog(self, dialog: QDialog) -> int:
        """Read the dialog; in a dialog opened from a page, also press its own buttons (not 确定/取消:
        those of its button box) once, for the dialogs they open (目录 in a form, 修改密码 …)."""
        dialog.show()
        where = f"对话框 {type(dialog).__name__}"
        self.depth += 1
        try:
            if self.depth == 1:
                boxed = {button for box in dialog.findChildren(QDialogButtonBox) for button in box.buttons()}
                press_buttons(dialog, exclude=boxed)
            self.read(where, dialog)
        finally:
            self.depth -= 1
        dialog.hide()
        return 0


@pytest.fixture
def walk(monkeypatch: pytest.MonkeyPatch, messages: Any) -> Iterator[Walk]:
    found = Walk()
    messages.confirm = False  # nothing is deleted or imported on the way
    monkeypatch.setattr(QDialog, "exec", lambda dialog: found.exec_dialog(dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: ""))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a, **_k: ("", False)))
    yield found


def press_buttons(widget: QWidget, exclude: set[QAbstractButton] | frozenset[QAbstractButton] = frozenset()) -> None:
    """Press each button shown, the first row of every list selected (again before each button: one
    may have reloaded a list)."""
    buttons = [button for button in widget.findChildren(QPushButton)
               if button.isVisibleTo(widget) and button.isEnabled() and button.text() not in NOT_CLICKED
               and button not in exclude]
    for button in buttons:
        for view in widget.findChildren(QAbstractItemView):
            if view.isVisibleTo(widget) and view.model() is not None and view.model().rowCount(QModelIndex()):
                view.setCurrentIndex(view.model().index(0, 0))
                view.selectionModel().select(view.model().index(0, 0), SELECT_ROW)
        button.click()
        tasks.wait_all()
        QApplication.processEvents()


def click_everything(walk: Walk, where: str, page: QWidget) -> None:
    press_buttons(page)
    walk.read(where, page)


@pytest.mark.parametrize("role", list(Role))
def test_no_page_or_dialog_shows_an_internal_identifier(qtbot, demo_ctx, messages, walk: Walk, role: Role) -> None:
    busy = busy_household(demo_ctx)
    with_form_visit(demo_ctx, busy)  # the 走访 tab's 更正走访… opens its dialog
    two_with_one_number(demo_ctx)  # the 农户 page's 处理重复的户编号… opens the clash list
    ctx = as_role(demo_ctx, role)
    window = MainWindow(ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    walk.read("主窗口", window)
    for row, (title, _page) in enumerate(window.pages):
        window.navigation.setCurrentRow(row)
        tasks.wait_all()
        QApplication.processEvents()  # what the page loaded off the UI thread, shown
        click_everything(walk, title, window.stack.currentWidget())
    window.open_household(busy)
    tabs = window.household.findChild(QTabWidget)
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        click_everything(walk, f"农户 › {tabs.tabText(index)}", tabs.currentWidget())
    for action in [a for menu in window.menuBar().actions() for a in menu.menu().actions()]:
        if action.menu() is None and action.isEnabled() and action.text() not in NOT_CLICKED:
            action.trigger()
            tasks.wait_all()
    walk.texts += [("消息框", text) for _kind, text in messages.shown]
    leaks = identifier_leaks(walk.texts, deny_list())
    assert not leaks, "\n".join(leaks)
