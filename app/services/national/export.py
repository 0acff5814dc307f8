"""Hand it back: what the national 防返贫监测信息系统 needs, in its 信息采集表 field order.

For each monitoring household something is to be entered for — a new identification, an
elimination, a measure (under its national measure field, DOMAIN.md's ``MEASURE_TO_NATIONAL``
through the template), the yearly income — the export writes one row per member with the
household's data repeated, and names what changed in 本次变更内容. A clerk who has typed it in
confirms (``mark_entered``): each item is then recorded in ``nationalentry`` with what was
exported, so the next ``--pending`` export holds only what is new or changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.categories import national_measure_field
from app.domain.errors import UserFacingError
from app.excel import cleaning
from app.excel.rawxlsx import BORDERED, BORDERED_TEXT, HEADER, TITLE, RawSheet, column_letter, write_xlsx
from app.excel.reader import read_workbook
from app.national.measure_cells import measure_text
from app.national.sheets import read_sheets
from app.national.templates import NationalTemplate, load_national_template
from app.services.context import ServiceContext
from app.services.households import family_order
from app.services.rows import live
from app.services.unit_of_work import UnitOfWork
from app.store.models import Division, Household, IncomeRecord, Measure, Member, MonitoringCase, NationalEntry

# What a NationalEntry row is about.
HOUSEHOLD, PERSON, IDENTIFIED, ELIMINATED, MEASURE, INCOME = "户", "人", "识别", "消除", "措施", "收入"
CHANGE_LABELS = {IDENTIFIED: "新识别", ELIMINATED: "风险消除", MEASURE: "帮扶措施", INCOME: "年度收入"}


@dataclass(frozen=True)
class Item:
    """One thing the national system must hold: its kind, our row, and what is exported of it."""

    household_id: str
    kind: str
    row_id: str
    fingerprint: str
    on: date | None


@dataclass
class HouseholdRecord:
    household: Household
    village_name: str
    members: list[Member]
    case: MonitoringCase | None
    income: IncomeRecord | None
    measures: list[Measure]
    numbers: dict[str, str] = field(default_factory=dict)  # row id (household, member) → national number
    items: list[Item] = field(default_factory=list)
    pending: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class MarkResult:
    marked: int  # items recorded as entered
    changed: int = 0  # items the file listed that changed after it was exported: still pending


@dataclass(frozen=True)
class PendingRow:
    """One item still to be entered in the national system, as a clerk reviews it."""

    household_id: str
    village: str
    head_name: str
    kind: str  # IDENTIFIED, ELIMINATED, MEASURE, INCOME
    label: str  # 新识别, 风险消除, 帮扶措施, 年度收入
    what: str
    on: date | None
    row_id: str
    fingerprint: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What ``mark_entered(items=…)`` takes: marked only if still as reviewed."""
        return self.kind, self.row_id, self.fingerprint


@dataclass(frozen=True)
class ExportResult:
    households: int
    rows: int
    items: int
    out: Path | None


