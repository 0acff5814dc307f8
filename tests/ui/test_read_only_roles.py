"""What a role may only read looks read-only and says why: the grids for a grid worker, a visit the
user may not correct. (The 政策 page has its own test; the case steps say who takes them.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.domain.procedure import Role
from app.services.form_answers import member_rows_for
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.visits import VisitService
from app.ui.pages.household import HouseholdPage
from app.ui.pages.visits import VisitsPage
from app.ui.pages.visits_grids import GridDialog
from tests.forms.test_form_services import a_visit
from tests.ui.test_no_identifiers_shown import as_role


def _buttons(widget) -> list[str]:
    return [button.text() for button in widget.findChildren(QPushButton) if not button.isHidden()]


@pytest.mark.parametrize("role", list(Role))
def test_grids_are_drawn_by_a_station_and_only_read_by_a_grid_worker(qtbot, demo_ctx, messages, monkeypatch,
                                                                     role: Role) -> None:
    ctx = as_role(demo_ctx, role)
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    opened: list[GridDialog] = []
    monkeypatch.setattr(GridDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    reading = role is Role.WORKER
    wanted, other = ("查看网格…", "网格划分…") if reading else ("网格划分…", "查看网格…")
    assert wanted in _buttons(page) and other not in _buttons(page)
    next(b for b in page.findChildren(QPushButton) if b.text() == wanted).click()
    [dialog] = opened
    qtbot.addWidget(dialog)
    assert dialog.village.count() >= 1 and dialog.households.count() > 0
    assert dialog.why_read_only.isHidden() is not reading
    for editor in (dialog.name, dialog.add_button, dialog.place_button):
        assert editor.isHidden() is reading
    checkable = bool(dialog.households.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable)
    assert checkable is not reading and (not reading or not dialog.worker_boxes)
    if reading:
        assert "只能查看" in dialog.why_read_only.text() and dialog.windowTitle() == "网格（只能查看）"


@pytest.mark.parametrize(("role", "may_correct"), [(Role.WORKER, False), (Role.TOWNSHIP, True),
                                                   (Role.COUNTY, True)])
def test_a_visit_the_user_may_not_correct_says_so_before_trying(qtbot, demo_ctx, messages, role: Role,
                                                               may_correct: bool) -> None:
    household_id = next(row.id for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=500)
                        if not row.category)
    form = FormService(demo_ctx).load("visit")
    rows = [row | {"member_health": "healthy"}
            for row in member_rows_for(form, HouseholdService(demo_ctx).get(household_id).members)["member"]]
    visit = VisitService(demo_ctx).record_form(household_id, form, a_visit(rows, expense=[])).visit  # the county's
    page = HouseholdPage(as_role(demo_ctx, role))
    qtbot.addWidget(page)
    page.show()
    page.show_household(household_id)
    tab = page.visits
    row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data(0x0100) == visit.id)
    tab.table.selectRow(row)
    assert tab.correct_button.isEnabled() is may_correct
    if not may_correct:
        assert tab.why_not.text() == f"只能查看：只有走访人{visit.visitor}或乡镇、县级工作站可以更正这次走访。"
    else:
        assert tab.why_not.text() == ""
    simple = next((r for r in range(tab.model.rowCount()) if "简易记录" in tab.model.index(r, 4).data()), None)
    if simple is not None:  # a demo visit recorded without a form
        tab.table.selectRow(simple)
        assert not tab.correct_button.isEnabled() and "简易记录" in tab.why_not.text()

