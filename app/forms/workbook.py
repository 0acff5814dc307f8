"""Opening a form workbook (.xlsx, .xlsm or .xls) and reading its sheets by their real content, bounded.

A sheet's declared size is not trusted: Excel writes `<dimension ref="A1:AMJ1048576">` after whole
columns are formatted, and a styled empty cell at the last row makes a reader that pads to the declared
grid walk a billion cells. Rows are read as the file holds them; what a form can never need (more than
MAX_ROWS filled rows, a cell beyond MAX_COLUMNS, MAX_CELLS in all, a file over MAX_FILE_BYTES or a zip
that unpacks to more than MAX_UNPACKED_BYTES) is refused with a message naming the sheet and row.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterable, Iterator
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError, CalamineWorkbook

from app.forms.problems import FormError, Problem
from app.forms.sheets import Sheet, read_numbered_sheet

SHEETS = frozenset({"survey", "choices", "settings"})
# Sheet names pyxform knows; a workbook with one sheet not among them has its survey on that sheet.
XLSFORM_SHEETS = SHEETS | {"external_choices", "entities", "osm"}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 1_024
MAX_CELLS = 2_000_000
SUFFIXES = (".xlsx", ".xlsm", ".xls")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_EXCEL = "文件不是有效的 Excel 文件（.xlsx、.xlsm 或 .xls），可能已损坏。"


class _TooLarge(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_form_sheets(data: bytes, source: str) -> dict[str, Sheet]:
    """The survey, choices and settings sheets by lower-case name; raises FormError when the file is
    not a workbook or is far larger than any form."""
    if len(data) > MAX_FILE_BYTES:
        _refuse(source, f"文件有 {len(data) // (1024 * 1024)} MB，表单文件最大 {MAX_FILE_BYTES // (1024 * 1024)} MB。")
    try:
        if data.startswith(_OLE2):
            return _read_xls(data)
        if data.startswith(_ZIP):
            return _read_xlsx(data, source)
    except _TooLarge as error:
        raise FormError(source, [error.problem]) from None
    except (zipfile.BadZipFile, InvalidFileException, CalamineError, KeyError, OSError, ValueError, EOFError):
        pass
    _refuse(source, NOT_EXCEL)
    raise AssertionError("unreachable")


def _refuse(source: str, message: str) -> None:
    raise FormError(source, [Problem("", None, None, message)])


def _wanted(titles: list[str]) -> dict[str, str]:
    """Sheet title -> the XLSForm sheet it holds."""
    if len(titles) == 1 and titles[0].strip().lower() not in XLSFORM_SHEETS:
        return {titles[0]: "survey"}
    return {title: title.strip().lower() for title in titles if title.strip().lower() in SHEETS}


def _read_xlsx(data: bytes, source: str) -> dict[str, Sheet]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        # Declared sizes bound what is unpacked: zipfile stops at the declared size of each member.
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise _TooLarge(Problem("", None, None, f"文件解压后有 {unpacked // (1024 * 1024)} MB，不像是表单"
                                f"（最大 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB），可能是恶意构造的文件。"))
    # openpyxl warns in English about Excel features it drops (data validation extensions, …);
    # none of them matter to a form, and the user must not see them.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            sheets: dict[str, Sheet] = {}
            for title, kind in _wanted(workbook.sheetnames).items():
                worksheet = workbook[title]
                if not hasattr(worksheet, "reset_dimensions"):
                    continue  # a chart sheet
                worksheet.reset_dimensions()  # read the rows the file holds, not the declared grid
                sheets[kind] = read_numbered_sheet(title, _bounded(title, worksheet.iter_rows(values_only=True)))
            return sheets
        finally:
            workbook.close()


def _read_xls(data: bytes) -> dict[str, Sheet]:
    workbook = CalamineWorkbook.from_filelike(BytesIO(data))
    try:
        sheets: dict[str, Sheet] = {}
        for title, kind in _wanted(list(workbook.sheet_names)).items():
            rows = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
            sheets[kind] = read_numbered_sheet(title, _bounded(title, (tuple(row) for row in rows)))
        return sheets
    finally:
        workbook.close()


def _bounded(title: str, rows: Iterable[tuple[object, ...]]) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The rows that hold something, numbered, with trailing empty cells dropped; refused past the limits."""
    filled = cells = 0
    for number, values in enumerate(rows, start=1):
        end = len(values)
        while end and (values[end - 1] is None or values[end - 1] == ""):
            end -= 1
        if not end:
            continue
        if end > MAX_COLUMNS:
            raise _TooLarge(Problem(title, number, None, f"第 {get_column_letter(end)} 列还有内容，"
                                    f"表单最多读取 {MAX_COLUMNS} 列（到 {get_column_letter(MAX_COLUMNS)} 列）。"))
        filled += 1
        cells += end
        if filled > MAX_ROWS or cells > MAX_CELLS:
            raise _TooLarge(Problem(title, number, None, f"这张表太大：表单每张表最多 {MAX_ROWS} 行、"
                                    f"{MAX_CELLS} 个单元格，请删除多余的内容。"))
        yield number, values[:end]
