"""The household table: pages fetched on demand as the user scrolls, or one page of search results."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.services.listing import HouseholdFilter, HouseholdListing, key_of
from app.services.search import HouseholdRow, SearchService

Index = QModelIndex | QPersistentModelIndex
SEARCH_LIMIT = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdTableModel", text)


COLUMNS = (
    ("village_name", QT_TRANSLATE_NOOP("HouseholdTableModel", "村")),
    ("group_name", QT_TRANSLATE_NOOP("HouseholdTableModel", "组")),
    ("head_name", QT_TRANSLATE_NOOP("HouseholdTableModel", "户主")),
    ("member_count", QT_TRANSLATE_NOOP("HouseholdTableModel", "人口")),
    ("household_type", QT_TRANSLATE_NOOP("HouseholdTableModel", "户类型")),
    ("category", QT_TRANSLATE_NOOP("HouseholdTableModel", "监测类别")),
    ("stage", QT_TRANSLATE_NOOP("HouseholdTableModel", "程序阶段")),
    ("next_visit_due", QT_TRANSLATE_NOOP("HouseholdTableModel", "下次走访")),
    ("matched", QT_TRANSLATE_NOOP("HouseholdTableModel", "匹配成员")),
)
OVERDUE = QColor("#b00020")


class HouseholdTableModel(QAbstractTableModel):
    def __init__(self, listing: HouseholdListing, search: SearchService, today: date) -> None:
        super().__init__()
        self.listing = listing
        self.searcher = search
        self.today = today
        self.rows: list[HouseholdRow] = []
        self.filter = HouseholdFilter()
        self.text = ""
        self._more = False
        self.total = 0

    # --- what is shown ---------------------------------------------------------------------

    def show_all(self, wanted: HouseholdFilter) -> None:
        """Every household matching the filter, fetched a page at a time as the view scrolls."""
        self.beginResetModel()
        self.filter, self.text = wanted, ""
        self.rows = self.listing.page(wanted)
        self._more = len(self.rows) > 0
        self.endResetModel()

    def search(self, text: str, wanted: HouseholdFilter) -> None:
        """One page of households whose member name, initials or ID number matches ``text``."""
        self.beginResetModel()
        self.filter, self.text = wanted, text
        rows = self.searcher.search(text, village=wanted.village, limit=SEARCH_LIMIT)
        self.rows = [r for r in rows if _matches(r, wanted, self.today)]
        self._more = False
        self.endResetModel()

    def refresh_rows(self, household_ids: Collection[str]) -> None:
        """Show the current values of these households where the list has them (after a use case
        changed them: its page, a visit); only their rows are read again and redrawn, and a
        household voided meanwhile leaves the list."""
        numbers = {row.id: n for n, row in enumerate(self.rows) if row.id in household_ids}
        if not numbers:
            return
        fresh = {row.id: row for row in self.listing.rows(list(numbers))}
        for household_id, number in numbers.items():
            if household_id in fresh:
                self.rows[number] = replace(fresh[household_id], matched=self.rows[number].matched)
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
        for number in sorted((n for h, n in numbers.items() if h not in fresh), reverse=True):
            self.beginRemoveRows(QModelIndex(), number, number)
            del self.rows[number]
            self.endRemoveRows()

    def household_id(self, row: int) -> str:
        return self.rows[row].id

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or not self.rows:
            return
        page = self.listing.page(self.filter, after=key_of(self.rows[-1]))
        if not page:
            self._more = False
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        name = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, name)
            return value.isoformat() if isinstance(value, date) else value
        overdue = name == "next_visit_due" and row.next_visit_due is not None and row.next_visit_due < self.today
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and overdue:
            return _tr("走访已逾期 {days} 天").format(days=(self.today - row.next_visit_due).days)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(COLUMNS[section][1])
        return None


def _matches(row: HouseholdRow, wanted: HouseholdFilter, today: date) -> bool:
    if wanted.category and row.category != wanted.category:
        return False
    if wanted.stage and row.stage != wanted.stage.label:
        return False
    return not (wanted.overdue and not (row.next_visit_due and row.next_visit_due < today))
