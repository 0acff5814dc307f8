"""Checking a spreadsheet before anything reads it: no file can make the importer run out of memory.

calamine turns every sheet into a dense grid (32 bytes a cell) spanning its first to last cell, and
aborts the whole process, with no message, when that allocation fails: one cell in A1 and one in
XFD1048576 asks for 512 GiB. A zip bomb (a few MB unpacking to gigabytes) or a sheet of a million
rows goes the same way, only slower. So before calamine (or openpyxl) opens a file,
``check_spreadsheet`` measures it without trusting what it claims about itself:

- zip-based files (.xlsx, .xlsm, .ods): the number of parts, their total unpacked size and each
  part's compression ratio, from the zip's directory (instant);
- each sheet's real extent — the last row and column holding a value — by streaming the sheet's
  XML through a regular expression in 1 MiB pieces (the ``<dimension>`` element is only a claim
  and is ignored), stopping as soon as a limit is passed; a cell that is only formatted
  (``<c r="XFD9" s="1"/>``) holds nothing and does not count, as calamine does not count it;
- .xls (Excel 97–2003): the file size, then each sheet's extent from the cell records of its
  BIFF8 substream, read out of the OLE2 compound file (app/excel/guard.py reads just enough of
  both formats for that).

Refusals are ``UserFacingError``s in Chinese naming the file, the sheet and the limit
(``SpreadsheetTooLarge``), or saying the file cannot be read (``UnreadableSpreadsheet``). Sizes count
from A1 (``rows[0]`` is Excel row 1), as the reader hands rows to the importer.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

from app.domain.errors import UserFacingError

MB = 1_000_000
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")
XLS_SUFFIXES = (".xls",)
CHUNK = 1 << 20


@dataclass(frozen=True)
class SheetLimits:
    """What a workbook may hold. The defaults take a county's roster (200,000 rows of 50 columns,
    with photos) with room to spare; docs/excel.md gives the figures behind them."""

    max_file_bytes: int = 200 * MB  # the file on disk
    max_parts: int = 10_000  # files inside a zip-based workbook
    max_unpacked_bytes: int = 1000 * MB  # all parts together, unpacked
    max_ratio: int = 100  # unpacked ÷ packed size of one part …
    ratio_floor_bytes: int = 10 * MB  # … for parts that unpack to more than this
    max_rows: int = 200_000  # the last row holding a value, per sheet (header rows included)
    max_cells: int = 10_000_000  # rows × columns from A1, per sheet and for all sheets together


DEFAULT_LIMITS = SheetLimits()


class SpreadsheetTooLarge(UserFacingError):
    """The file is past a limit (rows, cells, unpacked size, compression ratio, parts, file size)."""


class UnreadableSpreadsheet(UserFacingError):
    """The file is not a workbook the guard can measure (damaged, encrypted, not that format); a
    caller may say so in its own words (``raise …(…) from error``)."""


@dataclass(frozen=True)
class SheetShape:
    name: str
    rows: int  # the last row holding a value (Excel's number, 1-based); 0 for an empty sheet
    columns: int  # the last column holding a value (A = 1); 0 for an empty sheet

    @property
    def cells(self) -> int:
        return self.rows * self.columns


@dataclass(frozen=True)
class SpreadsheetShape:
    kind: str  # "xlsx", "ods" or "xls"
    file_bytes: int
    unpacked_bytes: int  # all parts of a zip-based workbook unpacked; the file size for .xls
    sheets: tuple[SheetShape, ...]

    @property
    def cells(self) -> int:
        return sum(sheet.cells for sheet in self.sheets)


def check_spreadsheet(path: Path, limits: SheetLimits = DEFAULT_LIMITS) -> SpreadsheetShape:
    """The real size of every sheet in an .xlsx, .xlsm, .ods or .xls file, or a ``UserFacingError``
    if reading it would take more memory or time than ``limits`` allow, or it is not such a file.
    Reads at most a little past the limits, so a hostile file is refused in well under a second."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableSpreadsheet(f"找不到文件：{path}", location=path.name)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise SpreadsheetTooLarge(
            f"文件太大（{_size(size)}），超过上限 {_size(limits.max_file_bytes)}。"
            "请删除不需要的工作表、图片，或拆分成多个文件后分别导入。", location=path.name)
    suffix = path.suffix.lower()
    if suffix in ZIP_SUFFIXES:
        return _check_zip(path, size, limits, ods=suffix == ".ods")
    if suffix in XLS_SUFFIXES:
        return _check_xls(path, size, limits)
    raise UnreadableSpreadsheet(f"“{path.name}”不是 Excel 文件，请选择 .xlsx、.xls 或 .ods 文件。",
                                location=path.name)


