"""A small, fast .xlsx writer for large tables: the import report and the ledgers.

openpyxl writes about 130k cells/s here (45k with borders), which alone would spend the whole
import budget on a 100k-row report and take minutes over a county's roster. This writer streams
the sheet XML straight into the zip (inline strings, a fixed set of styles, merges, frozen panes,
column widths, print setup with repeated title rows) at about a million cells per second.
The files are checked by reading them back with openpyxl and calamine in the tests.

No cell is ever a formula: text is written as an inline string, and text that a spreadsheet
would take for a formula once the cell is edited (beginning with ``=``, ``+``, ``-``, ``@``, tab or
carriage return: OWASP's CSV-injection list) gets its style's quote-prefix twin, so Excel and WPS
show it as text and keep it text (a value from a bundle or an imported roster is data, never code).
Numbers (negative ones too) stay numbers.

Cells in a wrapping style grow their row: no spreadsheet stores row heights it has not been told,
and a printed row keeps the height in the file (LibreOffice and Excel both clip the rest), so the
writer counts the lines each wrapped text takes at its column's width (CJK characters count two
digit widths, runs of ASCII letters and digits do not break) and sets the row's height to fit.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

# Style indexes (cellXfs order in _STYLES).
PLAIN, HEADER, REFUSED, TITLE = 0, 1, 2, 3
LEDGER_TITLE, LEDGER_HEADER, BORDERED, BORDERED_TEXT, BORDERED_MONEY, TEXT, WRAPPED = 4, 5, 6, 7, 8, 9, 10
# Styles that wrap their text, with the font size (pt) their line count is measured in.
# BORDERED_TEXT (codes: 户编号, ID numbers) never wraps; it shrinks to fit instead.
WRAPPING = {LEDGER_TITLE: 16.0, LEDGER_HEADER: 11.0, BORDERED: 11.0, WRAPPED: 11.0}
LINE_HEIGHT = 1.4  # a text line's height per point of font size (等线, WenQuanYi, Noto CJK: 1.3–1.4)
ROW_PADDING = 3.0  # points above and below the text of a wrapped row
CELL_PADDING = 1.0  # digit widths a cell keeps clear of its borders
DEFAULT_ROW_HEIGHT = 14.25  # points: a row of 11 pt text whose height neither the row nor the sheet sets
STYLE_COUNT = 11  # styles above; each has a quote-prefixed twin STYLE_COUNT places later
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Characters XML 1.0 forbids; spreadsheets sometimes carry them in pasted text.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}
# A carriage return as a character reference: a raw one would read back as a line feed.
_XML = str.maketrans({**{chr(c): None for c in _CONTROL}, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                      "\r": "&#13;"})


@dataclass(frozen=True)
class PrintSetup:
    """A4 landscape, fit to the page width, these 1-based rows repeated on every page."""

    title_rows: tuple[int, int]
    landscape: bool = True


@dataclass
class RawSheet:
    name: str
    # (style, values): one style for the row, or one per column (then empty cells keep theirs)
    rows: Iterable[tuple[int | Sequence[int], Sequence[Any]]]
    widths: Sequence[float] = ()
    freeze_rows: int = 0
    autofilter_row: int | None = None  # 1-based row of the filter header
    column_count: int = 0
    merges: list[str] = field(default_factory=list)
    print_setup: PrintSetup | None = None
    row_heights: dict[int, float] = field(default_factory=dict)  # at least these points; wrapped text may need more
    default_row_height: float | None = None  # points, for every row not given another (else the application's)


def text_width(text: str) -> int:
    """Display width of one line in digit widths (the unit of column widths): CJK and other
    characters outside Latin, Greek and Cyrillic count two, the rest one. UTF-8 takes 3 or 4 bytes
    for exactly those wide characters, so (bytes + characters) // 2 counts them in C."""
    return (len(text.encode("utf-8")) + len(text)) // 2


_WORDS = re.compile(r"[!-~]+|\s|.")  # a run of printable ASCII stays on one line; else any character


