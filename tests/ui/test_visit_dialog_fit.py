"""The visit dialog (820×700 where there is room) fits a 1024×768 screen with a taskbar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen

from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.ui.dialogs.visit_dialog import VisitDialog
from app.ui.screen_fit import FRAME_ALLOWANCE

TASKBAR = 40


@pytest.mark.parametrize(("screen", "expected"), [
    (QRect(0, 0, 1024, 768 - TASKBAR), QSize(820, 728 - FRAME_ALLOWANCE.height())),
    (QRect(0, 0, 1920, 1080 - TASKBAR), QSize(820, 700)),
])
def test_the_visit_dialog_opens_inside_the_available_area(qtbot, demo_ctx, messages, monkeypatch,
                                                          screen: QRect, expected: QSize) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: screen)
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter(), size=1)[0].id
    dialog = VisitDialog(demo_ctx, HouseholdService(demo_ctx).get(household_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The form asks for no more than that: the dialog keeps the size it was given.
    assert dialog.size() == expected, (dialog.size(), dialog.minimumSizeHint())
    framed = QRect(dialog.pos(), dialog.size() + FRAME_ALLOWANCE)
    assert screen.contains(framed)
    assert dialog.buttons.geometry().bottom() < dialog.height()


def test_one_group_per_page_is_remembered_for_the_next_visit(qtbot, demo_ctx, messages) -> None:
    from app.ui.settings import Settings

    detail = HouseholdService(demo_ctx).get(HouseholdListing(demo_ctx).page(HouseholdFilter(), size=1)[0].id)
    first = VisitDialog(demo_ctx, detail)
    qtbot.addWidget(first)
    assert not first.view.pager.paged  # the visit form's settings do not ask for pages
    first.view.pager.paged_box.click()
    assert Settings.load().form_pages is True
    again = VisitDialog(demo_ctx, detail)
    qtbot.addWidget(again)
    assert again.view.pager.paged and again.view.pager.place.text().startswith("第 1/")
    again.view.pager.paged_box.click()
    assert Settings.load().form_pages is False


@pytest.mark.parametrize("stored", ["yes", 1, None, [True]])
def test_a_settings_file_saying_anything_but_true_keeps_forms_on_one_page(stored: object) -> None:
    import json

    from app.ui.settings import Settings

    Settings.location().parent.mkdir(parents=True, exist_ok=True)
    Settings.location().write_text(json.dumps({"form_pages": stored}), encoding="utf-8")
    assert Settings.load().form_pages is False
