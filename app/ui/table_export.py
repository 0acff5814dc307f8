"""Any on-screen table can be saved as an Excel sheet from its context menu (what is shown, as shown)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMenu

from app.excel.rawxlsx import looks_like_formula
from app.ui.messages import inform, show_error

# 17 digits and a check character: stored as text, or Excel shows 1.3E+17 and loses digits.
_ID_LIKE = re.compile(r"^\d{17}[\dXx]$|^\d{12,}$")
HEADER_FILL = "DDE6F0"


def _tr(text: str) -> str:
    return QCoreApplication.translate("TableExport", text)


def write_table(view: QAbstractItemView, path: Path, title: str) -> int:
    # openpyxl loads when a table is exported, not while the window opens.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    model = view.model()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet1"
    columns = model.columnCount()
    sheet.append([title])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    if columns > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    headers = [str(model.headerData(column, Qt.Orientation.Horizontal) or "") for column in range(columns)]
    sheet.append(headers)
    for column in range(1, columns + 1):
        cell = sheet.cell(2, column)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center")
    widths = [len(header) * 2 + 2 for header in headers]
    for row in range(model.rowCount()):
        values = []
        for column in range(columns):
            value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            text = "" if value is None else str(value)
            widths[column] = max(widths[column], min(len(text) * 2 + 2, 60))
            values.append(value if isinstance(value, int | float) else text)
        sheet.append(values)
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and _ID_LIKE.match(value):
                sheet.cell(sheet.max_row, column).number_format = "@"
    keep_as_text(sheet)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    temporary = path.with_name(path.name + ".part")
    workbook.save(temporary)
    temporary.replace(path)
    return model.rowCount()


def keep_as_text(sheet: Any) -> None:
    """Every text cell that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, tab,
    carriage return first) becomes a quote-prefixed text cell: a value from a bundle or a roster is
    data, and openpyxl would otherwise write "=…" as a live formula. Numbers stay numbers."""
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and looks_like_formula(value):
                cell.data_type, cell.quotePrefix = "s", True


def enable_export_menu(view: QAbstractItemView, title: str,
                       export: Callable[[], None] | None = None) -> None:
    """A right-click "导出为 Excel…"; ``export`` replaces the default (the rows as shown), e.g. for a
    paged table whose full list is a ledger."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(position: QPoint) -> None:
        menu = QMenu(view)
        action = menu.addAction(_tr("导出为 Excel…"))
        if menu.exec(view.viewport().mapToGlobal(position)) is action:
            (export or (lambda: export_view(view, title)))()

    view.customContextMenuRequested.connect(show_menu)


def export_view(view: QAbstractItemView, title: str) -> None:
    path, _ = QFileDialog.getSaveFileName(view, _tr("导出为 Excel"), str(Path.home() / f"{title}.xlsx"),
                                          _tr("Excel 表格 (*.xlsx)"))
    if not path:
        return
    try:
        rows = write_table(view, Path(path), title)
    except OSError as error:
        show_error(view, error)
        return
    inform(view, _tr("已导出 {n} 行：{path}").format(n=rows, path=path))
