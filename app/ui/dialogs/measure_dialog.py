"""The measure dialog: the 具体措施 offered follow the chosen 措施类别 (the county's items in force)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from app.services.fields import FieldSpec
from app.ui.dialogs.fields_dialog import FieldsDialog, Save
from app.ui.field_form import BLANK


class MeasureDialog(FieldsDialog):
    """``items_by_kind``: each kind's items offered (MeasureService.items_by_kind). A typed item
    that belongs to no kind's list (a local name) is kept when the kind changes; another kind's
    item is cleared, so a measure is never saved under a kind with an item of a different one."""

    def __init__(self, title: str, specs: Iterable[FieldSpec], save: Save,
                 items_by_kind: Mapping[str, Sequence[str]], values: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        self.items_by_kind = items_by_kind
        super().__init__(title, specs, save, values, parent)
        self.kind_box.currentTextChanged.connect(self.offer_items)
        self.offer_items(self.kind_box.currentText(), keep_typed=True)  # a stored item stays as made
        self.initial = self.form.values()  # refilling the items is not a change the user made

    @property
    def kind_box(self) -> QComboBox:
        box = self.form.inputs["kind"]
        assert isinstance(box, QComboBox)
        return box

    @property
    def item_box(self) -> QComboBox:
        box = self.form.inputs["item"]
        assert isinstance(box, QComboBox)
        return box

    def offer_items(self, kind: str, keep_typed: bool = False) -> None:
        typed = self.item_box.currentText()
        offered = list(self.items_by_kind.get(kind, ()))
        anywhere = {item for items in self.items_by_kind.values() for item in items}
        keep = typed if keep_typed or typed in offered or typed not in anywhere else ""
        self.item_box.blockSignals(True)
        self.item_box.clear()
        self.item_box.addItems([BLANK, *offered])
        self.item_box.blockSignals(False)
        position = self.item_box.findText(keep)
        if position >= 0:
            self.item_box.setCurrentIndex(position)
        else:
            self.item_box.setEditText(keep)
