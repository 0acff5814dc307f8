"""A page that is a titled table with action buttons — most work lists look like this."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.context import ServiceContext
from app.ui.table_export import enable_export_menu
from app.ui.widgets import fill_table, heading, selected_key, table_view


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

    def add_button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], keys: Sequence[Any],
                  households: Sequence[str]) -> None:
        fill_table(self.model, headers, rows, keys)
        self.households = dict(zip(keys, households, strict=True))
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("共 {n} 条").format(n=len(rows)))

    def selected(self) -> Any:
        return selected_key(self.table)

    def _open_selected(self) -> None:
        household = self.households.get(self.selected())
        if household:
            self.open_household.emit(household)

    def refresh(self) -> None:
        raise NotImplementedError