def fingerprint(values: Iterable[Any]) -> str:
    text = json.dumps([str(v) for v in values], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def load_records(session: Session, household_ids: list[str] | None = None) -> list[HouseholdRecord]:
    """Every monitoring household (an identified case) with what the national system holds of it."""
    cases_query = select(MonitoringCase).where(MonitoringCase.identified_on.is_not(None), live(MonitoringCase))
    if household_ids is not None:
        cases_query = cases_query.where(MonitoringCase.household_id.in_(household_ids))
    latest: dict[str, MonitoringCase] = {}
    for case in session.scalars(cases_query.order_by(MonitoringCase.identified_on)):
        latest[case.household_id] = case
    ids = sorted(latest)
    records: list[HouseholdRecord] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        households = {h.id: h for h in session.scalars(select(Household).where(
            Household.id.in_(chunk), live(Household)))}
        villages = dict(session.execute(select(Division.id, Division.name).where(
            Division.id.in_({h.village_code for h in households.values()}))).all())
        members = _grouped(session.scalars(select(Member).where(Member.household_id.in_(chunk), live(Member))))
        incomes = _grouped(session.scalars(select(IncomeRecord).where(
            IncomeRecord.household_id.in_(chunk), live(IncomeRecord)).order_by(IncomeRecord.year)))
        measures = _grouped(session.scalars(select(Measure).where(
            Measure.household_id.in_(chunk), live(Measure)).order_by(Measure.start_date)))
        entries = _grouped(session.scalars(select(NationalEntry).where(
            NationalEntry.household_id.in_(chunk), live(NationalEntry))))
        for household_id in chunk:
            household = households.get(household_id)
            if household is None:
                continue
            case = latest[household_id]
            record = HouseholdRecord(
                household, villages.get(household.village_code, ""),
                sorted(members[household_id], key=family_order), case,
                incomes[household_id][-1] if incomes[household_id] else None,
                [m for m in measures[household_id] if m.case_id in (None, case.id)])
            record.items = _items(record)
            done = {(e.kind, e.row_id): e for e in entries[household_id]}
            record.numbers = {e.row_id: e.national_number for e in entries[household_id]
                              if e.kind in (HOUSEHOLD, PERSON) and e.national_number}
            record.pending = [i for i in record.items
                              if (entry := done.get((i.kind, i.row_id))) is None
                              or entry.entered_on is None or entry.fingerprint != i.fingerprint]
            records.append(record)
    return records


def _items(record: HouseholdRecord) -> list[Item]:
    h, case = record.household.id, record.case
    items: list[Item] = []
    if case is not None:
        items.append(Item(h, IDENTIFIED, case.id, fingerprint(
            [case.category, *case.risk_types, case.identified_on, case.discovery_channel]), case.identified_on))
        if case.eliminated_on is not None:
            items.append(Item(h, ELIMINATED, case.id, fingerprint(
                [case.status, case.elimination_method, case.eliminated_on]), case.eliminated_on))
    for measure in record.measures:
        items.append(Item(h, MEASURE, measure.id, fingerprint(
            [measure.kind, measure.item, measure.start_date, measure.end_date, measure.amount,
             measure.status]), measure.start_date))
    if record.income is not None:
        i = record.income
        items.append(Item(h, INCOME, i.id, fingerprint(
            [i.year, i.household_size, i.wage, i.business, i.property, i.transfer, i.business_expense,
             i.per_capita_income]), i.assessed_on))
    return items


def describe(record: HouseholdRecord, item: Item) -> str:
    """An item in a few words, for the clerk who checks it against the national system."""
    case, income = record.case, record.income
    if item.kind == IDENTIFIED and case is not None:
        return f"{case.category} {'、'.join(case.risk_types)}".strip()
    if item.kind == ELIMINATED and case is not None:
        return case.elimination_method
    if item.kind == INCOME and income is not None:
        return f"{income.year}年 人均纯收入 {_plain(income.per_capita_income)} 元"
    measure = next((m for m in record.measures if m.id == item.row_id), None)
    if measure is None:
        return ""
    text = measure_text(measure.item or measure.kind, measure.start_date, measure.end_date, measure.amount)
    return f"{measure.kind} · {text}"


def _grouped(rows: Iterable[Any]) -> defaultdict[str, list[Any]]:
    groups: defaultdict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row.household_id].append(row)
    return groups


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def cell_values(template: NationalTemplate, record: HouseholdRecord, member: Member,
                change: str) -> list[Any]:
    """One member's row in the template's column order."""
    h, case, income = record.household, record.case, record.income
    measures: dict[str, list[str]] = defaultdict(list)
    for m in record.measures:
        national = national_measure_field(m.kind, m.item or None, kinds=template.measure_kinds,
                                          sub_items=template.measure_sub_items)
        measures[national].append(measure_text(m.item or m.kind, m.start_date, m.end_date, m.amount))
    sep = template.separator
    values: list[Any] = []
    for column in template.columns:
        source, _, name = column.field.partition(".")
        value: Any
        if column.field.startswith("measure:"):
            value = sep.join(dict.fromkeys(measures.get(column.field[8:], [])))
        elif column.field == "change":
            value = change
        elif column.field == "village.name":
            value = record.village_name
        elif column.field == "household.national_number":
            value = record.numbers.get(h.id, "")
        elif column.field == "member.national_number":
            value = record.numbers.get(member.id, "")
        elif column.field == "case.eliminated":
            value = case.status if case is not None else ""
        elif source == "household":
            value = getattr(h, name, "")
        elif source == "member":
            value = getattr(member, name, "")
        elif source == "case":
            value = getattr(case, name, "") if case is not None else ""
        elif source == "income":
            value = getattr(income, name, "") if income is not None else ""
        else:
            raise UserFacingError(f"模板的列“{column.title}”的字段“{column.field}”不认识。")
        if isinstance(value, list):
            value = sep.join(str(v) for v in value)
        if isinstance(value, date):
            value = value.isoformat()
        if value is None:
            value = ""
        if isinstance(value, str) and column.codes:
            value = column.code(value)
        values.append(_plain(value))
    return values


class NationalExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export(self, out: Path | str, *, since: date | None = None, pending: bool = False,
               template: Path | None = None) -> ExportResult:
        if (since is None) == (not pending):
            raise UserFacingError("请指定 --since 日期或 --pending 其中之一。")
        layout = load_national_template(template)
        with self.ctx.db.read() as session:
            records = load_records(session)
        chosen: list[tuple[HouseholdRecord, list[Item]]] = []
        for record in records:
            items = record.pending if pending else [i for i in record.items if i.on and i.on >= since]
            if items:
                chosen.append((record, items))
        rows = sum(len(r.members) for r, _ in chosen)
        write_xlsx(Path(out), [self._sheet(layout, chosen, since, pending), _items_sheet(chosen)])
        return ExportResult(len(chosen), rows, sum(len(i) for _, i in chosen), Path(out))

    def _sheet(self, layout: NationalTemplate, chosen: list[tuple[HouseholdRecord, list[Item]]],
               since: date | None, pending: bool) -> RawSheet:
        width = len(layout.columns)
        scope = "尚未录入全国系统的内容" if pending else f"{since.isoformat() if since else ''} 以来的变化"
        codes = [BORDERED_TEXT if c.field.endswith(("id_number", "national_number", "village_code", "phone"))
                 else BORDERED for c in layout.columns]

        def rows() -> Iterator[tuple[Any, list[Any]]]:
            yield TITLE, [f"{layout.name}（{scope}，导出日期 {self.ctx.today().isoformat()}）"]
            yield HEADER, [c.title for c in layout.columns]
            for record, items in chosen:
                change = "、".join(dict.fromkeys(CHANGE_LABELS[i.kind] for i in items))
                for member in record.members:
                    yield codes, cell_values(layout, record, member, change)

        return RawSheet(layout.sheet, rows(), widths=[max(8, min(24, len(c.title) * 2 + 2)) for c in layout.columns],
                        freeze_rows=2, autofilter_row=2, column_count=width,
                        merges=[f"A1:{_letter(width)}1"])

    def pending(self) -> list[PendingRow]:
        """Everything still to be entered, household by household, each item described."""
        with self.ctx.db.read() as session:
            records = load_records(session)
        return [PendingRow(r.household.id, r.village_name, r.household.head_name, i.kind, CHANGE_LABELS[i.kind],
                           describe(r, i), i.on, i.row_id, i.fingerprint)
                for r in records for i in r.pending]

    def mark_entered(self, *, households: list[str] | None = None, on: date | None = None,
                     items: list[tuple[str, str, str]] | None = None) -> MarkResult:
        """Record pending items as entered: every one of these households (all, when None), or only
        ``items`` (kind, row id, fingerprint as exported) still as they were exported."""
        on = on or self.ctx.today()
        if on > self.ctx.today():
            raise UserFacingError(f"录入日期 {on} 不能晚于今天。")
        wanted = None if items is None else {(k, r): f for k, r, f in items}
        if wanted is not None and households is None:
            households = sorted(self._households_of(list({r for _k, r in wanted})))
        marked = changed = 0
        with UnitOfWork(self.ctx) as uow:
            for record in load_records(uow.session, households):
                only = record.pending
                if wanted is not None:
                    listed = [i for i in record.pending if (i.kind, i.row_id) in wanted]
                    only = [i for i in listed if wanted[(i.kind, i.row_id)] == i.fingerprint]
                    changed += len(listed) - len(only)
                marked += record_entered(uow.session, record, on, self.ctx.actor.user_name, only)
            if marked:
                uow.audit("标记已录入全国系统", items=marked)
        return MarkResult(marked, changed)

    def mark_file(self, path: Path | str, *, on: date | None = None, template: Path | None = None) -> MarkResult:
        """What an exported file listed (its 导出清单), each item only if unchanged since; a file
        without the list (an older export, one typed by hand) marks the households it names."""
        items = file_items(Path(path))
        if items is not None:
            return self.mark_entered(items=items, on=on)
        return self.mark_entered(households=self.households_in_file(path, template), on=on)

    def _households_of(self, row_ids: list[str]) -> set[str]:
        with self.ctx.db.read() as session:
            found: set[str] = set()
            for model in (MonitoringCase, Measure, IncomeRecord):
                for start in range(0, len(row_ids), 500):
                    found.update(session.scalars(select(model.household_id).where(
                        model.id.in_(row_ids[start:start + 500]))))
        return found

    def households_in_file(self, path: Path | str, template: Path | None = None) -> list[str]:
        """The households whose members an exported file lists (by ID number): what a clerk entered."""
        layout = load_national_template(template)
        numbers: set[str] = set()
        for sheet in read_sheets(read_workbook(Path(path)), layout.columns, key_field="member.id_number"):
            for row in sheet.rows:
                try:
                    number = cleaning.id_number(row.cells.get("member.id_number"))
                except cleaning.CellError:
                    continue
                if number:
                    numbers.add(number)
        if not numbers:
            raise UserFacingError(f"“{Path(path).name}”中没有找到证件号码，无法确定录入了哪些户。")
        with self.ctx.db.read() as session:
            listed = sorted(numbers)
            found: set[str] = set()
            for start in range(0, len(listed), 500):
                found.update(session.scalars(select(Member.household_id).where(
                    Member.id_number.in_(listed[start:start + 500]), live(Member))))
        return sorted(found)


