"""Start from the national record: the national system's household-member sheet into the county's database.

The sheet is read through the national template (``resources/national/national_monitoring.json``,
the same file the export writes with). Households and members go through the Excel roster
import's own machinery (``app/services/excel``: the planner matches households by 户编号 or the
head's ID number and members by ID number, validates every cell with the screens' rules, refuses a
bad household whole, never duplicates anyone; the same row-by-row report and dry run). What only
the national system knows is added in the same transaction: the national household and person
numbers, the monitoring record (category, risk types, identification and elimination dates and
method) as history — one step recorded as 从全国系统导入, the procedure is not re-run — and the
measures under their national fields. What was imported counts as already entered in the national
system, so the next ``national export --pending`` does not send it back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.categories import (
    CASE_STATUSES,
    DISCOVERY_CHANNELS,
    ELIMINATION_METHODS,
)
from app.domain.errors import UserFacingError
from app.domain.policy_lists import offered_categories
from app.domain.procedure import Procedure, Stage
from app.excel import cleaning
from app.excel.mapping import ImportMapping, guess_mapping
from app.excel.outcome import REFUSED
from app.excel.reader import read_workbook
from app.national.measure_cells import read_measure
from app.national.sheets import SheetRow, match_columns, read_sheets
from app.national.templates import NationalTemplate, load_national_template
from app.services.context import ServiceContext
from app.services.excel import ExcelImportService
from app.services.excel.applying import apply_plans
from app.services.excel.importing import ImportResult, ImportSource
from app.services.national.export import HOUSEHOLD, PERSON, load_records, record_entered
from app.services.policy import category_names_from, measure_items_from, risk_types_from
from app.services.rows import live
from app.services.unit_of_work import UnitOfWork
from app.store.models import CaseStep, Measure, Member, MonitoringCase, NationalEntry

IMPORTED = "从全国系统导入"
UNRESOLVED, RESOLVED = CASE_STATUSES
# National fields the roster import already reads, and the roster import's target for each.
ROSTER_TARGETS = {
    "household.village_code": "household.village_code", "village.name": "household.village",
    "household.national_number": "household.household_number",
    "household.head_name": "household.head_name", "household.household_type": "household.household_type",
    "household.phone": "household.phone", "household.address": "household.address",
    "member.name": "member.name", "member.id_number": "member.id_number",
    "member.relation": "member.relation", "member.health": "member.health",
    "member.labour_skill": "member.labour_skill", "member.ethnicity": "member.ethnicity",
    "income.year": "income.year", "income.wage": "income.wage", "income.business": "income.business",
    "income.property": "income.property", "income.transfer": "income.transfer",
    "income.business_expense": "income.business_expense",
}


@dataclass
class NationalImportResult:
    roster: ImportResult
    cases_added: int = 0
    measures_added: int = 0
    numbers_stored: int = 0
    problems: list[str] | None = None

    def summary(self) -> dict[str, int]:
        return {**self.roster.counts.households(), "unchanged": self.roster.counts.unchanged,
                "members_added": self.roster.counts.members_added, "cases_added": self.cases_added,
                "measures_added": self.measures_added, "numbers_stored": self.numbers_stored}


class NationalImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.roster = ExcelImportService(ctx)

    def run(self, path: Path | str, *, template: Path | None = None, dry_run: bool = False,
            report: Path | None = None) -> NationalImportResult:
        layout = load_national_template(template)
        source = ImportSource(Path(path), read_workbook(Path(path)))
        mapping = self._mapping(source, layout)
        rows = {(r.sheet, r.row): r for s in read_sheets(source.sheets, layout.columns, "member.id_number")
                for r in s.rows}
        if dry_run:
            result = NationalImportResult(self.roster.dry_run(source, mapping))
            with self.ctx.db.read() as session:
                self._national(session, None, layout, result, rows)
        else:
            result = self._apply(source, mapping, layout, rows)
        if report is not None:
            self.write_report(result, report)
        return result

    def write_report(self, result: NationalImportResult, out: Path) -> None:
        """The row-by-row report, as ``run(report=…)`` writes it."""
        self.roster.write_report(result.roster, out)

    def _mapping(self, source: ImportSource, layout: NationalTemplate) -> ImportMapping:
        """The roster import's mapping, with each column's target taken from the national template."""
        guessed = guess_mapping(source.sheets, {"version": 1, "columns": {
            title: ROSTER_TARGETS.get(c.field) for c in layout.columns for title in c.titles}})
        sheets = []
        for sheet in guessed.sheets:
            found = match_columns([(c.index, tuple(c.label.split("/"))) for c in sheet.columns], layout.columns)
            by_index = {index: name for name, index in found.items()}
            columns = tuple(replace(c, target=ROSTER_TARGETS.get(by_index.get(c.index, "")), guessed=False)
                            for c in sheet.columns)
            if any(c.target == "member.id_number" for c in columns):
                sheets.append(replace(sheet, columns=columns))
        if not sheets:
            raise UserFacingError(f"“{source.path.name}”中没有全国系统信息采集表（找不到证件号码列）。"
                                  f"请核对列名，或用 --template 指定本县的模板。")
        return ImportMapping(sheets=sheets, notes=list(guessed.notes))

    def _apply(self, source: ImportSource, mapping: ImportMapping, layout: NationalTemplate,
               rows: dict[tuple[str, int], SheetRow]) -> NationalImportResult:
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            _, plans = self.roster._plan(session, source, mapping, None, None, None)
            counts = apply_plans(uow, plans)
            roster = self.roster._result(source, mapping, plans, counts, False, 0.0)
            result = NationalImportResult(roster)
            session.flush()
            households = self._national(session, uow, layout, result, rows)
            session.flush()
            # What came from the national system is already there: nothing of it is pending.
            for record in load_records(session, sorted(households)):
                record_entered(session, record, self.ctx.today(), self.ctx.actor.user_name)
            uow.audit("national_import", file=source.path.name, **roster.counts.households(),
                      cases=result.cases_added, measures=result.measures_added)
        return result

    def _national(self, session: Session, uow: UnitOfWork | None, layout: NationalTemplate,
                  result: NationalImportResult, rows: dict[tuple[str, int], SheetRow]) -> set[str]:
        """Numbers, monitoring records and measures of every household the roster part did not refuse."""
        problems: list[str] = []
        households: set[str] = set()
        # The county's risk types and measure items in force today decide what a row may name.
        today = self.ctx.today()
        vocabulary = Vocabulary(risk_types_from(session, today), measure_items_from(session, today),
                                offered_categories(category_names_from(session, today)))
        for plan in result.roster.plans:
            if plan.action == REFUSED:
                continue
            national = [rows[(r.sheet, r.row)] for r in plan.file.rows if (r.sheet, r.row) in rows]
            if not national:
                continue
            numbers = [n for r in national if (n := national_id(r))]
            members = {m.id_number: m for m in session.scalars(select(Member).where(
                Member.id_number.in_(numbers), live(Member)))} if numbers else {}
            household_id = next((m.household_id for m in members.values()), None)
            try:
                case_values = _case_values(layout, national, vocabulary)
                measures = _measure_values(layout, national, vocabulary)
            except UserFacingError as error:
                problems.append(f"{national[0].sheet}第 {national[0].row} 行：{error.message}")
                continue
            if uow is None or household_id is None:  # the dry run: what would be added
                if household_id is not None:
                    identified = set(session.scalars(select(MonitoringCase.identified_on).where(
                        MonitoringCase.household_id == household_id, live(MonitoringCase))))
                    if case_values is not None and case_values["identified_on"] in identified:
                        case_values = None
                    held = [tuple(row) for row in session.execute(select(
                        Measure.kind, Measure.item, Measure.start_date).where(
                        Measure.household_id == household_id, live(Measure)))]
                    measures = [m for m in measures if not any(m.same_as(*h) for h in held)]
                result.cases_added += case_values is not None
                result.measures_added += len(measures)
                continue
            households.add(household_id)
            result.numbers_stored += _store_numbers(session, household_id, national, members)
            try:
                case = _store_case(session, household_id, case_values, self.ctx.actor, self.ctx.today())
            except UserFacingError as error:
                problems.append(f"{national[0].sheet}第 {national[0].row} 行：{error.message}")
                case = None
            result.cases_added += case is not None
            result.measures_added += _store_measures(session, household_id, measures, case_values,
                                                    self.ctx.today())
        result.problems = problems
        return households


def national_id(row: SheetRow) -> str | None:
    try:
        return cleaning.id_number(row.cells.get("member.id_number"))
    except cleaning.CellError:
        return None


def national_text(layout: NationalTemplate, row: SheetRow, name: str) -> str:
    column = layout.column(name)
    raw = cleaning.text(row.cells.get(name)) or ""
    if column is not None and column.codes and raw:
        back = {national: ours for ours, national in column.codes.items()}
        raw = back.get(raw, raw)
    return raw


def _day(row: SheetRow, name: str) -> date | None:
    try:
        return cleaning.day(row.cells.get(name))
    except cleaning.CellError as error:
        raise UserFacingError(error.message) from None


def _choice(value: str, allowed: tuple[str, ...], label: str) -> str:
    if value not in allowed:
        raise UserFacingError(f"{label}“{value}”不认识，应为 {'、'.join(allowed)} 之一。")
    return value


@dataclass(frozen=True)
class Vocabulary:
    """The lists a national row's names are checked against (policy data in force)."""

    risk_types: tuple[str, ...]
    measure_items: dict[str, list[str]]
    categories: tuple[str, ...]