def check_sheet(file_name: str, sheet: SheetShape, limits: SheetLimits = DEFAULT_LIMITS) -> None:
    """Refuses one sheet past the row or cell limit (the message names the file and sheet)."""
    if sheet.rows > limits.max_rows:
        raise SpreadsheetTooLarge(_too_many_rows(sheet.name, sheet.rows, limits, exact=True), location=file_name)
    if sheet.cells > limits.max_cells:
        raise SpreadsheetTooLarge(
            f"文件太大：工作表“{sheet.name}”的数据范围是 A1:{_column_letter(sheet.columns)}{sheet.rows}"
            f"（{sheet.rows:,} 行 × {sheet.columns:,} 列，共 {sheet.cells:,} 个单元格），"
            f"超过每个工作表 {limits.max_cells:,} 个单元格的上限。"
            "请在 Excel 中按 Ctrl+End 找到最后一个单元格，删除远处多余的行列，或拆分成多个文件后分别导入。",
            location=file_name)


def _too_many_rows(sheet: str, row: int, limits: SheetLimits, *, exact: bool) -> str:
    where = f"有数据到第 {row:,} 行" if exact else f"超过 {limits.max_rows:,} 行（至少到第 {row:,} 行）"
    return (f"文件太大：工作表“{sheet}”{where}，每个工作表最多 {limits.max_rows:,} 行。"
            f"请拆分成多个文件（每个不超过 {limits.max_rows:,} 行）后分别导入。")


def _check_total(file_name: str, sheets: list[SheetShape], limits: SheetLimits) -> None:
    total = sum(sheet.cells for sheet in sheets)
    if total > limits.max_cells:
        raise SpreadsheetTooLarge(
            f"文件太大：全部工作表共 {total:,} 个单元格（按每个工作表从 A1 到最后一个有数据的单元格计），"
            f"超过上限 {limits.max_cells:,} 个。请删除不需要的工作表，或拆分成多个文件后分别导入。",
            location=file_name)


def _size(count: int) -> str:
    return f"{count / MB:,.0f} MB" if count >= MB else f"{count:,} 字节"


def _damaged(path: Path, why: str = "") -> UnreadableSpreadsheet:
    detail = f"（{why}）" if why else ""
    return UnreadableSpreadsheet(f"无法读取“{path.name}”：文件可能已损坏、有密码或不是 Excel 格式{detail}。",
                                 location=path.name)


# Zip-based workbooks -------------------------------------------------------------------------------

def _check_zip(path: Path, size: int, limits: SheetLimits, *, ods: bool) -> SpreadsheetShape:
    declared = _declared_parts(path)
    if declared is not None and declared > limits.max_parts:  # before zipfile builds an object for each
        raise SpreadsheetTooLarge(_too_many_parts(declared, limits), location=path.name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        if not ods and _is_ole2(path):  # an .xls saved under an .xlsx name, or an encrypted .xlsx
            raise _damaged(path, "这是旧版 .xls 或加密的文件，请在 Excel 中另存为 .xlsx") from None
        raise _damaged(path) from None
    with archive:
        _check_parts(path, archive, limits)
        unpacked = sum(info.file_size for info in archive.infolist())
        try:
            sheets = _ods_sheets(path, archive, limits) if ods else _xlsx_sheets(path, archive, limits)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError,
                _Malformed) as error:
            raise _damaged(path, str(error)) from None
    _check_total(path.name, sheets, limits)
    return SpreadsheetShape("ods" if ods else "xlsx", size, unpacked, tuple(sheets))


def _too_many_parts(count: int, limits: SheetLimits) -> str:
    return f"文件里的部件太多（{count:,} 个，上限 {limits.max_parts:,} 个），不像正常的表格文件，已拒绝读取。"


