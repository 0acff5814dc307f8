"""The import report: a summary, every row's result with the reason, and the refused rows ready to
correct and import again (under the standard column names, so the mapping guess finds them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.excel.outcome import REFUSED, FixSheet, ImportCounts, RowOutcome
from app.excel.rawxlsx import HEADER, PLAIN, TEXT, TITLE, RawSheet, write_xlsx
from app.excel.rawxlsx import REFUSED as REFUSED_STYLE

RESULT_HEADERS = ("工作表", "行号", "结果", "户主", "出错列", "原因或说明")
FIX_EXTRA = ("原因", "出错列", "原工作表", "原行号")


@dataclass
class ReportData:
    file_name: str
    dry_run: bool
    counts: ImportCounts
    notes: Sequence[str]
    outcomes: Sequence[RowOutcome]
    fix_sheets: Sequence[FixSheet]
    made_at: datetime


def write_report(path: Path, data: ReportData) -> None:
    sheets = [_summary(data), RawSheet(
        "逐行结果", _result_rows(data.outcomes), widths=(14, 8, 8, 12, 22, 90), freeze_rows=1,
        autofilter_row=1, column_count=len(RESULT_HEADERS))]
    taken = {"导入概况", "逐行结果"}
    for fix in data.fix_sheets:
        name = _unique(f"需修改-{fix.sheet}"[:31], taken)
        headers = [*fix.headers, *FIX_EXTRA]
        sheets.append(RawSheet(name, _fix_rows(fix, headers), widths=[14] * len(fix.headers) + [60, 16, 14, 8],
                               freeze_rows=1, autofilter_row=1, column_count=len(headers)))
    write_xlsx(path, sheets)


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name[:28]}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _summary(data: ReportData) -> RawSheet:
    counts = data.counts
    mode = "试导入（没有写入数据库）" if data.dry_run else "已导入"
    rows: list[tuple[int, list[Any]]] = [
        (TITLE, ["Excel 导入报告"]),
        (PLAIN, ["文件", data.file_name]),
        (PLAIN, ["方式", mode]),
        (PLAIN, ["时间", data.made_at.strftime("%Y-%m-%d %H:%M:%S")]),
        (PLAIN, []),
        (HEADER, ["项目", "户数"]),
        (PLAIN, ["新增", counts.added]),
        (PLAIN, ["更新", counts.updated]),
        (PLAIN, ["未变化", counts.unchanged]),
        (REFUSED_STYLE if counts.refused else PLAIN, ["拒绝（未导入）", counts.refused]),
        (PLAIN, []),
        (PLAIN, ["新增成员（人）", counts.members_added]),
        (PLAIN, ["更新成员（人）", counts.members_updated]),
        *([(PLAIN, ["缺少身份证号、未导入的成员（人）", counts.members_skipped])] if counts.members_skipped else []),
        (PLAIN, ["收入记录（条）", counts.incomes]),
        (PLAIN, ["新增帮扶责任人（人）", counts.helpers_added]),
        (PLAIN, ["新增帮扶关系（条）", counts.assignments]),
        *([(PLAIN, ["划入网格（户）", counts.placed])] if counts.placed else []),
        (PLAIN, []),
    ]
    rows.extend((PLAIN, ["说明", note]) for note in data.notes)
    if counts.refused:
        rows.append((PLAIN, ["怎样改正", "被拒绝的户整户没有导入。请在“需修改-…”工作表中按“原因”改正，"
                                     "保存后把本报告文件重新导入即可（已导入的户不会重复导入）。"]))
    return RawSheet("导入概况", iter(rows), widths=(22, 100))


def _result_rows(outcomes: Sequence[RowOutcome]) -> Iterator[tuple[int, list[Any]]]:
    yield HEADER, list(RESULT_HEADERS)
    for o in outcomes:
        column = f"{o.letter}列（{o.label}）" if o.letter else ""
        yield (REFUSED_STYLE if o.result == REFUSED else PLAIN,
               [o.sheet, o.row, o.result_label, o.household, column, o.detail])


def _fix_rows(fix: FixSheet, headers: list[str]) -> Iterator[tuple[int | list[int], list[Any]]]:
    """Cells of ID-number columns are text cells, so a number typed over a wrong one stays text."""
    yield HEADER, headers
    styles = [TEXT if i in fix.text_columns else PLAIN for i in range(len(headers))]
    for row in fix.rows:
        yield styles, [*row.values, row.reason, row.letter, row.sheet, row.row]
