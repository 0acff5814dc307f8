"""Visit drafts in the desktop: a draft opened later shows the household as it is now and says what
changed; 放弃草稿 throws it away; the 走访 page lists the open drafts, opens and discards them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services.drafts import DraftService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.ui.dialogs.visit_dialog import VisitDialog
from app.ui.pages.visits import VisitsPage
from tests.ui.test_form_view import type_into


def _household_with_members(ctx, at_least: int = 2) -> str:
    service = HouseholdService(ctx)
    return next(row.id for row in HouseholdListing(ctx).page(HouseholdFilter(), size=200)
                if len(service.get(row.id).members) >= at_least)


def _names(dialog: VisitDialog) -> list[str]:
    return [row.get("member_name") for row in dialog.view.raw_answers()["member"]]


def test_a_draft_opened_later_shows_who_joined_and_left_and_can_be_discarded(qtbot, demo_ctx, messages,
                                                                          people) -> None:
    service = HouseholdService(demo_ctx)
    household_id = _household_with_members(demo_ctx)
    first = VisitDialog(demo_ctx, service.get(household_id))
    qtbot.addWidget(first)
    assert first.discard_button.isHidden()
    type_into(qtbot, first.view, "needs", "修屋顶")
    first.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()  # 稍后继续
    draft = DraftService(demo_ctx).load(household_id, "visit")
    assert draft.answers["needs"] == "修屋顶"

    # Since then one member has left (as if the draft had been typed before she moved out) and one
    # has joined the household.
    leaving = people.member("离开者", "其他", birth=date(1990, 1, 1), male=False)
    draft.answers["member"].append({"member_name": leaving["name"], "member_id": leaving["id_number"]})
    DraftService(demo_ctx).save(household_id, "visit", draft.form_version, draft.answers,
                                (*draft.base_members, leaving["id_number"]))
    service.add_member(household_id, people.member("新成员", "其他", birth=date(1999, 9, 9)))

    again = VisitDialog(demo_ctx, service.get(household_id))
    qtbot.addWidget(again)
    again.show()
    text = again.message.text()
    assert "已恢复" in text and "新成员" in text and "离开者" in text, text
    assert "新成员" in _names(again) and "离开者" not in _names(again)
    assert again.view.raw_answers()["needs"] == "修屋顶"
    assert again.discard_button.isVisible()

    messages.confirm = False
    qtbot.mouseClick(again.discard_button, Qt.MouseButton.LeftButton)
    assert DraftService(demo_ctx).load(household_id, "visit") is not None  # not confirmed: kept
    messages.confirm = True
    qtbot.mouseClick(again.discard_button, Qt.MouseButton.LeftButton)
    assert "放弃" in messages.texts()
    assert DraftService(demo_ctx).load(household_id, "visit") is None
    assert not again.view.raw_answers().get("needs")  # started afresh from the register
    assert "新成员" in _names(again) and "草稿已放弃" in again.message.text()
    again.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()  # nothing typed since
    assert DraftService(demo_ctx).load(household_id, "visit") is None


@pytest.fixture
def page(qtbot, demo_ctx, messages) -> VisitsPage:
    widget = VisitsPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_visits_page_lists_open_drafts_and_opens_and_discards_them(qtbot, page, demo_ctx, messages,
                                                                      monkeypatch) -> None:
    page.refresh()
    assert "没有未完成的走访草稿" in page.drafts.title.text() and page.drafts.table.isHidden()
    first, second = (row.id for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=2))
    drafts = DraftService(demo_ctx)
    drafts.save(first, "visit", "1", {"visit_date": "2026-11-20", "needs": "修屋顶"})
    drafts.save(second, "visit", "1", {"needs": "换水管"})
    page.refresh()
    model = page.drafts.model
    assert "2 份" in page.drafts.title.text() and page.drafts.table.isVisible()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["村", "户主", "走访日期", "最后修改"]
    heads = {HouseholdService(demo_ctx).get(h).household.head_name: h for h in (first, second)}
    shown = {model.index(r, 1).data(): model.index(r, 2).data() for r in range(2)}
    assert shown == {next(k for k, v in heads.items() if v == first): "2026-11-20",
                     next(k for k, v in heads.items() if v == second): "未填"}

    opened: list[VisitDialog] = []

    def exec_(dialog: VisitDialog) -> int:
        opened.append(dialog)
        assert dialog.view.raw_answers()["needs"] == "修屋顶"
        dialog.reject()
        return 0

    monkeypatch.setattr(VisitDialog, "exec", exec_)
    page.drafts.select(first)
    page.drafts.open_button.click()
    assert len(opened) == 1 and opened[0].household.id == first

    page.drafts.select(second)
    page.drafts.discard_button.click()
    assert "放弃" in messages.texts()
    assert [d.household_id for d in drafts.open_drafts()] == [first]
    assert page.drafts.model.rowCount() == 1 and "1 份" in page.drafts.title.text()
