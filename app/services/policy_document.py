"""The county's policy as one document: shown as of a day, exported as a workbook, imported back.

The workbook has two sheets. 监测收入线: one line a row (生效日期, 元/人·年, 依据). 政策参数: one
item of a setting a row (参数, 项目, 名称, 生效日期, 值); rows of one setting with the same 生效日期
form one version (an empty 生效日期: in force from the start); a version names only the items it
changes, the others carry over from the version before it. Lists are one cell, names split by 、:
风险类型 is one row; 帮扶措施类别和项目 a row per kind (项目 = the kind, 值 = its items), where a new
kind is a new row and a kind whose 值 is empty is retired from that 生效日期. Every value goes through the same
checks as the 政策 page (app.services.policy.checked_setting), and an import writes all of it in one
transaction or nothing. The rows are the PolicySetting and IncomeLine rows that bundles carry
down, so every device below the county gets the imported policy with its next bundle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from sqlalchemy import select
from sqlmodel import Session

from app.domain import income
from app.domain.categories import CATEGORY_THRESHOLD_LABELS as CATEGORY_LABELS
from app.domain.elimination import TIMING_LABELS
from app.domain.errors import UserFacingError
from app.domain.policy_lists import CATEGORY_ROLE_LABELS
from app.domain.procedure import STEP_TITLES, Stage
from app.domain.warnings import THRESHOLD_LABELS
from app.printing.batch import atomic_output
from app.services.context import ServiceContext
from app.services.policy import (
    CATEGORY_NAMES,
    CATEGORY_THRESHOLDS,
    DEFAULT_SETTINGS,
    ELIMINATION_TIMING,
    LINE_REVIEW_YEARS,
    MEASURE_ITEMS,
    MEASURE_KIND_ORIGINS,
    OPEN_SETTINGS,
    POSTING_COLUMNS,
    POSTING_DAYS,
    POVERTY_DEFINITION,
    PROCEDURE_LIMITS,
    PROCEDURE_STEPS,
    RISK_TYPES,
    WARNING_THRESHOLDS,
    PolicyService,
    SettingVersion,
    checked_setting,
    line_warning_from,
    lines_from,
    setting_from,
    versions_from,
)
from app.store.models import IncomeLine, PolicySetting

LINES_SHEET = "监测收入线"
SETTINGS_SHEET = "政策参数"
LINE_HEADER = ("生效日期", "元/人·年", "依据")
SETTING_HEADER = ("参数", "项目", "名称", "生效日期", "值")
SEPARATOR = "、"

SETTING_TITLES = {
    WARNING_THRESHOLDS: "预警阈值、走访周期和帮扶上限", CATEGORY_THRESHOLDS: "监测对象类别判定阈值",
    POSTING_DAYS: "公示天数", POSTING_COLUMNS: "公示增列项目", LINE_REVIEW_YEARS: "监测线复核周期（年）",
    POVERTY_DEFINITION: "返贫致贫定义", PROCEDURE_LIMITS: "程序时限（工作日）", PROCEDURE_STEPS: "办理程序步骤",
    RISK_TYPES: "风险类型", MEASURE_ITEMS: "帮扶措施类别和项目（项目为空：停用该类别）",
    CATEGORY_NAMES: "监测对象类别名称（名称为空：停用该类别）",
    ELIMINATION_TIMING: "风险消除时间要求",
    MEASURE_KIND_ORIGINS: "帮扶措施类别改名（项目为新名称，值为原名称）",
}
_ITEM_LABELS: dict[str, dict[str, str]] = {
    WARNING_THRESHOLDS: dict(THRESHOLD_LABELS), CATEGORY_THRESHOLDS: dict(CATEGORY_LABELS),
    POVERTY_DEFINITION: {"line_over_standard": "监测线与贫困标准之比",
                         "needs_insecurity": "须两不愁三保障或饮水安全有一项未保障（是/否）"},
    PROCEDURE_LIMITS: {**{stage.value: stage.label for stage in Stage}, "warning_days": "预警久未处置（天）"},
    CATEGORY_NAMES: dict(CATEGORY_ROLE_LABELS), ELIMINATION_TIMING: dict(TIMING_LABELS),
    PROCEDURE_STEPS: {"order": "步骤及先后（用“、”分隔）", "announcement_days": "结果公告天数",
                      **{step.value: f"“{title}”最低办理角色" for step, title in STEP_TITLES.items()}},
}


def item_label(key: str, item: str) -> str:
    if not item:
        return SETTING_TITLES[key]
    return _ITEM_LABELS.get(key, {}).get(item, item)


@dataclass(frozen=True)
class PolicyView:
    """The policy in force on a day, as `policy show` gives it."""

    on: date
    line: income.IncomeLine | None
    line_warning: str | None
    lines: tuple[income.IncomeLine, ...]
    settings: dict[str, Any]
    effective: dict[str, date | None]  # since when each setting's value is in force (None: from the start)
    versions: tuple[SettingVersion, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.on.isoformat(),
            "line": None if self.line is None else _line_dict(self.line),
            "line_warning": self.line_warning,
            "lines": [_line_dict(line) for line in self.lines],
            "settings": {key: {"title": SETTING_TITLES[key], "value": value,
                               "effective_from": _iso(self.effective[key])} for key, value in self.settings.items()},
            "versions": [{"key": v.key, "effective_from": _iso(v.effective_from), "value": v.value}
                         for v in self.versions],
        }


@dataclass
class Change:
    kind: str  # 监测收入线 / a setting's title
    item: str
    effective_from: date | None
    old: str
    new: str


@dataclass
class ImportResult:
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    written: bool = False


def show(ctx: ServiceContext, on: date | None = None) -> PolicyView:
    day = on or ctx.today()
    with ctx.db.read() as session:
        lines = lines_from(session)
        versions = versions_from(session)
        settings = {key: setting_from(session, key, day) for key in DEFAULT_SETTINGS}
        warning = line_warning_from(session, day)
    in_force = [line for line in lines if line.effective_from <= day]
    effective: dict[str, date | None] = {}
    for key in DEFAULT_SETTINGS:
        dates = [v.effective_from for v in versions if v.key == key and (v.effective_from or date.min) <= day]
        effective[key] = max(dates, key=lambda d: d or date.min) if dates else None
    return PolicyView(day, in_force[-1] if in_force else None, warning, tuple(lines), settings, effective,
                      tuple(versions))


# --- the workbook --------------------------------------------------------------------------------


def export(ctx: ServiceContext, out: Path) -> Path:
    """Write every line and every version of every setting (defaults included) to ``out``."""
    with ctx.db.read() as session:
        lines = lines_from(session)
        versions = _with_defaults(versions_from(session))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = LINES_SHEET
    sheet.append(LINE_HEADER)
    for line in lines:
        sheet.append([line.effective_from.isoformat(), float(line.amount), line.note])
    settings = book.create_sheet(SETTINGS_SHEET)
    settings.append(SETTING_HEADER)
    for version in versions:
        for item, value in _items(version.key, version.value):
            settings.append([version.key, item, item_label(version.key, item), _iso(version.effective_from) or "",
                             _cell(value)])
    for ws, widths in ((sheet, (14, 12, 30)), (settings, (22, 26, 40, 14, 24))):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column, width in zip("ABCDE", widths, strict=False):
            ws.column_dimensions[column].width = width
    with atomic_output(out) as partial:
        book.save(partial)
    return out


def import_workbook(ctx: ServiceContext, path: Path, *, dry_run: bool = False,
                    report: Path | None = None) -> ImportResult:
    """Read ``path``, check everything, and (unless ``dry_run`` or a problem was found) write the
    changes in one transaction. ``report`` gets every change and problem as a workbook."""
    lines, rows, result = _read(path)
    with ctx.db.read() as session:
        _plan(session, lines, rows, result)
    if not result.problems and not dry_run and result.changes:
        PolicyService(ctx).require_county()
        with ctx.db.write(ctx.actor) as session:
            _apply(session, lines, rows)
        result.written = True
    if report is not None:
        _write_report(report, result, dry_run)
    return result


def _read(path: Path) -> tuple[list[tuple[int, income.IncomeLine]], dict[tuple[str, date | None], dict[str, Any]],
                                ImportResult]:
    result = ImportResult()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as error:
        raise UserFacingError(f"无法读取政策工作簿“{path}”：{error}。") from None
    for name in (LINES_SHEET, SETTINGS_SHEET):
        if name not in book.sheetnames:
            raise UserFacingError(f"政策工作簿“{path.name}”里没有“{name}”表。"
                                  "请用 fangpin policy export 导出的工作簿修改。")
    lines: list[tuple[int, income.IncomeLine]] = []
    for number, row in enumerate(book[LINES_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if not row or all(v in (None, "") for v in row[:3]):
            continue
        try:
            day = _date(row[0], "生效日期")
            if day is None:
                raise UserFacingError("“生效日期”必须填写。")
            amount = income.validate_amount(row[1], "监测收入线")
            lines.append((number, income.IncomeLine(day, amount, str(row[2] or "").strip())))
        except UserFacingError as error:
            result.problems.append(f"{LINES_SHEET}第 {number} 行：{error.message}")
    settings: dict[tuple[str, date | None], dict[str, Any]] = {}
    for number, row in enumerate(book[SETTINGS_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if not row or all(v in (None, "") for v in row[:5]):
            continue
        key, item = str(row[0] or "").strip(), str(row[1] or "").strip()
        try:
            if key not in DEFAULT_SETTINGS:
                raise UserFacingError(f"没有“{key}”这项政策参数。")
            default = DEFAULT_SETTINGS[key]
            if isinstance(default, dict) and item not in default and key not in OPEN_SETTINGS:
                raise UserFacingError(f"“{SETTING_TITLES[key]}”没有“{item}”这一项。")
            if key in OPEN_SETTINGS and not item:
                raise UserFacingError(f"“{SETTING_TITLES[key]}”的“项目”列要写类别名称。")
            sample = default.get(item, OPEN_SETTINGS.get(key, [])) if isinstance(default, dict) else default
            settings.setdefault((key, _date(row[3], "生效日期")), {})[item] = _value(row[4], sample,
                                                                                 item_label(key, item))
        except UserFacingError as error:
            result.problems.append(f"{SETTINGS_SHEET}第 {number} 行：{error.message}")
    book.close()
    return lines, settings, result


def _plan(session: Session, lines: list[tuple[int, income.IncomeLine]],
          rows: dict[tuple[str, date | None], dict[str, Any]], result: ImportResult) -> None:
    stored = {line.effective_from: line for line in lines_from(session)}
    seen: set[date] = set()
    for number, line in lines:
        if line.effective_from in seen:
            result.problems.append(
                f"{LINES_SHEET}第 {number} 行：自 {line.effective_from.isoformat()} 起的监测线写了两次。")
            continue
        seen.add(line.effective_from)
        old = stored.get(line.effective_from)
        if old is None or old.amount != line.amount or old.note != line.note:
            result.changes.append(Change(LINES_SHEET, line.note, line.effective_from,
                                         "" if old is None else f"{income.format_yuan(old.amount)} {old.note}".strip(),
                                         f"{income.format_yuan(line.amount)} {line.note}".strip()))
    try:
        income.check_income_lines([*(kept for day, kept in stored.items() if day not in seen),
                                   *(new for _, new in lines)])
    except UserFacingError as error:
        result.problems.append(f"{LINES_SHEET}：{error.message}")
    stored_versions = {(v.key, v.effective_from): v.value for v in versions_from(session)}
    for (key, day), (base, value) in _resolve(session, rows, result).items():
        before = stored_versions.get((key, day), base)
        if before == value:
            continue
        before_items = dict(_items(key, before))
        for item, new in _items(key, value):
            if before_items.get(item) != new:
                result.changes.append(Change(SETTING_TITLES[key], item_label(key, item), day,
                                             _cell(before_items.get(item)), _cell(new)))


def _resolve(session: Session, rows: dict[tuple[str, date | None], dict[str, Any]],
             result: ImportResult) -> dict[tuple[str, date | None], tuple[Any, Any]]:
    """Each version's whole value, and the value in force the day before it: the version's items
    go over that one (or over the version's stored value when it is already stored)."""
    resolved: dict[tuple[str, date | None], tuple[Any, Any]] = {}
    stored = versions_from(session)
    for key, day in sorted(rows, key=lambda kd: (kd[0], kd[1] or date.min)):
        earlier = [v for v in stored if v.key == key and (v.effective_from or date.min) < (day or date.min)]
        earlier_new = [(d, v) for (k, d), (_, v) in resolved.items()
                       if k == key and (d or date.min) < (day or date.min)]
        base_candidates = [((v.effective_from or date.min), v.value) for v in earlier] + [
            ((d or date.min), v) for d, v in earlier_new]
        same = next((v.value for v in stored if v.key == key and v.effective_from == day), None)
        before = (max(base_candidates, key=lambda c: c[0])[1] if base_candidates else DEFAULT_SETTINGS[key])
        base = same if same is not None else before
        items = rows[(key, day)]
        value: Any = {**base, **items} if isinstance(DEFAULT_SETTINGS[key], dict) else items.get("", base)
        try:
            resolved[(key, day)] = (before, checked_setting(key, value))
        except UserFacingError as error:
            when = f"自 {day.isoformat()} 起" if day else "初始"
            result.problems.append(f"{SETTINGS_SHEET}“{SETTING_TITLES[key]}”（{when}）：{error.message}")
    return resolved


def _apply(session: Session, lines: list[tuple[int, income.IncomeLine]],
           rows: dict[tuple[str, date | None], dict[str, Any]]) -> None:
    scratch = ImportResult()
    resolved = _resolve(session, rows, scratch)
    if scratch.problems:
        raise UserFacingError("；".join(scratch.problems))
    stored = {row.effective_from: row for row in session.scalars(
        select(IncomeLine).where(IncomeLine.deleted == False))}  # noqa: E712
    for _, line in lines:
        row = stored.get(line.effective_from)
        if row is None:
            session.add(IncomeLine(effective_from=line.effective_from, amount=line.amount, note=line.note))
        elif Decimal(row.amount) != line.amount or row.note != line.note:
            row.amount, row.note = line.amount, line.note
    for (key, day), (before, value) in resolved.items():
        version = SettingVersion(key, day, value)
        row = session.get(PolicySetting, version.row_id)
        if row is None and value == before:
            continue  # a version that changes nothing is not stored
        if row is None:
            session.add(PolicySetting(id=version.row_id, value=value))
        elif row.value != value or row.deleted:
            row.value, row.deleted = value, False


def _write_report(out: Path, result: ImportResult, dry_run: bool) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "导入结果"
    state = ("试导入，未写入" if dry_run else "已写入" if result.written
             else "有问题，未写入" if result.problems else "没有变化")
    sheet.append([f"政策工作簿导入：{state}；变化 {len(result.changes)} 项，问题 {len(result.problems)} 项"])
    sheet.append(["类别", "项目", "生效日期", "原值", "新值"])
    for change in result.changes:
        sheet.append([change.kind, change.item, _iso(change.effective_from) or "初始", change.old, change.new])
    if result.problems:
        problems = book.create_sheet("问题")
        problems.append(["问题"])
        for problem in result.problems:
            problems.append([problem])
    with atomic_output(out) as partial:
        book.save(partial)


# --- values as cells -----------------------------------------------------------------------------


def _with_defaults(versions: Sequence[SettingVersion]) -> list[SettingVersion]:
    """Stored versions, and for a setting never stored its default as the version from the start."""
    keys = {v.key for v in versions if v.effective_from is None}
    return sorted([*versions, *(SettingVersion(k, None, DEFAULT_SETTINGS[k]) for k in DEFAULT_SETTINGS
                                if k not in keys)], key=lambda v: (list(DEFAULT_SETTINGS).index(v.key),
                                                                   v.effective_from or date.min))


def _items(key: str, value: Any) -> list[tuple[str, Any]]:
    if key in OPEN_SETTINGS:  # the county's own kinds, in its order
        return list(value.items()) if isinstance(value, dict) else []
    if isinstance(DEFAULT_SETTINGS[key], dict):
        return [(item, value[item]) for item in DEFAULT_SETTINGS[key] if isinstance(value, dict) and item in value]
    return [("", value)]


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value


def _value(cell: Any, sample: Any, label: str) -> Any:
    text = "" if cell is None else str(cell).strip()
    if isinstance(sample, bool):
        if text in ("是", "true", "True", "1", "TRUE"):
            return True
        if text in ("否", "false", "False", "0", "FALSE"):
            return False
        raise UserFacingError(f"“{label}”应填“是”或“否”，填的是“{text}”。")
    if isinstance(sample, list):
        return [part.strip() for part in text.replace(",", SEPARATOR).replace("，", SEPARATOR).split(SEPARATOR)
                if part.strip()]
    if isinstance(sample, int):
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise UserFacingError(f"“{label}”应为整数，填的是“{text}”。") from None
        if number != number.to_integral_value():
            raise UserFacingError(f"“{label}”应为整数，填的是“{text}”。")
        return int(number)
    if isinstance(sample, str):
        try:
            if _numeric(sample):
                Decimal(text)
            return text
        except InvalidOperation:
            raise UserFacingError(f"“{label}”应为数字，填的是“{text}”。") from None
    return cell


def _numeric(sample: str) -> bool:
    try:
        Decimal(sample)
    except InvalidOperation:
        return False
    return True


def _date(cell: Any, label: str) -> date | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserFacingError(f"“{label}”应写成 2026-01-01，填的是“{cell}”。") from None


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _line_dict(line: income.IncomeLine) -> dict[str, Any]:
    return {"effective_from": line.effective_from.isoformat(), "amount": str(line.amount), "note": line.note}


# The 政策 page shows and reads a setting's items as the workbook's cells do (one reading of a typed value).
cell_text = _cell
parse_cell = _value
