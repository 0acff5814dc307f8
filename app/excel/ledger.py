"""Writing a ledger in the standard layout: a title row, a two-level merged header, frozen panes,
column widths, thin borders, A4 landscape printing that repeats the header rows and fits the width,
and ID numbers stored as text cells (so Excel never shows them as 1.3E+17).

Ledgers go through the streaming writer in rawxlsx (openpyxl manages ~2k ledger rows a second
here, too slow for a county's roster of hundreds of thousands of members).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.idnumber import mask_id_number
from app.excel.rawxlsx import (
    BORDERED,
    BORDERED_MONEY,
    BORDERED_TEXT,
    LEDGER_HEADER,
    LEDGER_TITLE,
    PLAIN,
    PrintSetup,
    RawSheet,
    column_letter,
    write_xlsx,
)


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


class _Counter:
    def __init__(self) -> None:
        self.rows = 0


def write_ledgers(path: Path, ledgers: Sequence[Ledger]) -> int:
    """Write each ledger on its own sheet; returns the number of data rows written."""
    counter = _Counter()
    write_xlsx(path, [_sheet(ledger, counter) for ledger in ledgers])
    return counter.rows


def header_rows(columns: Sequence[LedgerColumn]) -> tuple[int, ...]:
    """The 1-based rows the header takes: 3, or 3 and 4 when columns are grouped."""
    return (3, 4) if any(c.group for c in columns) else (3,)


def _sheet(ledger: Ledger, counter: _Counter) -> RawSheet:
    columns = list(ledger.columns)
    last = column_letter(len(columns) - 1)
    rows_of_header = header_rows(columns)
    merges = [f"A1:{last}1", f"A2:{last}2"]
    if len(rows_of_header) == 2:
        merges += _header_merges(columns)
    return RawSheet(
        ledger.sheet[:31], _rows(ledger, columns, rows_of_header, counter), widths=[c.width for c in columns],
        freeze_rows=rows_of_header[-1], merges=merges, row_heights={1: 30},
        print_setup=PrintSetup((rows_of_header[0], rows_of_header[-1])))


def _rows(ledger: Ledger, columns: list[LedgerColumn], rows_of_header: tuple[int, ...],
          counter: _Counter) -> Iterator[tuple[int | list[int], list[Any]]]:
    header = [LEDGER_HEADER] * len(columns)
    yield LEDGER_TITLE, [ledger.title]
    yield PLAIN, [ledger.subtitle]
    if len(rows_of_header) == 2:
        yield header, [c.group or c.title for c in columns]
        yield header, [c.title if c.group else None for c in columns]
    else:
        yield header, [c.title for c in columns]
    styles = [BORDERED_TEXT if c.id_number else BORDERED_MONEY if c.money else BORDERED for c in columns]
    ids = [i for i, c in enumerate(columns) if c.id_number]
    for values in ledger.rows:
        row = [_cell_value(v) for v in values]
        for i in ids:
            if row[i]:
                row[i] = mask_id_number(str(row[i])) if ledger.for_posting else str(row[i])
        counter.rows += 1
        yield styles, row
    for line in ledger.footer:
        yield PLAIN, [line]


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


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value
