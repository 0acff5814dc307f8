"""A page that is a titled table with action buttons — most work lists look like this."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.context import ServiceContext
from app.services.unit_of_work import Changed
from app.ui.changes import ChangeFeed
from app.ui.table_export import enable_export_menu
from app.ui.widgets import fill_table, heading, selected_key, table_items, table_view

# More households changed than a work list shows at once: reading it again is cheaper than by household.
MANY_CHANGED = 200


class ListPage(QWidget):
    open_household = Signal(str)

    def __init__(self, ctx: ServiceContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.layout_ = QVBoxLayout(self)
        self.top = QHBoxLayout()
        self.top.addWidget(heading(title))
        self.top.addStretch()
        self.layout_.addLayout(self.top)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _index: self._open_selected())
        enable_export_menu(self.table, title)
        self.layout_.addWidget(self.table, 1)
        self.buttons = QHBoxLayout()
        self.layout_.addLayout(self.buttons)
        self.count = QLabel()
        self.buttons.addWidget(self.count)
        self.buttons.addStretch()
        # Row key -> household id, so any list can open the household a row is about.
        self.households: dict[Any, str] = {}
        self.loaded = False  # shown once: from then on, kept current by show_changes

    def add_button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], keys: Sequence[Any],
                  households: Sequence[str]) -> None:
        fill_table(self.model, headers, rows, keys)
        self.households = dict(zip(keys, households, strict=True))
        self.loaded = True
        self.table.resizeColumnsToContents()
        self._show_count()

    def follow_changes(self) -> None:
        """Keep this list current from what each use case changes (``show_changes``)."""
        ChangeFeed(self.ctx, self).changed.connect(self.show_changes)

    def show_changes(self, changed: Changed) -> None:
        """After a use case: the rows of the households it changed are read again and put in place
        of theirs (rows of households that joined the list are added, of those that left removed);
        the rest of the list is neither read nor redrawn. A list not yet shown waits for its refresh."""
        if not self.loaded or not changed.households:
            return
        if len(changed.households) > MANY_CHANGED:
            self.refresh()  # an import or a demo run: the whole list, read once
        else:
            self.replace_rows(changed.households, *self.rows_for(changed.households))

    def rows_for(self, household_ids: Collection[str]) -> tuple[list[Sequence[Any]], list[Any], list[str]]:
        """(rows, keys, households) of this list for these households only, as ``refresh`` shows them."""
        raise NotImplementedError

    def replace_rows(self, household_ids: Collection[str], rows: Sequence[Sequence[Any]], keys: Sequence[Any],
                     households: Sequence[str]) -> None:
        stale = [n for n in range(self.model.rowCount()) if self.households.get(self._key(n)) in household_ids]
        at = stale[0] if stale else self.model.rowCount()
        for number in reversed(stale):
            self.households.pop(self._key(number), None)
            self.model.removeRow(number)
        for offset, (values, key, household) in enumerate(zip(rows, keys, households, strict=True)):
            self.model.insertRow(at + offset, table_items(values, key))
            self.households[key] = household
        self._show_count()

    def _key(self, row: int) -> Any:
        return self.model.index(row, 0).data(Qt.ItemDataRole.UserRole)

    def _show_count(self) -> None:
        self.count.setText(self.tr("共 {n} 条").format(n=self.model.rowCount()))

    def selected(self) -> Any:
        return selected_key(self.table)

    def _open_selected(self) -> None:
        household = self.households.get(self.selected())
        if household:
            self.open_household.emit(household)

    def refresh(self) -> None:
        raise NotImplementedError
