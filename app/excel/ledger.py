"""Writing a ledger in the standard layout: a title row, a two-level merged header (each group
heading written once, in the first cell of its merge), frozen panes, thin borders, A4 landscape
printing that repeats the header rows and fits the width, and code columns (户编号, 村代码, ID
numbers, phone numbers) stored as text cells in the text format `@`, so Excel never shows them as
1.3E+17 and a code typed over one stays text.

Every column is as wide as its content: code columns as wide as their longest code (never cut, and
they shrink to fit rather than wrap); other columns as wide as their longest text up to the
column's ``width``, beyond which the text wraps and the row grows to fit (rawxlsx counts the lines).
The widths are known only once every row has been seen, and the sheet's XML names them before its
rows, so the rows are measured on their way into a temporary spool file and written from there.

Ledgers go through the streaming writer in rawxlsx (openpyxl manages ~2k ledger rows a second
here, too slow for a county's roster of hundreds of thousands of members).
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from app.excel.rawxlsx import (
    BORDERED,
    BORDERED_MONEY,
    BORDERED_TEXT,
    CELL_PADDING,
    LEDGER_HEADER,
    LEDGER_TITLE,
    WRAPPED,
    PrintSetup,
    RawSheet,
    column_letter,
    row_height,
    text_width,
    write_xlsx,
)

# Column titles ending so hold codes: kept as text, never wrapped, never narrower than their content.
CODE_ENDINGS = ("编号", "代码", "身份证号", "电话", "手机号", "账号", "卡号")
PADDING = 1  # digit widths beside the cell's own padding, so nothing touches the border
NARROWEST = 4


@dataclass(frozen=True)
class LedgerColumn:
    title: str
    width: float = 12  # the widest the column grows for its text before the text wraps
    group: str = ""  # the upper header cell, merged over neighbouring columns of the same group
    id_number: bool = False  # stored as text; never in a ledger for posting
    money: bool = False
    code: bool = False  # stored as text and never cut; implied by the titles in CODE_ENDINGS

    @property
    def is_code(self) -> bool:
        return self.code or self.id_number or self.title.endswith(CODE_ENDINGS)


@dataclass
class Ledger:
    sheet: str
    title: str
    columns: Sequence[LedgerColumn]
    rows: Iterable[Sequence[Any]]
    subtitle: str = ""
    for_posting: bool = False  # built from app/domain/posting.py; may not have an ID column
    footer: Sequence[str] = field(default_factory=tuple)


def write_ledgers(path: Path, ledgers: Sequence[Ledger]) -> int:
    """Write each ledger on its own sheet; returns the number of data rows written."""
    for ledger in ledgers:
        if ledger.for_posting and any(c.id_number for c in ledger.columns):
            raise ValueError(f"{ledger.title}: a ledger for posting has no ID number column")
    with ExitStack() as stack:
        spools = [_Spool(ledger, stack.enter_context(tempfile.TemporaryFile())) for ledger in ledgers]
        write_xlsx(path, [spool.sheet() for spool in spools])
        return sum(spool.count for spool in spools)


def header_rows(columns: Sequence[LedgerColumn]) -> tuple[int, ...]:
    """The 1-based rows the header takes: 3, or 3 and 4 when columns are grouped."""
    return (3, 4) if any(c.group for c in columns) else (3,)


def column_widths(columns: Sequence[LedgerColumn], widest: Sequence[int]) -> list[float]:
    """Each column's width from the display width of its widest value (``widest``)."""
    widths = []
    for column, content in zip(columns, widest, strict=True):
        # a title of up to six CJK characters stays on one line; a longer one may take two even halves
        title = text_width(column.title)
        header = max(NARROWEST, (title if title <= 12 else -(-title // 4) * 2) + CELL_PADDING + PADDING)
        fit = content + CELL_PADDING + PADDING
        widths.append(float(max(header, fit if column.is_code else min(fit, max(column.width, header)))))
    return widths


class _Spool:
    """One ledger's rows, measured and kept in a temporary file until the widths are known."""

    def __init__(self, ledger: Ledger, file: IO[bytes]) -> None:
        self.ledger = ledger
        self.columns = list(ledger.columns)
        self.file = file
        self.count = 0
        self.widest = self._fill()

    def _fill(self) -> list[int]:
        columns, file, ledger = self.columns, self.file, self.ledger
        widest = [0] * len(columns)
        codes = [i for i, c in enumerate(columns) if c.is_code]
        money = {i for i, c in enumerate(columns) if c.money}
        dump = marshal.dump
        for values in ledger.rows:
            row = [_cell_value(v) for v in values]
            for i in codes:
                if i < len(row) and row[i] is not None and row[i] != "":
                    row[i] = str(row[i])
            for i, value in enumerate(row[:len(widest)]):
                if type(value) is str:
                    if len(value) * 2 > widest[i]:  # cannot be wider than two per character
                        widest[i] = max(widest[i], _longest_line(value))
                elif value is not None:
                    shown = f"{value:,.2f}" if i in money and isinstance(value, int | float) else str(value)
                    widest[i] = max(widest[i], len(shown))
            dump(row, file)
            self.count += 1
        file.seek(0)
        return widest

    def sheet(self) -> RawSheet:
        columns = self.columns
        last = column_letter(len(columns) - 1)
        rows_of_header = header_rows(columns)
        merges = [f"A1:{last}1", f"A2:{last}2"]
        if len(rows_of_header) == 2:
            merges += _header_merges(columns)
        first_footer = rows_of_header[-1] + self.count + 1
        merges += [f"A{n}:{last}{n}" for n in range(first_footer, first_footer + len(self.ledger.footer))]
        return RawSheet(
            self.ledger.sheet[:31], self._rows(rows_of_header), widths=column_widths(columns, self.widest),
            freeze_rows=rows_of_header[-1], merges=merges, row_heights={1: 30}, default_row_height=row_height(1),
            print_setup=PrintSetup((rows_of_header[0], rows_of_header[-1])))

    def _rows(self, rows_of_header: tuple[int, ...]) -> Iterator[tuple[int | list[int], list[Any]]]:
        columns, ledger = self.columns, self.ledger
        header = [LEDGER_HEADER] * len(columns)
        yield LEDGER_TITLE, [ledger.title]
        yield WRAPPED, [ledger.subtitle]
        if len(rows_of_header) == 2:
            yield header, [_group_heading(columns, i) for i in range(len(columns))]
            yield header, [c.title if c.group else None for c in columns]
        else:
            yield header, [c.title for c in columns]
        styles = [BORDERED_TEXT if c.is_code else BORDERED_MONEY if c.money else BORDERED for c in columns]
        load = marshal.load
        for _ in range(self.count):
            yield styles, load(self.file)
        for line in ledger.footer:
            yield WRAPPED, [line]


def _group_heading(columns: list[LedgerColumn], index: int) -> str | None:
    """Row 3: a group's heading in its first column only (the rest of its merge stays empty);
    an ungrouped column's title, merged down over row 4."""
    column = columns[index]
    if not column.group:
        return column.title
    if index and columns[index - 1].group == column.group:
        return None
    return column.group


def _header_merges(columns: list[LedgerColumn]) -> list[str]:
    merges = []
    start = 0
    while start < len(columns):
        group = columns[start].group
        end = start
        while group and end + 1 < len(columns) and columns[end + 1].group == group:
            end += 1
        if not group:
            merges.append(f"{column_letter(start)}3:{column_letter(start)}4")
        elif end > start:
            merges.append(f"{column_letter(start)}3:{column_letter(end)}3")
        start = end + 1
    return merges


def _longest_line(text: str) -> int:
    return max(text_width(line) for line in text.split("\n")) if "\n" in text else text_width(text)


def _cell_value(value: Any) -> Any:
    """A plain str, int, float, bool or None (what marshal keeps and rawxlsx writes)."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):  # a str enum: its value
        return str.__str__(value)
    if isinstance(value, bool | int | float):
        return bool(value) if isinstance(value, bool) else int(value) if isinstance(value, int) else float(value)
    return str(value)
