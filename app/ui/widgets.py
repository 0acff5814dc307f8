"""Small building blocks shared by the screens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from app.ui.field_form import UNKNOWN


def table_view(parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(30)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view


def fill_table(model: QStandardItemModel, headers: Sequence[str], rows: Sequence[Sequence[Any]],
               keys: Sequence[Any] | None = None) -> None:
    """Replace a small read-only table's contents; ``keys`` are kept in each row's first cell."""
    model.clear()
    model.setHorizontalHeaderLabels(list(headers))
    for number, values in enumerate(rows):
        model.appendRow(table_items(values, None if keys is None else keys[number]))


def table_items(values: Sequence[Any], key: Any = None) -> list[QStandardItem]:
    """One read-only row of such a table; ``key`` is kept in its first cell."""
    items = []
    for value in values:
        item = QStandardItem("" if value is None else str(value))
        item.setEditable(False)
        items.append(item)
    if key is not None and items:
        items[0].setData(key, Qt.ItemDataRole.UserRole)
    return items


def selected_key(view: QTableView) -> Any:
    indexes = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not indexes:
        return None
    return view.model().index(indexes[0].row(), 0).data(Qt.ItemDataRole.UserRole)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else ("是" if value else "否")