def _declared_parts(path: Path) -> int | None:
    """The part count in the zip's end record (zip64 too), read from the file's last 64 KiB."""
    with path.open("rb") as file:
        file.seek(0, 2)
        size = file.tell()
        file.seek(max(size - 65_557, 0))
        tail = file.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return None
    count = struct.unpack_from("<H", tail, end + 10)[0]
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", tail, locator + 8)[0]
        with path.open("rb") as file:
            file.seek(offset)
            record = file.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) >= 40:
            count = struct.unpack_from("<Q", record, 32)[0]
    return count


def _check_parts(path: Path, archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise SpreadsheetTooLarge(_too_many_parts(len(infos), limits), location=path.name)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise SpreadsheetTooLarge(
                f"文件中的“{info.filename}”解压后有 {_size(info.file_size)}，是压缩后的 {ratio:,.0f} 倍"
                f"（上限 {limits.max_ratio} 倍），可能是恶意构造的“压缩炸弹”，已拒绝读取。", location=path.name)
    if total > limits.max_unpacked_bytes:
        raise SpreadsheetTooLarge(
            f"文件太大：解压后共 {_size(total)}，超过上限 {_size(limits.max_unpacked_bytes)}。"
            "请删除不需要的工作表、图片，或拆分成多个文件后分别导入。", location=path.name)


def _small_xml(path: Path, archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A small XML part (workbook, relationships), parsed after the size checks above; None if absent."""
    try:
        data = archive.read(name)
    except KeyError:
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # nothing in a workbook needs them; entity tricks do
        raise _damaged(path, f"“{name}”含有不允许的 DTD")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise _damaged(path, f"“{name}”：{error}") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheet_parts(path: Path, archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order, as workbook.xml and its relationships name them."""
    names = set(archive.namelist())
    workbook_part = "xl/workbook.xml"
    root_rels = _small_xml(path, archive, "_rels/.rels")
    for rel in root_rels if root_rels is not None else ():
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook_part = rel.get("Target", workbook_part).lstrip("/")
    workbook = _small_xml(path, archive, workbook_part)
    if workbook is None:
        raise _damaged(path, "缺少 workbook.xml")
    folder = PurePosixPath(workbook_part).parent
    rels_part = f"{folder}/_rels/{PurePosixPath(workbook_part).name}.rels"
    rels = _small_xml(path, archive, rels_part)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in (rels if rels is not None else ())}
    parts = []
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else _normalise(f"{folder}/{target}")
        if part in names:  # a chart sheet or a broken link has no worksheet part: nothing to measure
            parts.append((element.get("name", ""), part))
    return parts


def _normalise(part: str) -> str:
    pieces: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if pieces:
                pieces.pop()
        elif piece not in ("", "."):
            pieces.append(piece)
    return "/".join(pieces)


# <c …> or <row …> (any namespace prefix), with "/" before ">" when empty, and an immediate </c>.
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(c|row)(?=[\s/>])([^>]*?)(/?)>(</(?:[A-Za-z_][\w.\-]*:)?c>)?")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,3})(\d*)["']""")


def _xlsx_sheets(path: Path, archive: zipfile.ZipFile, limits: SheetLimits) -> list[SheetShape]:
    sheets = []
    for name, part in _xlsx_sheet_parts(path, archive):
        sheet = None
        for exact in (False, True):
            with archive.open(part) as stream:
                sheet = _xlsx_extent_fast(path, name, stream, limits, exact=exact)
            if sheet is not None:
                break
        if sheet is None:
            with archive.open(part) as stream:
                sheet = _xlsx_extent(path, name, stream, limits)
        check_sheet(path.name, sheet, limits)
        sheets.append(sheet)
    return sheets


# Excel, WPS, openpyxl and our own writer all write <c r="B7" …>: the fast path reads just those refs.
_ANY_CELL = re.compile(rb"<c[\s/>]")
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_FULL_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?(?<!/)>(?!</c>)')  # holding something


def _xlsx_extent_fast(path: Path, name: str, stream: IO[bytes], limits: SheetLimits, *,
                      exact: bool) -> SheetShape | None:
    """The sheet's extent from its cells' ``r`` references, at C speed (about 0.3 s CPU for a
    100,000-row roster). Not exact, it counts every cell, formatted-only ones too, until counting
    those would pass a limit; then it looks at that piece exactly. None when it cannot decide:
    a cell written differently (no ``r``, a namespace prefix), or a piece counted approximately
    earlier might have caused a refusal (the caller then scans again with ``exact``)."""
    rows = columns = 0
    approximate = False
    for buffer, end in _pieces(stream):
        piece = buffer[:end]
        found = _CELL_ROW.findall(piece)
        if len(found) != len(_ANY_CELL.findall(piece)) or b":c " in piece or b":c>" in piece:
            return None
        if not found:
            continue
        r, c = max(map(int, found)), max(map(_column_number, set(_CELL_COLUMN.findall(piece))))
        if exact or _over(max(rows, r), max(columns, c), limits):
            held = _FULL_CELL.findall(buffer, 0, end + 64)  # sees a closing </c> just past the piece
            r = max((int(row) for _, row in held), default=0)
            c = max(map(_column_number, {letters for letters, _ in held}), default=0)
            if r > limits.max_rows:
                raise SpreadsheetTooLarge(_too_many_rows(name, r, limits, exact=False), location=path.name)
            if _over(max(rows, r), max(columns, c), limits):
                if approximate:
                    return None
                check_sheet(path.name, SheetShape(name, max(rows, r), max(columns, c)), limits)
        else:
            approximate = True
        rows, columns = max(rows, r), max(columns, c)
    return SheetShape(name, rows, columns)


def _over(rows: int, columns: int, limits: SheetLimits) -> bool:
    return rows > limits.max_rows or rows * columns > limits.max_cells


class _Malformed(ValueError):
    """A part too strange to measure (its reason, in Chinese, ends up in the message)."""


def _pieces(stream: IO[bytes]) -> Iterator[tuple[bytes, int]]:
    """(buffer, end): the XML stream 1 MiB at a time, cut after a ">" so that ``buffer[:end]``
    holds whole tags, with up to 256 bytes after ``end`` to look ahead; what follows ``end`` comes
    again at the start of the next buffer. Memory stays at about two pieces whatever the stream
    holds: a long text or run of blanks without a tag is dropped, and a tag that does not end
    within 1 MiB is refused (``_Malformed``), since it could hide a cell."""
    carry = b""
    while True:
        piece = stream.read(CHUNK)
        buffer = carry + piece
        if not piece:
            yield buffer, len(buffer)
            return
        cut = buffer.rfind(b">", 0, max(len(buffer) - 256, 0)) + 1
        yield buffer, cut
        carry = buffer[cut:]
        if len(carry) > 4 * CHUNK:
            start = carry.rfind(b"<")
            if start >= 0 and len(carry) - start >= CHUNK:
                raise _Malformed("XML 标记过长")
            carry = carry[start:] if start >= 0 else b""


def _xlsx_extent(path: Path, name: str, stream: IO[bytes], limits: SheetLimits) -> SheetShape:
    """The exact extent, tag by tag, for any spelling of a cell (about 2 s CPU per 100,000 rows):
    a cell's own ``r`` wins, a cell without one follows the cell before it, a row without one the
    row before, as calamine reads them."""
    last_row = last_column = 0
    row = column = 0
    for tag, attributes, empty, closed in _tags(stream, _XLSX_TAG):
        found = _R_ATTR.search(attributes)
        if tag == b"row":
            row = int(found.group(2)) if found and found.group(2) else row + 1
            column = 0
            continue
        if found and found.group(1):
            column = _column_number(found.group(1))
            if found.group(2):
                row = int(found.group(2))
        else:
            column += 1
        if empty or closed:
            continue
        last_row, last_column = max(last_row, row), max(last_column, column)
        if last_row > limits.max_rows:
            raise SpreadsheetTooLarge(_too_many_rows(name, last_row, limits, exact=False), location=path.name)
        if last_row * last_column > limits.max_cells:
            check_sheet(path.name, SheetShape(name, last_row, last_column), limits)
    return SheetShape(name, last_row, last_column)


def _tags(stream: IO[bytes], pattern: re.Pattern[bytes]) -> Iterator[tuple[bytes, bytes, bytes, bytes | None]]:
    """Every match of ``pattern`` (groups: four, e.g. tag, attributes, "/" if empty, closing tag)
    in an XML stream read in pieces."""
    for buffer, end in _pieces(stream):
        for match in pattern.finditer(buffer):
            if match.start() >= end:
                break
            yield match.group(1), match.group(2), match.group(3), match.group(4)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


# OpenDocument spreadsheets -------------------------------------------------------------------------

# table:table (name), table:table-row (rows repeated), table:table-cell / covered-table-cell
# (columns repeated, value type); "/" when empty.
_ODS_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb"""(?:^|\s)(?:[\w.\-]+:)?name\s*=\s*["']([^"']*)["']""")
_ODS_ROWS = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)["']""")
_ODS_COLUMNS = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)["']""")
_ODS_VALUE = re.compile(rb"""value-type\s*=""")