def record_entered(session: Session, record: HouseholdRecord, on: date, by: str,
                   items: list[Item] | None = None) -> int:
    """Record a household's pending items (or these of them) as entered in the national system."""
    entries = {(e.kind, e.row_id): e for e in session.scalars(select(NationalEntry).where(
        NationalEntry.household_id == record.household.id, live(NationalEntry)))}
    items = record.pending if items is None else items
    for item in items:
        entry = entries.get((item.kind, item.row_id))
        if entry is None:
            entry = NationalEntry(household_id=item.household_id, kind=item.kind, row_id=item.row_id)
            session.add(entry)
        entry.entered_on, entry.entered_by, entry.fingerprint = on, by, item.fingerprint
    return len(items)


ITEMS_SHEET = "导出清单"
ITEMS_HEADER = ("所属农户", "录入内容", "记录编号", "校验码")


def _items_sheet(chosen: list[tuple[HouseholdRecord, list[Item]]]) -> RawSheet:
    """What this file asks to be entered, item by item, so confirming it marks exactly that."""
    def rows() -> Iterator[tuple[Any, list[Any]]]:
        yield HEADER, list(ITEMS_HEADER)
        for record, items in chosen:
            for item in items:
                yield BORDERED_TEXT, [record.household.head_name, item.kind, item.row_id, item.fingerprint]

    return RawSheet(ITEMS_SHEET, rows(), widths=(14, 10, 40, 36), freeze_rows=1, column_count=len(ITEMS_HEADER))


def file_items(path: Path) -> list[tuple[str, str, str]] | None:
    """The (kind, row id, fingerprint) an exported file listed, or None if it has no such list."""
    sheet = next((s for s in read_workbook(path) if s.name == ITEMS_SHEET), None)
    if sheet is None or not sheet.rows or tuple(cleaning.text(v) for v in sheet.rows[0][:4]) != ITEMS_HEADER:
        return None
    kinds = set(CHANGE_LABELS)
    return [(str(r[1]), str(r[2]), str(r[3])) for r in sheet.rows[1:]
            if len(r) >= 4 and cleaning.text(r[1]) in kinds and cleaning.text(r[2]) and cleaning.text(r[3])]


def _letter(count: int) -> str:
    return column_letter(count - 1)