def wrapped_lines(text: str, width: float, font_size: float = 11.0) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` digit widths wide, set in
    ``font_size`` points (column widths are counted in digits of the 11 pt default font)."""
    room = max((width - CELL_PADDING) * 11.0 / font_size, 2.0)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        if text_width(paragraph) <= room:
            continue
        used = 0.0
        for word in _WORDS.findall(paragraph):
            size = text_width(word)
            if used + size <= room:
                used += size
            elif word.isspace():
                used = room  # a space at the end of a line is dropped; the next word starts a line
            elif size > room:  # longer than a line: starts a line and is broken at its edge
                lines += 1 if used else 0
                full, used = divmod(size, room)
                if not used:
                    full, used = full - 1, room
                lines += int(full)
            else:
                lines += 1
                used = size
    return lines


def row_height(lines: int, font_size: float = 11.0) -> float:
    """Points a row needs for ``lines`` lines of ``font_size`` text."""
    return round(lines * font_size * LINE_HEIGHT + ROW_PADDING, 1)


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_LETTERS = [column_letter(i) for i in range(256)]


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would take for a formula if typed in (OWASP's list)."""
    return text.startswith(FORMULA_START)


def _cell(ref: str, style: int, value: Any) -> str:
    if type(value) is str:  # the common case first
        if value.startswith(FORMULA_START):
            style += STYLE_COUNT
        s = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{value.translate(_XML)}</t></is></c>'
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{"是" if value else "否"}</t></is></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{value.isoformat()}</t></is></c>'
    return _cell(ref, style, str(value))


def _row_xml(number: int, style: int | Sequence[int], values: Sequence[Any], height: float | None) -> str:
    if isinstance(style, int):
        cells = "".join(_cell(f"{_LETTERS[i]}{number}", style, v)
                        for i, v in enumerate(values) if v is not None and v != "")
    else:
        cells = "".join(
            _cell(f"{_LETTERS[i]}{number}", s, v) if v is not None and v != ""
            else f'<c r="{_LETTERS[i]}{number}" s="{s}"/>'
            for i, (s, v) in enumerate(zip(style, [*values, *[None] * (len(style) - len(values))], strict=False)))
    extra = f' ht="{height}" customHeight="1"' if height else ""
    return f'<row r="{number}"{extra}>{cells}</row>'


_DEFAULT_WIDTH = 8.43  # a column without a width of its own
_AREA = re.compile(r"([A-Z]+)(\d+):([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Heights:
    """The height each row needs for its wrapped text: the largest of its cells' (a merged cell
    measured across its merged columns), or None to keep the
    spreadsheet's default height when every wrapped cell fits on one line."""

    def __init__(self, sheet: RawSheet) -> None:
        self.widths = list(sheet.widths)
        self.minimum = sheet.row_heights
        self.default = sheet.default_row_height or DEFAULT_ROW_HEIGHT
        self.merged: dict[tuple[int, int], tuple[float, int]] = {}
        for area in sheet.merges:
            found = _AREA.fullmatch(area)
            if found:
                first, last = _column_index(found[1]), _column_index(found[3])
                self.merged[int(found[2]), first] = (
                    sum(self._width(i) for i in range(first, last + 1)), int(found[4]) - int(found[2]) + 1)
        self.plans: dict[tuple[int, ...], list[tuple[int, float]]] = {}

    def _width(self, column: int) -> float:
        return self.widths[column] if column < len(self.widths) else _DEFAULT_WIDTH

    def of(self, number: int, style: int | Sequence[int], values: Sequence[Any]) -> float | None:
        if isinstance(style, int):
            font = WRAPPING.get(style)
            plan = [(i, font) for i in range(len(values))] if font else []
        else:
            key = tuple(style)
            plan = self.plans.get(key)  # type: ignore[assignment]
            if plan is None:
                plan = self.plans[key] = [(i, WRAPPING[s]) for i, s in enumerate(key) if s in WRAPPING]
        needed = 0.0
        for i, font in plan:
            value = values[i] if i < len(values) else None
            if type(value) is not str or not value:
                continue
            width, rows = self.merged.get((number, i)) or (self._width(i), 1)
            if "\n" not in value and len(value) * 2 <= (width - CELL_PADDING) * 11.0 / font:
                lines = 1  # fits on one line even if every character is wide: no need to measure
            else:
                lines = wrapped_lines(value, width, font)
            if lines > 1 or font != 11.0:  # a merge down several rows: the rows below keep their default height
                needed = max(needed, row_height(lines, font) - (rows - 1) * self.default)
        given = self.minimum.get(number)
        if given is not None:
            return max(given, needed)
        return needed or None


def _sheet_xml(sheet: RawSheet) -> Iterable[str]:
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">')
    if sheet.print_setup:
        yield '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    if sheet.freeze_rows:
        rows = sheet.freeze_rows
        yield (f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{rows}" topLeftCell="A{rows + 1}" '
               'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if sheet.default_row_height:
        yield f'<sheetFormatPr defaultRowHeight="{sheet.default_row_height}" customHeight="1"/>'
    if sheet.widths:
        yield "<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                 for i, w in enumerate(sheet.widths, start=1)) + "</cols>"
    yield "<sheetData>"
    number = 0
    heights = _Heights(sheet)
    for number, (style, values) in enumerate(sheet.rows, start=1):
        yield _row_xml(number, style, values, heights.of(number, style, values))
    yield "</sheetData>"
    if sheet.autofilter_row and sheet.column_count and number >= sheet.autofilter_row:
        last = _LETTERS[sheet.column_count - 1]
        yield f'<autoFilter ref="A{sheet.autofilter_row}:{last}{number}"/>'
    if sheet.merges:
        yield f'<mergeCells count="{len(sheet.merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>"
    if sheet.print_setup:
        orientation = "landscape" if sheet.print_setup.landscape else "portrait"
        yield ('<printOptions horizontalCentered="1"/>'
               '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
               f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
               '<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>')
    yield "</worksheet>"


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="4"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="14"/><name val="等线"/></font>'
    '<font><b/><sz val="16"/><name val="等线"/></font></fonts>'
    '<fills count="4"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill></fills>'
    '<borders count="2"><border/><border><left style="thin"><color rgb="FF808080"/></left>'
    '<right style="thin"><color rgb="FF808080"/></right><top style="thin"><color rgb="FF808080"/></top>'
    '<bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="{count}"><xf/>'
    '<xf fontId="1" fillId="2" applyFont="1" applyFill="1"/>'
    '<xf fillId="3" applyFill="1"/>'
    '<xf fontId="2" applyFont="1"/>'
    '<xf fontId="3" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf fontId="1" fillId="2" borderId="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf borderId="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" borderId="1" applyNumberFormat="1" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="center" shrinkToFit="1"/></xf>'
    '<xf numFmtId="4" borderId="1" applyNumberFormat="1" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="center"/></xf>'
    '<xf numFmtId="49" applyNumberFormat="1"/>'
    '<xf applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>{quoted}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)
_XFS = re.findall(r"<xf/>|<xf [^>]*/>|<xf [^>]*>.*?</xf>", _STYLES.split("<cellXfs", 1)[1].split("</cellXfs>")[0])
assert len(_XFS) == STYLE_COUNT
# The same styles again, quote-prefixed: text beginning like a formula is shown and kept as text.
_STYLES = _STYLES.format(count=2 * STYLE_COUNT, quoted="".join(
    re.sub(r"^<xf( ?)", lambda m: '<xf quotePrefix="1"' + (" " if m[1] else ""), xf) for xf in _XFS))


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
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"'{s.name[:31].translate(_ESCAPE)}'!${s.print_setup.title_rows[0]}:${s.print_setup.title_rows[1]}"
            "</definedName>" for i, s in enumerate(sheets) if s.print_setup)
        defined = f"<definedNames>{titles}</definedNames>" if titles else ""
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets>{names}</sheets>{defined}</workbook>'))
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
