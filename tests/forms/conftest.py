"""Build small XLSForm workbooks in a temporary folder, row by row as a form author would."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

Rows = Sequence[Sequence[object]]
WriteForm = Callable[..., Path]


@pytest.fixture
def write_form(tmp_path: Path) -> WriteForm:
    def write(survey: Rows, choices: Rows | None = None, settings: Rows | None = None,
              name: str = "form.xlsx", sheet_names: tuple[str, str, str] = ("survey", "choices", "settings"),
              ) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in zip(sheet_names, (survey, choices, settings), strict=True):
            if rows is None:
                continue
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


def edit_sheets(path: Path, edit: Callable[[str], str]) -> Path:
    """Rewrite the XML of every worksheet in an .xlsx, as Excel would have saved it differently."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return path


def declare_full_grid(path: Path) -> Path:
    """What Excel writes after whole columns are formatted: every sheet declares the full
    1,048,576 × 1,024 grid, styles its 1,024 columns and holds a styled empty cell in the last row."""
    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AMJ1048576"/>', xml)
        xml = xml.replace("<sheetData>", '<cols><col min="1" max="1024" width="9" style="0" customWidth="1"/>'
                          "</cols><sheetData>", 1)
        return xml.replace("</sheetData>", '<row r="1048576"><c r="AMJ1048576" s="0"/></row></sheetData>', 1)
    return edit_sheets(path, edit)


# A data validation written by newer Excel: openpyxl warns (in English) that it drops it.
DATA_VALIDATION_EXTENSION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
    "</ext></extLst></worksheet>")


def build_xls(writer: object, sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """An Excel 97–2003 workbook through the BIFF8 writer of tests/excel/data (its content swapped)."""
    original = writer.sheets  # type: ignore[attr-defined]
    writer.sheets = lambda: [(name, False, [[cell if cell is None or isinstance(cell, str) else float(cell)
                                              for cell in row] for row in rows], [])
                             for name, rows in sheets]  # type: ignore[attr-defined]
    try:
        return writer.build()  # type: ignore[attr-defined]
    finally:
        writer.sheets = original  # type: ignore[attr-defined]
