"""Finding the header of a messy sheet: title rows above it, several header rows, merged cells.

The header is the first row with at least two recognised column names (and no more unknown text
than known); merged cells spanning into it pull the rows above or below into the header block.
Each column's label is its header texts from top to bottom ("家庭成员信息/姓名").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.excel.cleaning import text
from app.excel.rawxlsx import column_letter
from app.excel.reader import Merge, SheetGrid
from app.excel.targets import is_header_word

SCAN_ROWS = 40


@dataclass(frozen=True)
class Column:
    index: int
    path: tuple[str, ...]

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        return "/".join(self.path)


@dataclass(frozen=True)
class Layout:
    header_first: int  # 0-based rows
    header_last: int
    columns: tuple[Column, ...]
    title: str = ""

    @property
    def data_start(self) -> int:
        return self.header_last + 1


def _texts(row: list[Any]) -> list[str]:
    return [t for t in (text(v) for v in row) if t]


def header_score(row: list[Any], extra: frozenset[str] = frozenset()) -> tuple[int, int]:
    """(recognised names, other texts) in a row; ``extra`` are labels a template knows."""
    texts = [t for t in _texts(row) if not t.isdigit()]
    known = sum(1 for t in texts if is_header_word(t) or t in extra)
    return known, len(texts) - known


def looks_like_header(row: list[Any], extra: frozenset[str] = frozenset()) -> bool:
    known, other = header_score(row, extra)
    return known >= 2 and known >= other


def find_layout(sheet: SheetGrid, extra: frozenset[str] = frozenset()) -> Layout | None:
    rows = sheet.rows
    first = next((r for r in range(min(SCAN_ROWS, len(rows))) if looks_like_header(rows[r], extra)), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(rows) and (_merged_down(sheet.merges, last) or (
            looks_like_header(rows[last + 1], extra) and not _is_numbering(rows[last + 1]))):
        last += 1
    while first > 0 and (_merged_down(sheet.merges, first - 1) or _group_row(rows[first - 1])):
        first -= 1
    width = max((len(rows[r]) for r in range(first, last + 1)), default=0)
    grid = [[text(v) or "" for v in rows[r]] + [""] * (width - len(rows[r]))
            for r in range(first, last + 1)]
    _fill_merges(grid, sheet.merges, first, last)
    columns = []
    for c in range(width):
        path: list[str] = []
        for r in range(len(grid)):
            cell = grid[r][c]
            if cell and (not path or path[-1] != cell):
                path.append(cell)
        if path:
            columns.append(Column(c, tuple(path)))
    title = next((t for r in range(first) for t in _texts(rows[r])), "")
    return Layout(first, last, tuple(columns), title)


def _merged_down(merges: list[Merge], row: int) -> bool:
    """A merge in ``row`` that continues into the next row (a header cell spanning two rows)."""
    return any(top <= row < bottom for (top, _), (bottom, _) in merges)


def _group_row(row: list[Any]) -> bool:
    """Group headings above the names (基本信息 | 收入情况): several texts, none a label: value pair."""
    texts = _texts(row)
    return len(texts) >= 2 and not any(":" in t or "：" in t for t in texts)


def _is_numbering(row: list[Any]) -> bool:
    """The 1 2 3 4 … row many forms put under their header."""
    values = [v for v in row if v not in (None, "")]
    try:
        numbers = [int(float(v)) for v in values]
    except (TypeError, ValueError):
        return False
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_numbering_row(row: list[Any]) -> bool:
    return _is_numbering(row)


def _fill_merges(grid: list[list[str]], merges: list[Merge], first: int, last: int) -> None:
    for (top, left), (bottom, right) in merges:
        if bottom < first or top > last:
            continue
        value = ""
        if first <= top <= last and left < len(grid[0]):
            value = grid[top - first][left]
        if not value:
            continue
        for r in range(max(top, first), min(bottom, last) + 1):
            for c in range(left, min(right, len(grid[0]) - 1) + 1):
                grid[r - first][c] = value