def _case_values(layout: NationalTemplate, rows: list[SheetRow], vocabulary: Vocabulary) -> dict[str, Any] | None:
    row = next((r for r in rows if not cleaning.is_blank(r.cells.get("case.identified_on"))), None)
    if row is None:
        return None
    risks = [r.strip() for r in national_text(layout, row, "case.risk_types").replace(",", layout.separator)
             .replace("，", layout.separator).replace("、", layout.separator).split(layout.separator) if r.strip()]
    for risk in risks:
        _choice(risk, vocabulary.risk_types, "风险类型")
    status = national_text(layout, row, "case.eliminated") or UNRESOLVED
    eliminated_on = _day(row, "case.eliminated_on")
    method = national_text(layout, row, "case.elimination_method")
    if status == RESOLVED or eliminated_on is not None:
        status = RESOLVED
        if eliminated_on is None:
            raise UserFacingError("风险已消除，但没有风险消除时间。")
        _choice(method or "帮扶消除", ELIMINATION_METHODS, "风险消除方式")
    return {"category": _choice(national_text(layout, row, "case.category"), vocabulary.categories, "监测对象类别"),
            "risk_types": risks[:5], "identified_on": _day(row, "case.identified_on"),
            "discovery_channel": _choice(national_text(layout, row, "case.discovery_channel") or "基层干部排查",
                                         DISCOVERY_CHANNELS, "发现方式"),
            "status": _choice(status, CASE_STATUSES, "风险是否消除"),
            "eliminated_on": eliminated_on if status == RESOLVED else None,
            "elimination_method": (method or "帮扶消除") if status == RESOLVED else ""}


