"""Departments' monthly lists become warnings (部门筛查预警).

``DepartmentImportService(ctx).run(path, source=…)`` reads a 医保/民政/残联/教育/住建/应急/其他 list
through its template (``app/national/templates.py``, data under resources/national/), finds each
listed person by ID number and, in one unit of work, records what the list says as the
household's facts: a rigid expense (medical, education, disaster), a 低保/特困 change, a new
disability certificate, an unsafe house. The county's warning rules then run in the unit of work's
upkeep (``app/services/upkeep.py``), as for anything typed in; a template's own department rule,
when the county sets one, raises a warning of its own. Each fact carries the department and the
list's date, so importing the same list again finds it and changes nothing. A household the list
has news for gets a visit due the day the list comes in (入户核实). People not in the register
are listed for follow-up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.income import format_yuan
from app.domain.warnings import OPEN, SPENDING_KINDS
from app.excel import cleaning
from app.excel.cleaning import CellError
from app.excel.rawxlsx import HEADER, PLAIN, TEXT, RawSheet, write_xlsx
from app.excel.reader import read_workbook
from app.national.sheets import SheetRow, date_in_title, read_sheets
from app.national.templates import DEPARTMENTS, DepartmentTemplate, load_department_template
from app.services import households as household_helpers
from app.services import income
from app.services.context import ServiceContext
from app.services.rows import live
from app.services.unit_of_work import UnitOfWork
from app.store.models import Household, Member, RigidExpense, RiskWarning

# Results of one listed row.
MATCHED, UNCHANGED, UNMATCHED, REFUSED = "已更新", "未变化", "未匹配", "有误"
RULE_PREFIX = "dept_"


@dataclass(frozen=True)
class DeptRowOutcome:
    sheet: str
    row: int
    result: str
    name: str
    id_number: str
    detail: str
    household_id: str = ""


@dataclass
class DeptImportResult:
    source: str
    list_date: date
    template: str
    outcomes: list[DeptRowOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # ids of the warnings raised
    households: list[str] = field(default_factory=list)  # households given new facts
    notes: list[str] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    @property
    def unmatched(self) -> list[DeptRowOutcome]:
        return [o for o in self.outcomes if o.result == UNMATCHED]

    def summary(self) -> dict[str, int]:
        return {"updated": self.count(MATCHED), "unchanged": self.count(UNCHANGED),
                "unmatched": self.count(UNMATCHED), "refused": self.count(REFUSED),
                "households": len(self.households), "warnings": len(self.warnings)}


def marker(source: str, list_date: date | None) -> str:
    """What every fact from one list carries: the department and the list's date."""
    return f"{source}部门名单（{list_date.isoformat()}）" if list_date else f"{source}部门名单"


class DepartmentImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def run(self, path: Path | str, *, source: str, template: Path | None = None,
            list_date: date | None = None) -> DeptImportResult:
        if source not in DEPARTMENTS:
            raise UserFacingError(f"部门“{source}”不认识，应为 {'、'.join(DEPARTMENTS)} 之一。")
        layout = load_department_template(source, template)
        path = Path(path)
        read = read_sheets(read_workbook(path), layout.columns)
        if not read:
            raise UserFacingError(f"“{path.name}”中找不到{source}部门名单的表头（至少要有身份证号列）。"
                                  f"请核对列名，或用 --template 指定本县的模板。")
        when = list_date or next((d for s in read if (d := date_in_title(s.title))), None) \
            or self.ctx.today()
        result = DeptImportResult(source, when, layout.origin)
        for sheet in read:
            if sheet.missing:
                result.notes.append(f"工作表“{sheet.sheet}”没有这些列：{'、'.join(sheet.missing)}。")
        with UnitOfWork(self.ctx) as uow:
            ids = self._members(uow, [r for s in read for r in s.rows])
            changed: set[str] = set()
            for sheet in read:
                for row in sheet.rows:
                    outcome = _apply_row(uow, layout, row, ids, when)
                    result.outcomes.append(outcome)
                    if outcome.result == MATCHED:
                        changed.add(outcome.household_id)
            today = self.ctx.today()
            for household_id in sorted(changed):
                household = uow.session.get(Household, household_id)
                if household is not None and (household.next_visit_due is None
                                              or household.next_visit_due > today):
                    household.next_visit_due = today
            if changed:
                uow.audit("导入部门数据", source=source, list_date=when.isoformat(),
                          households=len(changed), rows=len(result.outcomes))
            # The county's rules run now rather than on commit, so what they raise from this list's
            # facts is marked with the list, in the same transaction.
            raised = uow.finish().warnings
            mark_source(uow, raised, changed, source, when)
        result.households = sorted(changed)
        result.warnings = sorted(raised)
        return result

    def write_report(self, result: DeptImportResult, out: Path | str) -> None:
        """Every listed row with its result; the people to follow up first (未匹配, 有误)."""
        header = ["工作表", "行", "结果", "姓名", "身份证号", "说明"]
        styles = [PLAIN, PLAIN, PLAIN, PLAIN, TEXT, PLAIN]

        def rows(outcomes: list[DeptRowOutcome]) -> Iterator[tuple[Any, list[Any]]]:
            yield HEADER, header
            for o in outcomes:
                yield styles, [o.sheet, o.row, o.result, o.name, o.id_number, o.detail]

        follow = [o for o in result.outcomes if o.result in (UNMATCHED, REFUSED)]
        write_xlsx(Path(out), [
            RawSheet("待核实", rows(follow), widths=(12, 6, 8, 10, 22, 60), freeze_rows=1, autofilter_row=1,
                     column_count=len(header)),
            RawSheet("逐行结果", rows(result.outcomes), widths=(12, 6, 8, 10, 22, 60), freeze_rows=1,
                     autofilter_row=1, column_count=len(header))])

    def _members(self, uow: UnitOfWork, rows: list[SheetRow]) -> dict[str, Member]:
        numbers = set()
        for row in rows:
            try:
                number = cleaning.id_number(row.cells.get("id_number"))
            except CellError:
                continue
            if number:
                numbers.add(number)
        found: dict[str, Member] = {}
        listed = sorted(numbers)
        for start in range(0, len(listed), 500):
            for member in uow.session.scalars(select(Member).where(
                    Member.id_number.in_(listed[start:start + 500]), live(Member))):
                found[member.id_number] = member
        return found


