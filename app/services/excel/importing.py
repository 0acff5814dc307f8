"""The import use case the command line and the import wizard share.

    service = ExcelImportService(ctx)
    source = service.open(path)                       # read once (calamine)
    mapping = service.guess_mapping(source, template)  # shown and adjusted in the wizard
    result = service.dry_run(source, mapping, village=..., progress=..., cancelled=...)
    service.write_report(result, "报告.xlsx")
    result = service.apply(source, mapping, ...)        # one transaction: all or nothing
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.excel.mapping import ImportMapping, guess_mapping, load_template
from app.excel.outcome import ADDED, REFUSED, SKIPPED, UPDATED, FixRow, FixSheet, ImportCounts, RowOutcome
from app.excel.reader import SheetGrid, read_workbook
from app.excel.records import FileHousehold, RowRecord, group_households, sheet_records
from app.excel.report import ReportData, write_report
from app.excel.targets import BY_KEY, HOUSEHOLD, INCOME, INFO
from app.garbage import fewer_collections
from app.services.context import ServiceContext
from app.services.excel.applying import apply_plans
from app.services.excel.gridding import plan_grids, worker_notes
from app.services.excel.lookup import find_village, load_lookup, own_village
from app.services.excel.planning import HouseholdPlan, Planner
from app.services.unit_of_work import UnitOfWork
from app.store.models import Division
from app.store.write_cache import large_write_cache

# progress(stage, done, total): stage is a Chinese phrase the wizard can show as it is.
Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(UserFacingError):
    def __init__(self) -> None:
        super().__init__("已取消导入，数据库没有任何改动。")


@dataclass
class ImportSource:
    path: Path
    sheets: list[SheetGrid]


@dataclass
class ImportResult:
    """What a dry run found (``dry_run``) or an import did; counts are in households."""

    file_name: str
    dry_run: bool
    counts: ImportCounts
    outcomes: list[RowOutcome]
    notes: list[str]
    fix_sheets: list[FixSheet]
    seconds: float = 0.0
    plans: list[HouseholdPlan] = field(default_factory=list, repr=False)

    def households(self) -> dict[str, int]:
        return self.counts.households()

    def summary(self) -> dict[str, int]:
        """The households added, updated, unchanged and refused (``excel import --json``)."""
        counts = self.counts
        return {"added": counts.added, "updated": counts.updated, "unchanged": counts.unchanged,
                "refused": counts.refused}

    @property
    def refused_rows(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.result == REFUSED]


class ExcelImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._own_village_name = ""  # the worker's village the last run defaulted to, for its note

    def open(self, path: Path | str) -> ImportSource:
        path = Path(path)
        with fewer_collections():
            return ImportSource(path, read_workbook(path))

    def guess_mapping(self, source: ImportSource,
                      template: dict[str, Any] | Path | str | None = None) -> ImportMapping:
        if isinstance(template, Path | str):
            template = load_template(Path(template))
        mapping = guess_mapping(source.sheets, template)
        if not mapping.sheets:
            raise UserFacingError(f"“{source.path.name}”中没有可以导入的工作表：" + "".join(mapping.notes))
        return mapping

    def dry_run(self, source: ImportSource, mapping: ImportMapping, *, village: str | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportResult:
        """What the import would add, update and refuse, row by row; writes nothing."""
        started = time.perf_counter()
        with fewer_collections():
            with self.ctx.db.read() as session:
                code = self._village(session, village)
                _, plans = self._plan(session, source, mapping, code, progress, cancelled)
            counts = ImportCounts()
            new_persons: set[tuple[str, str]] = set()
            for plan in plans:
                setattr(counts, plan.action, getattr(counts, plan.action) + 1)
                counts.members_added += len(plan.new_members) if plan.action != REFUSED else 0
                counts.members_updated += len(plan.member_changes)
                counts.members_skipped += len(plan.skipped)
                counts.incomes += plan.income is not None
                if plan.action != REFUSED and plan.helper and plan.helper.new_person:
                    new_persons.add(plan.helper.person_key)
                counts.assignments += bool(plan.helper and plan.helper.assign)
                counts.placed += plan.action != REFUSED and plan.grid_id is not None
            counts.helpers_added = len(new_persons)
            return self._result(source, mapping, plans, counts, True, started)

    def apply(self, source: ImportSource, mapping: ImportMapping, *, village: str | None = None,
              progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportResult:
        """Plan again inside one write transaction and apply it: everything or (on an error or a
        cancel) nothing. Refused households are left out; the rest is written."""
        started = time.perf_counter()
        with fewer_collections(), UnitOfWork(self.ctx) as uow:
            session = uow.session
            code = self._village(session, village)
            _, plans = self._plan(session, source, mapping, code, progress, cancelled)
            total = len(plans)

            def step(done: int) -> None:
                _check(cancelled)
                if progress:
                    progress("正在写入数据库", done, total)

            # A household, its members and income, each with its change-log entry: about ten rows.
            with large_write_cache(session, 10 * total):
                counts = apply_plans(uow, plans, step)
                _check(cancelled)
                uow.audit("excel_import", file=source.path.name, **counts.households(),
                          unchanged=counts.unchanged, members_added=counts.members_added)
        with fewer_collections():
            return self._result(source, mapping, plans, counts, False, started)

    def default_village(self) -> str | None:
        """The village of a roster without a 村 column when none is chosen: a grid worker's own."""
        with self.ctx.db.read() as session:
            return own_village(session, self.ctx.actor.role, self.ctx.scope_code)

    def write_report(self, result: ImportResult, out: Path | str) -> None:
        with fewer_collections():
            write_report(Path(out), ReportData(result.file_name, result.dry_run, result.counts, result.notes,
                                               result.outcomes, result.fix_sheets, datetime.now()))

    # --- internals --------------------------------------------------------------------------

    def _village(self, session: Any, raw: str | None) -> str | None:
        self._own_village_name = ""
        if not raw:
            code = own_village(session, self.ctx.actor.role, self.ctx.scope_code)
            if code is not None:
                self._own_village_name = f"{session.get(Division, code).name}（{code}）"
            return code
        return find_village(session, raw, self.ctx.scope_code).id

    def _plan(self, session: Any, source: ImportSource, mapping: ImportMapping, village: str | None,
              progress: Progress | None, cancelled: Cancelled | None
              ) -> tuple[list[FileHousehold], list[HouseholdPlan]]:
        sheets = {s.name: s for s in source.sheets}
        mappings = {m.sheet: m for m in mapping.sheets}
        if progress:
            progress("正在读取表格", 0, len(mapping.sheets))
        records = (r for m in mapping.sheets for r in sheet_records(sheets[m.sheet], m))
        households = group_households(records, mappings)
        _check(cancelled)
        lookup = load_lookup(session, self.ctx.scope_code, households)
        columns = {m.sheet: {str(c.target): (c.letter, c.label) for c in m.columns if c.target}
                   for m in mapping.sheets}
        planner = Planner(lookup, scope=self.ctx.scope_code, today=self.ctx.today(), village=village,
                          income_year=mapping.income_year, columns=columns)
        total = len(households)

        def step(done: int) -> None:
            _check(cancelled)
            if progress:
                progress("正在核对每一户", done, total)

        plans = planner.plan_all(households, step)
        if self.ctx.role is not Role.WORKER:
            plan_grids(session, plans)
        if progress:
            progress("正在核对每一户", total, total)
        return households, plans

    def _result(self, source: ImportSource, mapping: ImportMapping, plans: list[HouseholdPlan],
                counts: ImportCounts, dry_run: bool, started: float) -> ImportResult:
        order = {m.sheet: i for i, m in enumerate(mapping.sheets)}
        outcomes = sorted((o for plan in plans for o in _row_outcomes(plan)),
                          key=lambda o: (order.get(o.sheet, 0), o.row))
        notes = [*mapping.notes, *(worker_notes(plans) if self.ctx.role is Role.WORKER else [])]
        if self._own_village_name and not any(
                {"household.village", "household.village_code"} & set(m.targets()) for m in mapping.sheets):
            notes.append(f"表中没有“村”列，农户都归入本机的村：{self._own_village_name}。")
        return ImportResult(source.path.name, dry_run, counts, outcomes, notes,
                            _fix_sheets(source, mapping, plans), time.perf_counter() - started, plans)