def _kind_for(national: str, item: str, layout: NationalTemplate, vocabulary: Vocabulary) -> str:
    """Our measure kind for an item under a national field: the kind whose item (in the county's
    list in force) it is, else the first of our kinds the template maps to that field."""
    for kind, items in vocabulary.measure_items.items():
        if item in items and layout.measure_sub_items.get(item, layout.measure_kinds.get(kind)) == national:
            return kind
    for kind, field in layout.measure_kinds.items():
        if field == national:
            return kind
    if item in layout.measure_kinds:
        return item
    raise UserFacingError(f"全国系统帮扶措施“{national}”没有对应的本地措施类别，请在模板的 measure_kinds 中补充。")


@dataclass(frozen=True)
class ImportedMeasure:
    kind: str
    item: str
    start: date | None
    end: date | None
    amount: Decimal | None

    def same_as(self, kind: str, item: str, start: date) -> bool:
        """A measure already held: same kind and item, and the same start when the file gives one."""
        return (kind, item) == (self.kind, self.item) and (self.start is None or self.start == start)


def _measure_values(layout: NationalTemplate, rows: list[SheetRow], vocabulary: Vocabulary) -> list[ImportedMeasure]:
    found: dict[ImportedMeasure, None] = {}
    for column in layout.columns:
        if not column.field.startswith("measure:"):
            continue
        national = column.field[8:]
        for row in rows:
            for text in (cleaning.text(row.cells.get(column.field)) or "").split(layout.separator):
                if not text.strip():
                    continue
                try:
                    cell = read_measure(text)
                except cleaning.CellError as error:
                    raise UserFacingError(f"{column.title}：{error.message}") from None
                kind = _kind_for(national, cell.name, layout, vocabulary)
                found[ImportedMeasure(kind, "" if cell.name == kind else cell.name, cell.start, cell.end,
                                      cell.amount)] = None
    return list(found)


