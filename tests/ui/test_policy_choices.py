"""The screens offer the county's lists in force (issue 20): renamed and added names appear in the
proposal dialog, the measure dialog and the 农户 filter; stored records show the names they keep."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from app.domain.categories import MEASURE_SUB_ITEMS
from app.services.cases import CaseService
from app.services.measures import MeasureService
from app.services.policy import PolicyService
from app.ui.dialogs.case_dialogs import ProposeDialog
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.pages.households import HouseholdsPage
from tests.services.helpers import poor_household

RENAMED = {"unstable_exited": "脱贫不稳定监测户", "marginal": "边缘易致贫户", "sudden_hardship": "突发严重困难户"}


def _combo_texts(box: QComboBox) -> list[str]:
    return [box.itemText(index) for index in range(box.count())]


def test_the_dialogs_and_the_filter_offer_the_lists_in_force(qtbot, ctx, people, ui_app) -> None:
    household = poor_household(ctx, people)
    old = CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查")
    policy = PolicyService(ctx)
    policy.set_risk_types([*policy.risk_types(), "因婚丧嫁娶"])
    policy.set_category_names(RENAMED)
    items = policy.measure_items()
    items["就业帮扶"] = ["职业技能培训" if item == "技能培训" else item for item in MEASURE_SUB_ITEMS["就业帮扶"]]
    policy.set_measure_items(items)

    other = poor_household(ctx, people, name="冯新")
    dialog = ProposeDialog(CaseService(ctx), other.id)
    qtbot.addWidget(dialog)
    assert "因婚丧嫁娶" in [box.text() for box in dialog.risks.boxes]
    offered = _combo_texts(dialog.category)
    assert "脱贫不稳定监测户" in offered and "脱贫不稳定户" not in offered
    next(box for box in dialog.risks.boxes if box.text() == "因病").setChecked(True)
    assert dialog.suggestion.text().startswith("脱贫不稳定监测户：")

    measure = FieldsDialog("添加帮扶措施", MeasureService(ctx).fields().values(), lambda values: None)
    qtbot.addWidget(measure)
    item_box = measure.form.inputs["item"]
    assert isinstance(item_box, QComboBox) and item_box.isEditable()
    assert "职业技能培训" in _combo_texts(item_box) and "技能培训" not in _combo_texts(item_box)
    assert "因婚丧嫁娶" in _combo_texts(measure.form.inputs["risk_type"])

    # An old measure keeps its item when edited: the typed-in name stays, the save changes nothing else.
    kept = MeasureService(ctx).add(household.id, {"kind": "就业帮扶", "item": "护林员",
                                                  "start_date": date(2026, 11, 1)})
    kept = MeasureService(ctx).update(kept.id, {"item": "技能培训"})  # a local name may still be typed
    specs = MeasureService(ctx).fields(kept.id)
    edit = FieldsDialog("修改帮扶措施", specs.values(), lambda changes: MeasureService(ctx).update(kept.id, changes),
                        {name: getattr(kept, name) for name in specs})
    qtbot.addWidget(edit)
    assert edit.form.inputs["item"].currentText() == "技能培训"
    edit.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert edit.result() == edit.DialogCode.Accepted

    page = HouseholdsPage(ctx)
    qtbot.addWidget(page)
    filters = _combo_texts(page.category)
    assert "脱贫不稳定户" in filters and "脱贫不稳定监测户" in filters  # the old case's name stays findable
    assert old.category == "脱贫不稳定户"
