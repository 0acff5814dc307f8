"""Column mapping: the automatic guess per sheet, and templates saved as JSON.

A template maps header labels (as the guess shows them, e.g. "家庭成员信息/姓名") to target keys
or to ``null`` (ignore the column). It is matched by label, not by column letter, so it still
applies when a village inserts or moves a column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.domain.errors import UserFacingError
from app.excel.headers import Layout, find_layout
from app.excel.reader import SheetGrid
from app.excel.targets import BY_KEY, INFO

TEMPLATE_VERSION = 1
# The summary sheets of our own import report (see app/excel/report.py).
REPORT_SHEETS = ("导入概况", "逐行结果")
_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass(frozen=True)
class ColumnMap:
    index: int
    letter: str
    label: str
    target: str | None  # a key of targets.BY_KEY, or None to ignore the column
    guessed: bool = True

    @property
    def target_label(self) -> str:
        return BY_KEY[self.target].label if self.target else "（不导入）"


@dataclass(frozen=True)
class SheetMapping:
    sheet: str
    layout: Layout
    columns: tuple[ColumnMap, ...]

    def targets(self) -> dict[str, ColumnMap]:
        return {c.target: c for c in self.columns if c.target}


@dataclass
class ImportMapping:
    """What the wizard shows in its mapping step and the user may adjust before the dry run."""

    sheets: list[SheetMapping]
    notes: list[str] = field(default_factory=list)
    income_year: int | None = None

    def sheet(self, name: str) -> SheetMapping:
        return next(s for s in self.sheets if s.sheet == name)

    def with_target(self, sheet: str, letter: str, target: str | None) -> ImportMapping:
        """A copy with one column's target changed by the user."""
        if target is not None and target not in BY_KEY:
            raise UserFacingError(f"没有“{target}”这个导入字段。")
        def changed(s: SheetMapping, c: ColumnMap) -> ColumnMap:
            if s.sheet != sheet:
                return c
            if c.letter == letter:
                return replace(c, target=target, guessed=False)
            if target and c.target == target and not target.startswith(INFO):
                return replace(c, target=None, guessed=False)  # one column per field
            return c

        sheets = [replace(s, columns=tuple(changed(s, c) for c in s.columns)) for s in self.sheets]
        return ImportMapping(sheets, list(self.notes), self.income_year)

    def template(self) -> dict[str, Any]:
        columns: dict[str, str | None] = {}
        for sheet in self.sheets:
            for column in sheet.columns:
                columns.setdefault(column.label, column.target)
        data: dict[str, Any] = {"version": TEMPLATE_VERSION, "columns": columns}
        if self.income_year:
            data["income_year"] = self.income_year
        return data


def guess_sheet(sheet: SheetGrid, layout: Layout, template: dict[str, Any] | None = None) -> SheetMapping:
    from app.excel.targets import match_label

    chosen: dict[str, int] = {}
    columns: list[ColumnMap] = []
    given = (template or {}).get("columns", {})
    for column in layout.columns:
        if column.label in given:
            target, guessed = given[column.label], False
        else:
            target, guessed = match_label(column.path), True
            if target and target in chosen and not target.startswith(INFO):
                target = None  # the first column of a name wins; a second one is shown unmapped
        if target:
            chosen.setdefault(target, column.index)
        columns.append(ColumnMap(column.index, column.letter, column.label, target, guessed))
    return SheetMapping(sheet.name, layout, tuple(_one_row_per_household(columns)))


def _one_row_per_household(columns: list[ColumnMap]) -> list[ColumnMap]:
    """A sheet with 户主/户主身份证号 but no member columns lists one household per row: there
    the head's columns are the member's (the head), and the household has just that member."""
    targets = {c.target for c in columns}
    if "member.name" in targets or "household.head_name" not in targets:
        return columns
    renamed = {"household.head_name": "member.name"}
    if "member.id_number" not in targets:
        renamed["household.head_id"] = "member.id_number"
    return [replace(c, target=renamed.get(c.target or "", c.target)) for c in columns]


def guess_mapping(sheets: list[SheetGrid], template: dict[str, Any] | None = None) -> ImportMapping:
    mapping = ImportMapping(sheets=[])
    known = frozenset(label for label in (template or {}).get("columns", {}) for label in label.split("/"))
    for sheet in sheets:
        if not sheet.visible:
            mapping.notes.append(f"工作表“{sheet.name}”是隐藏的，没有导入。")
            continue
        if sheet.name in REPORT_SHEETS:
            continue  # an import report imported again: only its 需修改 sheets hold rows
        layout = find_layout(sheet, known)
        if layout is None:
            if any(any(v not in (None, "") for v in row) for row in sheet.rows):
                mapping.notes.append(f"工作表“{sheet.name}”中没有找到表头（如“姓名”“身份证号”），没有导入。")
            continue
        guessed = guess_sheet(sheet, layout, template)
        if not {"member.name", "member.id_number", "household.head_id", "household.household_number",
                "helper.name"} & set(guessed.targets()):
            mapping.notes.append(f"工作表“{sheet.name}”没有姓名、身份证号或户编号列，没有导入。")
            continue
        mapping.sheets.append(guessed)
        if mapping.income_year is None:
            year = _YEAR.search(layout.title)
            if year:
                mapping.income_year = int(year[1])
    if template and template.get("income_year"):
        mapping.income_year = int(template["income_year"])
    return mapping


def load_template(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserFacingError(f"找不到映射文件：{path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UserFacingError(f"映射文件“{path.name}”不是有效的 JSON：{error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise UserFacingError(f"映射文件“{path.name}”缺少“columns”（表头 → 导入字段）。")
    for label, target in data["columns"].items():
        if target is not None and target not in BY_KEY:
            known = "、".join(BY_KEY)
            raise UserFacingError(f"映射文件“{path.name}”中“{label}”对应的字段“{target}”不存在。可用字段：{known}")
    return data


def save_template(mapping: ImportMapping, path: Path) -> None:
    path.write_text(json.dumps(mapping.template(), ensure_ascii=False, indent=2), encoding="utf-8")