def _store_numbers(session: Session, household_id: str, rows: list[SheetRow], members: dict[str, Member]) -> int:
    known = {(e.kind, e.row_id): e for e in session.scalars(select(NationalEntry).where(
        NationalEntry.household_id == household_id, NationalEntry.kind.in_([HOUSEHOLD, PERSON]), live(NationalEntry)))}
    wanted: dict[tuple[str, str], str] = {}
    for row in rows:
        number = cleaning.text(row.cells.get("household.national_number"))
        if number:
            wanted[(HOUSEHOLD, household_id)] = number
        person = cleaning.text(row.cells.get("member.national_number"))
        member = members.get(national_id(row) or "")
        if person and member is not None:
            wanted[(PERSON, member.id)] = person
    stored = 0
    for (kind, row_id), number in wanted.items():
        entry = known.get((kind, row_id))
        if entry is None:
            session.add(NationalEntry(household_id=household_id, kind=kind, row_id=row_id, national_number=number))
        elif entry.national_number != number:
            entry.national_number = number
        else:
            continue
        stored += 1
    return stored


def _store_case(session: Session, household_id: str, values: dict[str, Any] | None, actor: Any,
                today: date) -> MonitoringCase | None:
    """The monitoring record as history: added once (matched by its identification date)."""
    if values is None:
        return None
    cases = session.scalars(select(MonitoringCase).where(
        MonitoringCase.household_id == household_id, live(MonitoringCase))).all()
    same = next((c for c in cases if c.identified_on == values["identified_on"]), None)
    if same is not None:
        if values["status"] == RESOLVED and same.status != RESOLVED:
            # The elimination's approval as history; the unit of work's upkeep derives the case's
            # status, stage and outcome dates from it (app/domain/case_state.py).
            same.elimination_method = values["elimination_method"]
            session.add(_step(same, actor, values["eliminated_on"], Procedure.ELIMINATION))
        return None
    if any(not c.closed for c in cases):
        raise UserFacingError("这一户在本库已有未结束的监测记录，识别时间与全国系统不同，请人工核对。")
    resolved = values["status"] == RESOLVED
    on = values["eliminated_on"] if resolved else values["identified_on"]
    case = MonitoringCase(
        household_id=household_id, category=values["category"], risk_types=values["risk_types"],
        discovery_channel=values["discovery_channel"],
        procedure=Procedure.ELIMINATION if resolved else Procedure.IDENTIFICATION, stage=Stage.APPROVED,
        status=values["status"], proposed_on=values["identified_on"], stage_since=on,
        identified_on=values["identified_on"], eliminated_on=values["eliminated_on"],
        elimination_method=values["elimination_method"], closed=resolved,
        category_reason=IMPORTED)
    session.add(case)
    session.flush()
    session.add(_step(case, actor, on, case.procedure))
    return case


def _step(case: MonitoringCase, actor: Any, on: date, procedure: Procedure) -> CaseStep:
    return CaseStep(case_id=case.id, procedure=procedure, step=Stage.APPROVED, acted_on=on,
                    actor_name=actor.user_name, actor_role=actor.role, note=IMPORTED)


def _store_measures(session: Session, household_id: str, measures: list[ImportedMeasure],
                    case_values: dict[str, Any] | None, today: date) -> int:
    existing = [(m.kind, m.item, m.start_date) for m in session.scalars(select(Measure).where(
        Measure.household_id == household_id, live(Measure)))]
    case = session.scalars(select(MonitoringCase).where(
        MonitoringCase.household_id == household_id, live(MonitoringCase))
        .order_by(MonitoringCase.identified_on.desc())).first()
    start = (case_values or {}).get("identified_on") or (case.identified_on if case else None)
    added = 0
    for measure in measures:
        if any(measure.same_as(*held) for held in existing):
            continue
        session.add(Measure(household_id=household_id, case_id=case.id if case else None, kind=measure.kind,
                            item=measure.item, start_date=measure.start or start or today, end_date=measure.end,
                            amount=measure.amount or Decimal(0), note=IMPORTED))
        added += 1
    return added
