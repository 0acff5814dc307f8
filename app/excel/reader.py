"""Reading workbooks (.xlsx, .xlsm, .xls, .ods) through calamine, a Rust reader (~10× openpyxl).

Rows come back as lists indexed like Excel itself: ``rows[0]`` is row 1, ``row[0]`` column A,
so every message can name the row and column the user sees.

calamine holds each sheet as a dense grid from its first to its last cell and aborts the process
when that does not fit in memory, so the file is measured first (app/excel/guard.py) and a file
past the limits is refused with a message before calamine opens it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from app.domain.errors import UserFacingError
from app.excel.guard import DEFAULT_LIMITS, SheetLimits, SheetShape, check_sheet, check_spreadsheet

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
Merge = tuple[tuple[int, int], tuple[int, int]]  # ((row, col), (row, col)), 0-based, inclusive


@dataclass
class SheetGrid:
    name: str
    visible: bool
    rows: list[list[Any]]
    merges: list[Merge] = field(default_factory=list)


def read_workbook(path: Path, limits: SheetLimits = DEFAULT_LIMITS) -> list[SheetGrid]:
    """Every sheet of the workbook, hidden ones flagged; a file that cannot be read, or is past
    ``limits`` (too many rows or cells, a zip bomb), is a user error."""
    if not path.is_file():
        raise UserFacingError(f"找不到文件：{path}")
    if path.suffix.lower() not in SUFFIXES:
        raise UserFacingError(f"“{path.name}”不是 Excel 文件，请选择 .xlsx 或 .xls 文件。")
    check_spreadsheet(path, limits)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise UserFacingError(
            f"无法读取“{path.name}”：文件可能已损坏、有密码或不是 Excel 格式（{error}）。") from None
    try:
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            # The guard measured the file; what calamine found is checked again before Python
            # lists are made of it (rows and columns counted from A1, as to_python pads them).
            end = sheet.end
            if end is not None:
                check_sheet(path.name, SheetShape(meta.name, end[0] + 1, end[1] + 1), limits)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(SheetGrid(name=meta.name, visible=meta.visible == SheetVisibleEnum.Visible,
                                    rows=rows, merges=list(sheet.merged_cell_ranges or [])))
        return sheets
    except (CalamineError, ValueError) as error:
        raise UserFacingError(f"读取“{path.name}”时出错：{error}") from None
    except MemoryError:
        raise UserFacingError(f"文件太大：读取“{path.name}”时内存不足。请拆分成多个文件后分别导入。",
                              location=path.name) from None
    finally:
        workbook.close()