def mark_source(uow: UnitOfWork, warning_ids: Collection[str], households: Collection[str], source: str,
                list_date: date) -> None:
    """The warnings this unit of work raised for the list's households carry its department and date."""
    ids = sorted(warning_ids)
    for start in range(0, len(ids), 500):
        for warning in uow.session.scalars(select(RiskWarning).where(RiskWarning.id.in_(ids[start:start + 500]))):
            fresh = warning.status == OPEN and warning.raised_on == uow.today and not warning.source
            if fresh and warning.household_id in households:
                warning.source, warning.source_date = source, list_date


def _apply_row(uow: UnitOfWork, layout: DepartmentTemplate, row: SheetRow,
               members: dict[str, Member], list_date: date) -> DeptRowOutcome:
    name = cleaning.name(row.cells.get("name")) or ""

    def outcome(result: str, detail: str, number: str = "", household: str = "") -> DeptRowOutcome:
        return DeptRowOutcome(row.sheet, row.row, result, name, number, detail, household)

    try:
        number = cleaning.id_number(row.cells.get("id_number"))
        values = _values(layout, row)
    except CellError as error:
        return outcome(REFUSED, error.message)
    if not number:
        return outcome(REFUSED, "没有身份证号，无法比对。")
    member = members.get(number)
    if member is None:
        return outcome(UNMATCHED, "本库没有此身份证号的人员，请核实后登记或转交相关乡镇。", number)
    on = values.get("date") or list_date
    try:
        changes = _FACTS[layout.fact](uow, layout, member, values, on, list_date)
        changes += _department_rule(uow, layout, member, values, on, list_date)
    except UserFacingError as error:
        return outcome(REFUSED, error.message, number, member.household_id)
    if not changes:
        return outcome(UNCHANGED, "已导入过，没有新的情况。", number, member.household_id)
    return outcome(MATCHED, "；".join(changes), number, member.household_id)


def _values(layout: DepartmentTemplate, row: SheetRow) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in layout.columns:
        raw = row.cells.get(column.field)
        if column.field in ("id_number", "name") or cleaning.is_blank(raw):
            continue
        try:
            if column.format == "date":
                values[column.field] = cleaning.day(raw)
            elif column.format == "amount":
                values[column.field] = cleaning.amount(raw)
            else:
                values[column.field] = column.code(cleaning.text(raw) or "")
        except CellError as error:
            raise CellError(f"{column.title}：{error.message}") from None
    return values


