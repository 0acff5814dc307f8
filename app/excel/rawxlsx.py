"""A small, fast .xlsx writer for large plain tables (the import report).

openpyxl writes about 130k cells/s here, which alone would spend the whole import budget on a
100k-row report. This writer streams the sheet XML straight into the zip (inline strings, four
fixed styles) at several hundred thousand cells per second. Styled ledgers use openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

# Style indexes (cellXfs order in _STYLES).
PLAIN, HEADER, REFUSED, TITLE = 0, 1, 2, 3

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Characters XML 1.0 forbids; spreadsheets sometimes carry them in pasted text.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}


@dataclass
class RawSheet:
    name: str
    rows: Iterable[tuple[int, Sequence[Any]]]  # (style, values)
    widths: Sequence[float] = ()
    freeze_rows: int = 0
    autofilter_row: int | None = None  # 1-based row of the filter header
    column_count: int = 0
    merges: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_LETTERS = [column_letter(i) for i in range(256)]


def _cell(ref: str, style: int, value: Any) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{"是" if value else "否"}</t></is></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, date):
        value = value.isoformat()
    text = str(value).translate(_ESCAPE).translate(_CONTROL)
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: RawSheet) -> Iterable[str]:
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if sheet.freeze_rows:
        rows = sheet.freeze_rows
        yield (f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{rows}" topLeftCell="A{rows + 1}" '
               'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if sheet.widths:
        yield "<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                 for i, w in enumerate(sheet.widths, start=1)) + "</cols>"
    yield "<sheetData>"
    number = 0
    for number, (style, values) in enumerate(sheet.rows, start=1):
        cells = "".join(_cell(f"{_LETTERS[i]}{number}", style, v)
                        for i, v in enumerate(values) if v is not None and v != "")
        yield f'<row r="{number}">{cells}</row>'
    yield "</sheetData>"
    if sheet.autofilter_row and sheet.column_count and number >= sheet.autofilter_row:
        last = _LETTERS[sheet.column_count - 1]
        yield f'<autoFilter ref="A{sheet.autofilter_row}:{last}{number}"/>'
    if sheet.merges:
        yield f'<mergeCells count="{len(sheet.merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>"
    yield "</worksheet>"


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="3"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="14"/><name val="等线"/></font></fonts>'
    '<fills count="4"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="4"><xf/>'
    '<xf fontId="1" fillId="2" applyFont="1" applyFill="1"/>'
    '<xf fillId="3" applyFill="1"/>'
    '<xf fontId="2" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def write_xlsx(path: Path, sheets: Sequence[RawSheet]) -> None:
    """Write ``sheets`` to ``path`` (sheet names must be unique, at most 31 characters)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        names = "".join(f'<sheet name="{s.name[:31].translate(_ESCAPE)}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, s in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets>{names}</sheets></workbook>'))
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1))
        style_id = len(sheets) + 1
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{relations}<Relationship Id="rId{style_id}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'))
        archive.writestr("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w") as stream:
                buffer: list[str] = []
                for part in _sheet_xml(sheet):
                    buffer.append(part)
                    if len(buffer) >= 2000:
                        stream.write("".join(buffer).encode("utf-8"))
                        buffer.clear()
                stream.write("".join(buffer).encode("utf-8"))