def _ods_sheets(path: Path, archive: zipfile.ZipFile, limits: SheetLimits) -> list[SheetShape]:
    """Each table's extent in content.xml. calamine repeats a repeated cell or row that holds a
    value (number-columns-repeated="16384" with a value is 16,384 cells) and drops empty ones."""
    if "content.xml" not in archive.namelist():
        raise _damaged(path, "缺少 content.xml")
    sheets: list[SheetShape] = []
    name, last_row, last_column = "", 0, 0
    row = column = 0  # rows and columns before the current one
    row_repeat = 1
    row_has_value = False
    with archive.open("content.xml") as stream:
        for closing, tag, attributes, empty in _ods_tags(stream):
            if tag == b"table":
                if closing:
                    sheets.append(SheetShape(name, last_row, last_column))
                    check_sheet(path.name, sheets[-1], limits)
                elif not empty:
                    found = _ODS_NAME.search(attributes)
                    name = found.group(1).decode("utf-8", "replace") if found else ""
                    last_row = last_column = row = 0
                continue
            if tag == b"table-row":
                if closing or empty:
                    if row_has_value:
                        last_row = row + row_repeat
                    row += row_repeat
                    row_has_value = False
                else:
                    found = _ODS_ROWS.search(attributes)
                    row_repeat = int(found.group(1)) if found else 1
                    column, row_has_value = 0, False
                continue
            if closing:
                continue
            found = _ODS_COLUMNS.search(attributes)
            repeat = int(found.group(1)) if found else 1
            if not empty or _ODS_VALUE.search(attributes):
                row_has_value = True
                last_column = max(last_column, column + repeat)
                rows_now = row + row_repeat
                if rows_now > limits.max_rows:
                    raise SpreadsheetTooLarge(_too_many_rows(name, rows_now, limits, exact=False), location=path.name)
                if rows_now * last_column > limits.max_cells:
                    check_sheet(path.name, SheetShape(name, rows_now, last_column), limits)
            column += repeat
    return sheets


