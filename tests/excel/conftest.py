"""Messy village spreadsheets built by the tests themselves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.domain.idnumber import make_id_number
from app.services.context import ServiceContext
from app.services.excel import ExcelImportService, ImportResult


def ids(count: int, start: int = 1, birth: date = date(1970, 5, 6)) -> list[str]:
    """Valid distinct ID numbers (odd sequence: men)."""
    return [make_id_number("131122", birth + timedelta(days=(start + i) // 400), ((start + i) % 400) * 2 + 1)
            for i in range(count)]


def workbook(path: Path, rows: Sequence[Sequence[Any]], *, title: str = "花名册",
             merges: Sequence[str] = (), hidden: dict[str, Sequence[Sequence[Any]]] | None = None,
             extra: dict[str, Sequence[Sequence[Any]]] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for area in merges:
        sheet.merge_cells(area)
    for name, content in (hidden or {}).items():
        other = book.create_sheet(name)
        other.sheet_state = "hidden"
        for row in content:
            other.append(list(row))
    for name, content in (extra or {}).items():
        other = book.create_sheet(name)
        for row in content:
            other.append(list(row))
    book.save(path)
    return path


def run(ctx: ServiceContext, path: Path, *, village: str | None = None, dry_run: bool = False,
        template: Any = None) -> ImportResult:
    service = ExcelImportService(ctx)
    source = service.open(path)
    mapping = service.guess_mapping(source, template)
    if dry_run:
        return service.dry_run(source, mapping, village=village)
    return service.apply(source, mapping, village=village)


def results(result: ImportResult) -> list[tuple[int, str, str]]:
    """(row, result, column letter) per row, for compact expected reports."""
    return [(o.row, o.result, o.letter) for o in result.outcomes]


@pytest.fixture
def xlsx(tmp_path: Path):
    def make(name: str, rows: Sequence[Sequence[Any]], **options: Any) -> Path:
        return workbook(tmp_path / name, rows, **options)
    return make
