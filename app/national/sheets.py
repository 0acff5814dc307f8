"""Reading an external sheet through a template: find the header (title rows, merged headings,
a numbering row), match its columns by the template's titles, and hand back each data row's
cells by field, with the row number the user sees. No database."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.excel.cleaning import is_blank, text
from app.excel.headers import find_layout, is_numbering_row
from app.excel.reader import SheetGrid
from app.national.templates import TemplateColumn

_TOTAL = re.compile(r"^(合计|小计|总计)")
_TITLE_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


@dataclass(frozen=True)
class SheetRow:
    sheet: str
    row: int  # 1-based, as Excel shows it
    cells: dict[str, Any]  # field → raw cell value


@dataclass(frozen=True)
class ReadSheet:
    rows: list[SheetRow]
    title: str
    missing: list[str]  # template titles no column matched
    sheet: str


def _normal(label: str) -> str:
    return re.sub(r"[\s（）()]", "", label)


def match_columns(labels: Sequence[tuple[int, tuple[str, ...]]],
                  columns: Sequence[TemplateColumn]) -> dict[str, int]:
    """field → column index: a column matches when its full label or its last heading is one of the
    template column's titles; the first such column wins."""
    found: dict[str, int] = {}
    for column in columns:
        titles = {_normal(t) for t in column.titles}
        for index, path in labels:
            if ((_normal("/".join(path)) in titles or _normal(path[-1]) in titles)
                    and index not in found.values()):
                found[column.field] = index
                break
    return found


def read_sheets(sheets: Sequence[SheetGrid], columns: Sequence[TemplateColumn],
                key_field: str = "id_number") -> list[ReadSheet]:
    """Every visible sheet whose header the template recognises (it must find ``key_field``)."""
    extra = frozenset(t for c in columns for t in c.titles)
    read: list[ReadSheet] = []
    for sheet in sheets:
        if not sheet.visible:
            continue
        layout = find_layout(sheet, extra)
        if layout is None:
            continue
        found = match_columns([(c.index, c.path) for c in layout.columns], columns)
        if key_field not in found:
            continue
        header_texts = {text(v) for r in range(layout.header_first, layout.header_last + 1)
                        for v in sheet.rows[r]}
        rows = []
        for r in range(layout.data_start, len(sheet.rows)):
            raw = sheet.rows[r]
            if all(is_blank(v) for v in raw) or is_numbering_row(raw):
                continue
            first = next((text(v) for v in raw if not is_blank(v)), "") or ""
            if _TOTAL.match(first):
                continue
            cells = {name: (raw[i] if i < len(raw) else None) for name, i in found.items()}
            if text(cells.get(key_field)) in header_texts:  # the header repeated on a printed page
                continue
            rows.append(SheetRow(sheet.name, r + 1, cells))
        read.append(ReadSheet(rows, layout.title, [c.title for c in columns if c.field not in found],
                              sheet.name))
    return read


def date_in_title(title: str) -> date | None:
    """“2026年11月……名单” → 2026-11-01; with a day, that day."""
    match = _TITLE_DATE.search(title or "")
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None