def _ods_tags(stream: IO[bytes]) -> Iterator[tuple[bytes, bytes, bytes, bytes]]:
    for closing, tag, attributes, empty in _tags(stream, _ODS_TAG):
        yield closing, tag, attributes or b"", empty or b""


# Excel 97–2003 (.xls): an OLE2 compound file holding a BIFF8 "Workbook" stream --------------------

OLE2_MAGIC = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
_END_OF_CHAIN = 0xFFFFFFFE
_CELL_RECORDS = {0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0406, 0x0003, 0x0002, 0x0004,
                 0x0005, 0x007E}  # FORMULA, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING and BIFF2–4 forms
_MULRK = 0x00BD
_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F


def _is_ole2(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(8) == OLE2_MAGIC


def _check_xls(path: Path, size: int, limits: SheetLimits) -> SpreadsheetShape:
    data = path.read_bytes()  # at most max_file_bytes
    if data[:8] != OLE2_MAGIC:
        raise _damaged(path)
    try:
        stream = _ole2_stream(data, ("Workbook", "Book"))
    except (struct.error, IndexError, ValueError) as error:
        raise _damaged(path, str(error) or "复合文件结构错误") from None
    if stream is None:
        raise _damaged(path, "没有 Workbook 数据流")
    sheets = _biff_sheets(path, stream, limits)
    _check_total(path.name, sheets, limits)
    return SpreadsheetShape("xls", size, size, tuple(sheets))


def _ole2_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """One stream of a compound file ([MS-CFB]): header, FAT from the DIFAT, directory, then the
    stream's sector chain (or the mini stream's, for a stream under the cutoff)."""
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if not 7 <= sector_shift <= 16 or mini_shift >= sector_shift:
        raise ValueError("扇区大小不正确")
    sector = 1 << sector_shift
    (fat_count, directory_start, _, cutoff, mini_fat_start, mini_fat_count, difat_start,
     difat_count) = struct.unpack_from("<IIIIIIII", data, 44)
    sectors = max((len(data) - sector) // sector, 0)

    def read_sector(number: int) -> bytes:
        if number >= sectors:
            raise ValueError("扇区编号超出文件")
        offset = sector + number * sector
        return data[offset:offset + sector]

    fat_sectors = list(struct.unpack_from("<109I", data, 76))
    next_difat, seen = difat_start, 0
    while next_difat != _END_OF_CHAIN and seen < difat_count and seen <= sectors:
        values = struct.unpack(f"<{sector // 4}I", read_sector(next_difat))
        fat_sectors += values[:-1]
        next_difat, seen = values[-1], seen + 1
    fat: list[int] = []
    for number in fat_sectors[:min(fat_count, sectors)]:
        fat += struct.unpack(f"<{sector // 4}I", read_sector(number))

    def chain(start: int, table: list[int], limit: int) -> Iterator[int]:
        count = 0
        while start != _END_OF_CHAIN:
            if start >= len(table) or count > limit:
                raise ValueError("扇区链断裂或成环")
            yield start
            start, count = table[start], count + 1

    directory = b"".join(read_sector(n) for n in chain(directory_start, fat, sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    root = entries[0] if entries else b""
    for entry in entries:
        length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
        if entry[66] != 2 or name not in names:
            continue
        start, stream_size = struct.unpack_from("<IQ", entry, 116)
        if stream_size >= cutoff:
            stream = b"".join(read_sector(n) for n in chain(start, fat, sectors))
        else:
            mini_stream = b"".join(read_sector(n) for n in chain(struct.unpack_from("<I", root, 116)[0], fat,
                                                                     sectors))
            mini_fat: list[int] = []
            for number in list(chain(mini_fat_start, fat, sectors))[:mini_fat_count]:
                mini_fat += struct.unpack(f"<{sector // 4}I", read_sector(number))
            mini = 1 << mini_shift
            stream = b"".join(mini_stream[n * mini:(n + 1) * mini]
                              for n in chain(start, mini_fat, len(mini_stream) // mini))
        return stream[:stream_size]
    return None


def _biff_sheets(path: Path, stream: bytes, limits: SheetLimits) -> list[SheetShape]:
    """Each worksheet substream's extent from its cell records (BLANK and MULBLANK cells hold
    nothing, as calamine does not count them); sheets are named by their BOUNDSHEET records."""
    names: dict[int, str] = {}
    extents: dict[int, list[int]] = {}
    current: list[int] | None = None
    name = ""
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4:position + 4 + length]
        if kind == _FILEPASS:  # the records after it are encrypted: their cell positions mean nothing
            raise _damaged(path, "文件设置了打开密码，请在 Excel 中取消密码后另存")
        if kind == _BOUNDSHEET and len(body) >= 8:
            names[struct.unpack_from("<I", body)[0]] = _sheet_name(body)
        elif kind == _BOF and position in names:
            current, name = extents.setdefault(position, [0, 0]), names[position]
        elif kind == _EOF:
            current = None
        elif current is not None and len(body) >= 4 and (kind in _CELL_RECORDS or kind == _MULRK):
            row, column = struct.unpack_from("<HH", body)
            if kind == _MULRK and len(body) >= 6:
                column = struct.unpack_from("<H", body, len(body) - 2)[0]
            current[0], current[1] = max(current[0], row + 1), max(current[1], column + 1)
            if current[0] * current[1] > limits.max_cells or current[0] > limits.max_rows:
                check_sheet(path.name, SheetShape(name, current[0], current[1]), limits)
        position += 4 + length
    return [SheetShape(names[offset], *extents.get(offset, [0, 0])) for offset in names]


def _sheet_name(body: bytes) -> str:
    """BOUNDSHEET8's ShortXLUnicodeString: a character count, a flag (1: UTF-16), the characters."""
    count, flags = body[6], body[7] if len(body) > 7 else 0
    raw = body[8:]
    if flags & 1:
        return raw[:count * 2].decode("utf-16-le", "replace")
    return raw[:count].decode("latin-1")