def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled()


def _row_outcomes(plan: HouseholdPlan) -> list[RowOutcome]:
    name = plan.file.head_name
    outcomes = []
    for row in plan.file.rows:
        if plan.action == REFUSED:
            own = [p for p in plan.problems if p.row is row]
            if own:  # each of the row's own problems, with its column
                outcomes.extend(RowOutcome(row.sheet, row.row, REFUSED, name, p.message, p.letter, p.label)
                                for p in own)
            elif row is plan.reason_row or plan.reason_row is None:
                outcomes.append(RowOutcome(row.sheet, row.row, REFUSED, name, plan.reason, plan.letter,
                                           plan.label))
            else:
                where = plan.reason_row.row if plan.reason_row.sheet == row.sheet else plan.reason_row.where
                outcomes.append(RowOutcome(row.sheet, row.row, REFUSED, name,
                                           f"本户第 {where} 行有错误，整户未导入：{plan.reason}"))
            continue
        skipped = next(((letter, label) for r, letter, label in plan.skipped if r is row), None) \
            if plan.skipped else None
        if skipped is not None:
            outcomes.append(RowOutcome(row.sheet, row.row, SKIPPED, name, SKIPPED_REASON, *skipped))
            continue
        detail = plan.row_results.get((row.sheet, row.row), "")
        if plan.grid_note and row is plan.file.first:
            detail = "；".join(filter(None, (detail, plan.grid_note)))
        if plan.action == ADDED:
            detail = ("；".join(filter(None, ("新增户", plan.grid_note))) if row is plan.file.first
                      else detail or ("新增成员" if row.has_member else "新增户"))
        elif plan.action == UPDATED and row is plan.file.first:
            changed = [BY_KEY[f"household.{k}"].label if f"household.{k}" in BY_KEY else k for k in plan.changes]
            parts = [detail] if detail else []
            if changed:
                parts.append("户信息更新：" + "、".join(changed))
            if plan.income:
                parts.append("收入已更新")
            if plan.helper and plan.helper.assign:
                parts.append("新增帮扶责任人")
            detail = "；".join(parts)
        outcomes.append(RowOutcome(row.sheet, row.row, plan.action, name, detail))
    return outcomes


