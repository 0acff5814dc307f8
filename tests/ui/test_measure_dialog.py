"""The measure dialog offers the chosen kind's items only (issue 20), the county's in force."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from app.domain.categories import MEASURE_SUB_ITEMS
from app.services.measures import MeasureService
from app.services.policy import PolicyService
from app.ui.dialogs.measure_dialog import MeasureDialog
from tests.services.helpers import poor_household


def _texts(box: QComboBox) -> list[str]:
    return [box.itemText(index) for index in range(box.count()) if box.itemText(index)]


def test_the_items_follow_the_chosen_kind(qtbot, ctx, people, ui_app) -> None:
    household = poor_household(ctx, people)
    policy = PolicyService(ctx)
    items = policy.measure_items()
    items["就业帮扶"] = ["职业技能培训" if item == "技能培训" else item for item in MEASURE_SUB_ITEMS["就业帮扶"]]
    items["防贫保险"] = ["防贫保险理赔"]
    policy.set_measure_items(items)
    service = MeasureService(ctx)
    dialog = MeasureDialog("添加帮扶措施", service.fields().values(),
                           lambda values: service.add(household.id, values), service.items_by_kind())
    qtbot.addWidget(dialog)
    assert _texts(dialog.item_box) == []  # no kind chosen: nothing to pick yet
    dialog.kind_box.setCurrentText("健康帮扶")
    assert _texts(dialog.item_box) == list(MEASURE_SUB_ITEMS["健康帮扶"])
    dialog.item_box.setCurrentText("大病保险")
    dialog.kind_box.setCurrentText("就业帮扶")  # another kind's item does not follow it
    assert dialog.item_box.currentText() == ""
    assert "职业技能培训" in _texts(dialog.item_box) and "大病保险" not in _texts(dialog.item_box)
    dialog.item_box.setEditText("村级光伏管护")  # a local item typed in stays with any kind
    dialog.kind_box.setCurrentText("防贫保险")
    assert _texts(dialog.item_box) == ["防贫保险理赔"] and dialog.item_box.currentText() == "村级光伏管护"
    dialog.item_box.setCurrentText("防贫保险理赔")
    dialog.form.set_values({"start_date": date(2026, 11, 2), "status": "实施中"})
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    assert (dialog.result_value.kind, dialog.result_value.item) == ("防贫保险", "防贫保险理赔")


def test_an_old_measure_keeps_its_item_when_edited(qtbot, ctx, people, ui_app) -> None:
    household = poor_household(ctx, people)
    service = MeasureService(ctx)
    kept = service.add(household.id, {"kind": "就业帮扶", "item": "大病保险", "start_date": date(2026, 11, 1)})
    specs = service.fields(kept.id)
    dialog = MeasureDialog("修改帮扶措施", specs.values(), lambda changes: service.update(kept.id, changes),
                           service.items_by_kind(), {name: getattr(kept, name) for name in specs})
    qtbot.addWidget(dialog)
    assert dialog.item_box.currentText() == "大病保险"  # as it was recorded, even under another kind
    assert "技能培训" in _texts(dialog.item_box)
    assert dialog.changed_values() == {}