def _expense(uow: UnitOfWork, layout: DepartmentTemplate, member: Member, values: dict[str, Any],
             on: date, list_date: date) -> list[str]:
    amount: Decimal | None = values.get("amount")
    if amount is None or amount <= 0:
        return []
    kind = values.get("expense_kind") or layout.expense_kind
    if kind not in SPENDING_KINDS:
        raise UserFacingError(f"支出类别“{kind}”不认识，应为 {'、'.join(SPENDING_KINDS)} 之一。")
    detail = "，".join(v for v in (values.get("stage"), values.get("detail")) if v)
    note = f"{marker(layout.source, list_date)}{('：' + detail) if detail else ''}"[:200]
    known = uow.session.scalars(select(RigidExpense).where(
        RigidExpense.household_id == member.household_id, RigidExpense.member_id == member.id,
        RigidExpense.kind == kind, RigidExpense.occurred_on == on, live(RigidExpense))).all()
    if any(e.note == note and Decimal(e.out_of_pocket) == amount for e in known):
        return []
    total = values.get("total")
    total = total if total is not None and total >= amount else amount
    expense = income.add_expense(uow, member.household_id, {
        "kind": kind, "occurred_on": on.isoformat(), "total_amount": str(total),
        "reimbursed": str(total - amount), "out_of_pocket": str(amount), "note": note})
    expense.member_id = member.id
    return [f"{member.name} {kind}支出 {format_yuan(amount)} 元（{on.isoformat()}）"]


def _assistance(uow: UnitOfWork, layout: DepartmentTemplate, member: Member,
                values: dict[str, Any], on: date, list_date: date) -> list[str]:
    kind, change = values.get("assistance") or "", values.get("change") or "新增"
    if kind not in ("低保", "特困"):
        return []
    leaving = change == "退出"
    wanted = ("" if member.social_assistance == kind else member.social_assistance) if leaving else kind
    if wanted == member.social_assistance:
        return []
    household_helpers.update_member(uow, member.id, {"social_assistance": wanted})
    return [f"{member.name} {kind}{'退出' if change == '退出' else '纳入'}（{on.isoformat()}）"]


def _disability(uow: UnitOfWork, layout: DepartmentTemplate, member: Member,
                values: dict[str, Any], on: date, list_date: date) -> list[str]:
    changes: dict[str, Any] = {}
    health = [h for h in member.health if h != "健康"]
    if "残疾" not in health:
        changes["health"] = [*health, "残疾"]
    for name in ("disability_kind", "disability_grade"):
        if values.get(name):
            value = cleaning.whole(values[name])
            if value != getattr(member, name):
                changes[name] = value
    if not changes:
        return []
    changes["health_changed_on"] = on.isoformat()
    household_helpers.update_member(uow, member.id, changes)
    return [f"{member.name} 新办残疾证（{on.isoformat()}）"]


def _house(uow: UnitOfWork, layout: DepartmentTemplate, member: Member, values: dict[str, Any],
           on: date, list_date: date) -> list[str]:
    grade = values.get("house_grade") or "危房"
    household = uow.session.get(Household, member.household_id)
    if household is None or grade != "危房" or household.house_safety == grade:
        return []
    household_helpers.update(uow, household.id, {"house_safety": grade})
    return [f"住房鉴定为危房（{on.isoformat()}）"]


_FACTS: dict[str, Callable[..., list[str]]] = {
    "expense": _expense, "assistance": _assistance, "disability": _disability, "house": _house,
}


def _department_rule(uow: UnitOfWork, layout: DepartmentTemplate, member: Member,
                     values: dict[str, Any], on: date, list_date: date) -> list[str]:
    """The template's own rule, when the county set one: a warning marked with the department."""
    rule = layout.rule
    if rule is None or not rule.active:
        return []
    amount = values.get("amount")
    reason = ""
    if rule.amount_from is not None and amount is not None and amount >= Decimal(str(rule.amount_from)):
        reason = (f"{marker(layout.source, list_date)}：{member.name} {on.isoformat()} "
                  f"{layout.expense_kind or '金额'} {format_yuan(amount)} 元，达到部门预警线 "
                  f"{format_yuan(Decimal(str(rule.amount_from)))} 元。")
    elif rule.values and (value := values.get("change") or "") in rule.values:
        reason = f"{marker(layout.source, list_date)}：{member.name} {value}（{on.isoformat()}）。"
    if not reason:
        return []
    key = f"{RULE_PREFIX}{DEPARTMENTS[layout.source]}"
    known = uow.session.scalars(select(RiskWarning).where(
        RiskWarning.household_id == member.household_id, RiskWarning.rule == key,
        live(RiskWarning))).all()
    # As the upkeep does: not while the same rule is waiting, nor again for the same reason.
    if any(w.status == OPEN or w.reason == reason[:300] for w in known):
        return []
    uow.session.add(RiskWarning(household_id=member.household_id, rule=key, title=rule.title[:64],
                                reason=reason[:300], value="" if amount is None else str(amount),
                                threshold="" if rule.amount_from is None else str(rule.amount_from),
                                raised_on=uow.today, source=layout.source, source_date=list_date))
    return [f"部门预警：{rule.title}"]
