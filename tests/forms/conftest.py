"""Build small XLSForm workbooks in a temporary folder, row by row as a form author would."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

Rows = Sequence[Sequence[object]]
WriteForm = Callable[..., Path]


@pytest.fixture
def write_form(tmp_path: Path) -> WriteForm:
    def write(survey: Rows, choices: Rows | None = None, settings: Rows | None = None,
              name: str = "form.xlsx", sheet_names: tuple[str, str, str] = ("survey", "choices", "settings"),
              ) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in zip(sheet_names, (survey, choices, settings), strict=True):
            if rows is None:
                continue
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
