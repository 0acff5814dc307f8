"""Writing a ledger in the standard layout with openpyxl: a title row, a two-level merged header,
frozen panes, column widths, A4 landscape printing that repeats the header and fits the width, and
ID numbers stored as text (so Excel never turns them into 1.3E+17)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.idnumber import mask_id_number

_THIN = Side(style="thin", color="FF808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")


@dataclass(frozen=True)
class LedgerColumn:
    title: str
    width: float = 12
    group: str = ""  # the upper header cell, merged over neighbouring columns of the same group
    id_number: bool = False  # stored as text; masked when the ledger is for posting
    money: bool = False


@dataclass
class Ledger:
    sheet: str
    title: str
    columns: Sequence[LedgerColumn]
    rows: Iterable[Sequence[Any]]
    subtitle: str = ""
    for_posting: bool = False
    footer: Sequence[str] = field(default_factory=tuple)


def write_ledgers(path: Path, ledgers: Sequence[Ledger]) -> int:
    """Write each ledger on its own sheet; returns the number of data rows written."""
    book = Workbook()
    book.remove(book.active)
    total = 0
    for ledger in ledgers:
        total += _write(book.create_sheet(ledger.sheet[:31]), ledger)
    book.save(path)
    return total


def _write(sheet: Worksheet, ledger: Ledger) -> int:
    columns = list(ledger.columns)
    width = len(columns)
    last = get_column_letter(width)
    sheet.append([ledger.title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = _CENTER
    sheet.row_dimensions[1].height = 30
    sheet.append([ledger.subtitle])
    sheet.merge_cells(f"A2:{last}2")
    grouped = any(c.group for c in columns)
    header_rows = (3, 4) if grouped else (3,)
    if grouped:
        sheet.append([c.group or c.title for c in columns])
        sheet.append([c.title if c.group else None for c in columns])
        _merge_header(sheet, columns)
    else:
        sheet.append([c.title for c in columns])
    for row in header_rows:
        for cell in sheet[row]:
            cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), _CENTER, _BORDER, _HEADER_FILL
    id_columns = [i for i, c in enumerate(columns) if c.id_number]
    styles = _column_styles(sheet, columns)
    count = 0
    for values in ledger.rows:
        row = [_cell_value(v) for v in values]
        for i in id_columns:
            if row[i]:
                row[i] = mask_id_number(str(row[i])) if ledger.for_posting else str(row[i])
        sheet.append(row)
        count += 1
        number = header_rows[-1] + count
        for i, style in enumerate(styles, start=1):
            sheet.cell(number, i)._style = copy(style)
    for line in ledger.footer:
        sheet.append([line])
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    first_data = header_rows[-1] + 1
    sheet.freeze_panes = f"A{first_data}"
    sheet.print_title_rows = f"{header_rows[0]}:{header_rows[-1]}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    return count


def _column_styles(sheet: Worksheet, columns: list[LedgerColumn]) -> list[StyleArray]:
    """Each column's data-cell style, made once: setting a style cell by cell hashes it each time
    (about 60 µs a cell); copying the finished style array costs almost nothing."""
    styles = []
    probe = Cell(sheet, row=1, column=1)  # not placed in the sheet; only its style is kept
    for column in columns:
        probe.border = _BORDER
        probe.number_format = "@" if column.id_number else "#,##0.00" if column.money else "General"
        styles.append(copy(probe._style))
    return styles


def _merge_header(sheet: Worksheet, columns: list[LedgerColumn]) -> None:
    start = 0
    while start < len(columns):
        group = columns[start].group
        end = start
        while group and end + 1 < len(columns) and columns[end + 1].group == group:
            end += 1
        if group:
            if end > start:
                sheet.merge_cells(start_row=3, start_column=start + 1, end_row=3, end_column=end + 1)
        else:
            sheet.merge_cells(start_row=3, start_column=start + 1, end_row=4, end_column=start + 1)
        start = end + 1


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value