SKIPPED_REASON = ("缺少身份证号，这名成员未导入（系统用身份证号识别每个人），户里其他人照常导入。"
                  "尚未落户的新生儿等办好户口后在程序中补录；或在“需修改”表中补上身份证号，重新导入报告。")


def _fix_sheets(source: ImportSource, mapping: ImportMapping, plans: list[HouseholdPlan]) -> list[FixSheet]:
    """Rows to correct and import again, under the standard names of their columns: every row of a
    refused household, and member rows left out for lack of an ID number (with their household's
    户编号 / head filled in, so that the corrected row finds the household). When the village
    came from the import's default (``--village``) it is written into a 村代码 column, so the
    corrected report imports without it."""
    fixes: dict[str, list[tuple[RowRecord, HouseholdPlan, str, str]]] = {}
    for plan in plans:
        if plan.action == REFUSED:
            for row in plan.file.rows:
                reason = plan.reason if row is plan.reason_row or plan.reason_row is None \
                    else f"同户其他行有错误：{plan.reason}"
                letter = plan.letter if row is plan.reason_row else ""
                own = [p for p in plan.problems if p.row is row]
                if own:
                    reason = "；".join(p.message for p in own)
                    letter = "、".join(dict.fromkeys(p.letter for p in own if p.letter))
                fixes.setdefault(row.sheet, []).append((row, plan, reason, letter))
        else:
            for row, letter, _ in plan.skipped:
                fixes.setdefault(row.sheet, []).append((row, plan, SKIPPED_REASON, letter))
    sheets = []
    for sheet_mapping in mapping.sheets:
        rows = fixes.get(sheet_mapping.sheet)
        if not rows:
            continue
        columns = [c for c in sheet_mapping.columns if c.target and not c.target.startswith(INFO)]
        headers = [BY_KEY[str(c.target)].label for c in columns]
        targets = sheet_mapping.targets()
        add_year = mapping.income_year and any(str(c.target).startswith(INCOME) for c in columns) \
            and "income.year" not in targets
        if add_year:
            headers.append(BY_KEY["income.year"].label)
        add_village = "household.village" not in targets and "household.village_code" not in targets
        if add_village:
            headers.append(BY_KEY["household.village_code"].label)
        text_columns = {i for i, c in enumerate(columns) if BY_KEY[str(c.target)].kind == "id"}
        fix = FixSheet(sheet_mapping.sheet, headers,
                       text_columns=text_columns | ({len(headers) - 1} if add_village else set()))
        for row, plan, reason, letter in sorted(rows, key=lambda item: item[0].row):
            values = [row.raw[c.index] if c.index < len(row.raw) else None for c in columns]
            if plan.action != REFUSED:  # a left-out member: the household's own values beside it
                household = plan.file.values(HOUSEHOLD)
                values = [household.get(str(c.target).split(".", 1)[1]) if _blank(value) and
                          str(c.target).startswith(HOUSEHOLD + ".") else value for c, value in zip(columns, values,
                                                                                                    strict=True)]
            if add_year:
                values.append(mapping.income_year)
            if add_village:
                values.append(plan.village_code)
            fix.rows.append(FixRow(row.sheet, row.row, reason, f"{letter}列" if letter else "", values))
        sheets.append(fix)
    return sheets


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
