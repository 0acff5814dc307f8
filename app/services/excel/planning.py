"""The dry run: every household of the file matched against the database and validated with the
same field rules as the screens, deciding what would be added, updated or refused, and why.

Households are matched by 户编号 (within the village) or by the head's ID number; members by their
ID number. Nothing here writes: the same plan is applied afterwards in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.divisions import normalize_code
from app.domain.errors import UserFacingError
from app.domain.income import (
    TRANSFER_ITEM_FIELDS,
    IncomeComponents,
    format_yuan,
    net_income,
    per_capita_net_income,
)
from app.excel.outcome import ADDED, REFUSED, UNCHANGED, UPDATED
from app.excel.records import HEAD, FileHousehold, RowRecord
from app.excel.targets import BY_KEY, HELPER, HOUSEHOLD, INCOME, MEMBER
from app.excel.vocab import standard
from app.services.assistance import PERSON_FIELDS
from app.services.excel.lookup import Lookup, person_keys
from app.services.excel.validation import FieldParser, validated_member
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, parse_fields
from app.services.income import COMPONENT_FIELDS
from app.store.models import Division, Household, Member

CHUNK = 500  # households between progress reports
_HOUSEHOLD_COLUMNS = tuple(n for n in HOUSEHOLD_FIELDS if n != "village_code")
_INCOME_PARTS = ("wage", "business", "property", "transfer", "business_expense", "insurance_payout",
                 "eligible_out_of_pocket", *TRANSFER_ITEM_FIELDS)


class Refused(Exception):
    def __init__(self, message: str, row: RowRecord | None = None, letter: str = "",
                 label: str = "") -> None:
        super().__init__(message)
        self.message, self.row, self.letter, self.label = message, row, letter, label


@dataclass
class HelperPlan:
    person_key: tuple[str, str]
    new_person: dict[str, Any] | None  # set on the first household that brings a new person
    person_id: str | None
    start_date: date
    assign: bool


@dataclass
class HouseholdPlan:
    file: FileHousehold
    action: str = UNCHANGED
    reason: str = ""
    reason_row: RowRecord | None = None
    letter: str = ""
    label: str = ""
    household_id: str | None = None
    new_household: dict[str, Any] | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    new_members: list[dict[str, Any]] = field(default_factory=list)
    member_changes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    income: dict[str, Any] | None = None
    income_id: str | None = None
    helper: HelperPlan | None = None
    row_results: dict[tuple[str, int], str] = field(default_factory=dict)
    village_code: str | None = None  # the household's village as decided (or the default one)
    # Member rows left out of an imported household, with the column at fault (letter, label).
    skipped: list[tuple[RowRecord, str, str]] = field(default_factory=list)
    # Every row problem found when refused for its rows' own problems (the first is ``reason``).
    problems: list[Refused] = field(default_factory=list)
    grid_id: str | None = None  # the grid the household goes into (app/services/excel/gridding.py)
    grid_note: str = ""  # shown on the household's first row: the placement, or why there is none


class Planner:
    """Decides each household's fate; ``village`` is the default village code (``--village``)."""

    def __init__(self, lookup: Lookup, *, scope: str, today: date, village: str | None,
                 income_year: int | None, columns: dict[str, dict[str, tuple[str, str]]]) -> None:
        self.lookup = lookup
        self.columns = columns  # sheet → target key → (letter, label)
        self.scope = scope
        self.today = today
        self.village = village
        self.income_year = income_year
        self.seen_ids: dict[str, RowRecord] = {}
        self.new_persons: dict[tuple[str, str], HelperPlan] = {}
        self.member_fields = FieldParser(MEMBER_FIELDS, standard)
        self.household_fields = FieldParser(HOUSEHOLD_FIELDS, standard)
        self.income_fields = FieldParser(COMPONENT_FIELDS)
        self._village_names: dict[str, list[Division]] = {}
        self._codes: dict[str, str] = {}  # village codes as written → normalised
        # A member row's fields as _check_member_row parsed them (by id of the row), so that
        # _members parses a row again only when its person's values differ from the row's own.
        self._member_values: dict[int, dict[str, Any]] = {}
        for village_row in lookup.villages.values():
            self._village_names.setdefault(village_row.name, []).append(village_row)

    def plan_all(self, households: list[FileHousehold],
                 step: Callable[[int], None] | None = None) -> list[HouseholdPlan]:
        plans = []
        for number, household in enumerate(households, start=1):
            plans.append(self.plan(household))
            if step and number % CHUNK == 0:
                step(number)
        return plans

    def plan(self, household: FileHousehold) -> HouseholdPlan:
        plan = HouseholdPlan(household, village_code=self.village)
        try:
            problems = self._check_cells(plan)
            if problems:  # every row's own problems at once, so that one round of fixes is enough
                _refuse(plan, problems[0])
                plan.problems = problems
                return plan
            self._plan(plan)
        except Refused as refusal:
            _refuse(plan, refusal)
        except UserFacingError as error:
            _refuse(plan, Refused(str(error)))
        return plan

    # --- steps ------------------------------------------------------------------------------

    def _check_cells(self, plan: HouseholdPlan) -> list[Refused]:
        """The problems of each row on its own (cells, a missing ID number or name, an ID number
        met before, a member field the screens would refuse), all of them, in row order."""
        household = plan.file
        problems: list[Refused] = []
        for row in household.rows:
            problems.extend(Refused(f"{issue.label}：{issue.message}", row, issue.letter, issue.label)
                            for issue in row.issues)
        faulty = {id(p.row) for p in problems}
        skipped = []
        for row in household.member_rows:
            try:
                self._check_member_row(plan, row, skipped, faulty)
            except Refused as refusal:
                problems.append(refusal)
        if skipped:
            household.skip(row for row, _, _ in skipped)
            plan.skipped = skipped
        if problems:
            order = {id(r): i for i, r in enumerate(household.rows)}
            return sorted(problems, key=lambda p: order.get(id(p.row), -1))
        if not household.member_rows and not household.values(HOUSEHOLD).get("household_number") \
                and not household.values(HOUSEHOLD).get("head_id"):
            raise Refused("这一行没有成员（姓名、身份证号），也没有户编号或户主身份证号，无法确定是哪一户。",
                          household.first)
        return []

    def _check_member_row(self, plan: HouseholdPlan, row: RowRecord, skipped: list[tuple[RowRecord, str, str]],
                          faulty: set[int]) -> None:
        number = row.values.get("member.id_number")
        if number is None and any(i.target == "member.id_number" for i in row.issues):
            return  # the ID number cell's own problem is reported already
        if number is None:
            relation = standard("relation", row.values.get("member.relation"))
            if "member.name" in row.values and relation and relation != HEAD:
                # Someone not yet registered (a newborn before 落户): the household is imported
                # without this person, who is added later on the screens once the ID exists.
                skipped.append((row, *self._column(row, "member.id_number")))
                return
            who = "户主" if relation == HEAD else "成员"
            raise self._fail(f"缺少身份证号：{who}必须有身份证号才能导入（用它识别同一个人）。",
                             row, "member.id_number")
        if "member.name" not in row.values and not any(i.target == "member.name" for i in row.issues):
            raise self._fail("缺少姓名。", row, "member.name")
        earlier = self.seen_ids.get(number)
        if earlier is None:
            self.seen_ids[number] = row
        elif earlier is not row and earlier not in plan.file.rows:
            # Within a household the same ID is the same person again (another sheet, or a
            # ledger with a row per assistance period); in another household it is an error.
            raise self._fail(f"身份证号与{earlier.where}重复，同一人不能登记两次。", row, "member.id_number")
        if id(row) in faulty:
            return
        try:  # the row's own member fields, as the screens check them (the rules between rows come later)
            self._member_values[id(row)] = self.member_fields.parse(row.group(MEMBER))
        except UserFacingError as error:
            field_label = "身份证号" if error.field == "身份证号码" else error.field
            raise Refused(error.message, row,
                          *self._field_column(row, MEMBER, MEMBER_FIELDS, field_label)) from None

    def _fail(self, message: str, row: RowRecord, key: str) -> Refused:
        return Refused(message, row, *self._column(row, key))

    def _column(self, row: RowRecord, key: str) -> tuple[str, str]:
        return self.columns.get(row.sheet, {}).get(key, ("", BY_KEY[key].label))

    def _field_column(self, row: RowRecord, group: str, specs: dict[str, Any],
                      label: str | None) -> tuple[str, str]:
        name = _field_name(specs, label)
        if name and f"{group}.{name}" in BY_KEY:
            return self._column(row, f"{group}.{name}")
        return "", label or ""

    def _plan(self, plan: HouseholdPlan) -> None:
        household = plan.file
        values = household.values(HOUSEHOLD)
        existing = self._match(household, values)
        village = self._village(household, values, existing)
        plan.village_code = village
        if existing is not None:
            plan.household_id = existing.id
            if existing.village_code != village and ("village" in values or "village_code" in values):
                raise Refused(f"这一户在系统中属于{self._village_name(existing.village_code)}，"
                              f"表中写的是{self._village_name(village)}。如确需迁户，请在程序中修改。",
                              household.first)
        members = self._members(plan, household, existing)
        fields = self._household_fields(household, values)
        if existing is None:
            plan.action = ADDED
            plan.new_household = {"household_type": "一般农户", **fields, "village_code": village}
            heads = [m for m in members if m["relation"] == HEAD]
            if len(heads) != 1:
                raise self._fail(f"每户必须有且只有一名户主，这一户有 {len(heads)} 名。",
                                 household.first, "member.relation")
            plan.new_members = members
        else:
            plan.changes = {k: v for k, v in fields.items() if getattr(existing, k) != v}
            plan.new_members = members
            heads = [m for m in self.lookup.members_of.get(existing.id, []) if m.relation == HEAD]
            new_heads = [m for m in members if m["relation"] == HEAD]
            changed_heads = [c for _, c in plan.member_changes if c.get("relation") == HEAD]
            if len(heads) + len(new_heads) + len(changed_heads) > 1:
                raise self._fail("这一户在系统中已有户主，表中又填了另一名户主。如要更换户主，请在程序中修改。",
                                 household.first, "member.relation")
        self._income(plan, household, existing)
        self._helper(plan, household, existing)
        if existing is not None:
            touched = plan.changes or plan.new_members or plan.member_changes or plan.income \
                or (plan.helper and plan.helper.assign)
            plan.action = UPDATED if touched else UNCHANGED

    def _match(self, household: FileHousehold, values: dict[str, Any]) -> Household | None:
        number = values.get("household_number")
        if number:
            found = self.lookup.by_number.get(str(number), [])
            code = self._explicit_village(household, values) or self.village
            if code:
                found = [h for h in found if h.village_code == code]
            if len(found) > 1:
                raise self._fail(f"户编号“{number}”在系统中对应 {len(found)} 户，请加上“村”列以区分。",
                                 household.first, "household.household_number")
            if found:
                self._check_members_belong(household, found[0])
                return found[0]
        head_ids = [values.get("head_id")] + [r.values.get("member.id_number") for r in household.member_rows
                                              if standard("relation", r.values.get("member.relation", HEAD)) == HEAD]
        for head_id in filter(None, head_ids):
            member = self.lookup.members_by_id.get(str(head_id))
            if member is not None:
                existing = self.lookup.households[member.household_id]
                if existing.deleted:
                    continue
                self._check_members_belong(household, existing)
                return existing
        self._check_members_belong(household, None)
        return None

    def _check_members_belong(self, household: FileHousehold, existing: Household | None) -> None:
        for row in household.member_rows:
            member = self.lookup.members_by_id.get(str(row.values.get("member.id_number")))
            if member is not None and (existing is None or member.household_id != existing.id):
                holder = self.lookup.households.get(member.household_id)
                where = f"{self._village_name(holder.village_code)}{holder.head_name}户" if holder else "另一户"
                raise self._fail(f"身份证号已登记在{where}（成员{member.name}），同一人不能登记在两户。"
                              "请核对户编号或户主身份证号。", row, "member.id_number")

    def _explicit_village(self, household: FileHousehold, values: dict[str, Any]) -> str | None:
        if values.get("village_code"):
            raw = str(values["village_code"])
            code = self._codes.get(raw)
            if code is None:
                try:
                    code = self._codes[raw] = normalize_code(raw)
                except UserFacingError:
                    code = None
            if code is None:
                raise self._fail(f"村代码“{values['village_code']}”格式不对，应为 12 位区划代码。",
                                 household.first, "household.village_code")
            if code not in self.lookup.villages:
                raise self._fail(f"村代码 {code} 不是本机工作范围内的村。", household.first, "household.village_code")
            return code
        name = values.get("village")
        if name:
            found = self._village_names.get(str(name), [])
            township = values.get("township")
            if township and len(found) > 1:
                found = [v for v in found if self._township_name(v) == township]
            if not found:
                raise self._fail(f"村“{name}”不在本机工作范围内（或村名与区划表不一致）。",
                                 household.first, "household.village")
            if len(found) > 1:
                raise self._fail(f"工作范围内有 {len(found)} 个“{name}”，请加“乡镇”列或改填村代码。",
                                 household.first, "household.village")
            return found[0].id
        return None

    def _township_name(self, village: Division) -> str:
        return self.lookup.townships.get(village.parent_code or "", "")

    def _village(self, household: FileHousehold, values: dict[str, Any], existing: Household | None) -> str:
        code = self._explicit_village(household, values)
        if code:
            return code
        if existing is not None:
            return existing.village_code
        if self.village:
            return self.village
        raise self._fail("不知道这一户属于哪个村：表中没有“村”或“村代码”列。导入一个村的花名册时请指定村"
                      "（命令行用 --village 村代码）。", household.first, "household.village")

    def _village_name(self, code: str) -> str:
        village = self.lookup.villages.get(code)
        return village.name if village else code

    def _household_fields(self, household: FileHousehold, values: dict[str, Any]) -> dict[str, Any]:
        given = {k: v for k, v in values.items() if k in _HOUSEHOLD_COLUMNS}
        try:
            return self.household_fields.parse(given)
        except UserFacingError as error:
            key = f"household.{_field_name(HOUSEHOLD_FIELDS, error.field)}"
            row = next((r for r in household.rows if key in r.values), household.first)
            raise Refused(error.message, row, *self._field_column(row, HOUSEHOLD, HOUSEHOLD_FIELDS,
                                                                   error.field)) from None

    # --- members ----------------------------------------------------------------------------

    def _members(self, plan: HouseholdPlan, household: FileHousehold,
                 existing: Household | None) -> list[dict[str, Any]]:
        new: list[dict[str, Any]] = []
        current = {m.id_number: m for m in self.lookup.members_of.get(existing.id, [])} if existing else {}
        rows: list[RowRecord] = []
        people: dict[str, dict[str, Any]] = {}
        first_rows: dict[str, RowRecord] = {}
        for row in household.member_rows:  # one person on several sheets: first value of each field wins
            number = row.values["member.id_number"]
            if number in people:
                first_name, name_here = people[number].get("name"), row.values.get("member.name")
                where = first_rows[number].where
                if first_name and name_here and first_name != name_here:
                    raise self._fail(f"身份证号与{where}相同，姓名却不同（{first_name}、{name_here}），请核对。",
                                     row, "member.id_number")
                for name, value in row.group(MEMBER).items():
                    people[number].setdefault(name, value)
                plan.row_results[(row.sheet, row.row)] = f"与{where}是同一人"
            else:
                rows.append(row)
                first_rows[number] = row
                people[number] = dict(row.group(MEMBER))
        head_name = household.values(HOUSEHOLD).get("head_name")
        head_id = household.values(HOUSEHOLD).get("head_id")
        for row in rows:
            given = people[row.values["member.id_number"]]
            if "relation" not in given:
                given["relation"] = self._default_relation(row, rows, head_name, head_id, current)
            member = current.get(str(given["id_number"]))
            checked = self._member_values.pop(id(row), None)
            try:
                if member is None:
                    values = validated_member({"ethnicity": "汉族", "lives_in_household": True,
                                                **self._member_parsed(given, row, checked, creating=True)})
                    new.append(values)
                    plan.row_results[(row.sheet, row.row)] = "新增成员"
                else:
                    parsed = self._member_parsed(given, row, checked)
                    merged = {n: getattr(member, n) for n in MEMBER_FIELDS} | parsed
                    values = validated_member(merged)
                    changes = {k: v for k, v in values.items() if getattr(member, k) != v}
                    if changes:
                        plan.member_changes.append((member.id, changes))
                        plan.row_results[(row.sheet, row.row)] = "更新：" + "、".join(_labels(changes))
            except UserFacingError as error:
                field_label = "身份证号" if error.field == "身份证号码" else error.field
                raise Refused(error.message, row,
                              *self._field_column(row, MEMBER, MEMBER_FIELDS, field_label)) from None
        return new

    def _member_parsed(self, given: dict[str, Any], row: RowRecord, checked: dict[str, Any] | None,
                       creating: bool = False) -> dict[str, Any]:
        """The person's parsed fields: the row's own, as checked already, when the person's values
        are the row's (no default relation, nothing from another row); else parsed afresh."""
        if checked is None or given != row.group(MEMBER):
            return self.member_fields.parse(given, creating=creating)
        if creating:
            self.member_fields.require(given)
        return checked

    def _default_relation(self, row: RowRecord, rows: list[RowRecord], head_name: Any, head_id: Any,
                          current: dict[str, Member]) -> str:
        number = row.values.get("member.id_number")
        if number in current:
            return current[str(number)].relation
        if (head_id and number == head_id) or (head_name and not head_id and row.values.get("member.name") ==
                                              head_name) or len(rows) == 1:
            return HEAD
        raise self._fail("表中没有“与户主关系”列，无法判断这名成员与户主的关系。请加上这一列。", row, "member.relation")

    # --- income and assistance --------------------------------------------------------------

    def _income(self, plan: HouseholdPlan, household: FileHousehold, existing: Household | None) -> None:
        given = dict(household.values(INCOME))
        year = given.pop("year", None) or self.income_year
        if not given:
            return
        if year is None:
            raise self._fail("表中有收入，但不知道是哪一年的：请加“收入年度”列，或在映射中填写收入年度。",
                             household.first, "income.year")
        if not 2000 <= int(year) <= self.today.year + 1:
            raise self._fail(f"收入年度 {year} 不合理。", household.first, "income.year")
        year = int(year)
        # 年度家庭人口数 counts everyone in the sheet, also a member left out for lack of an ID number.
        size = len(plan.new_members) + len(plan.skipped) + (
            len(self.lookup.members_of.get(existing.id, [])) if existing else 0)
        record = self.lookup.incomes.get((existing.id, year)) if existing else None
        try:
            parsed = self.income_fields.parse(given)
        except UserFacingError as error:
            row = next((r for r in household.rows if r.group(INCOME)), household.first)
            raise Refused(error.message, row, *self._field_column(row, INCOME, COMPONENT_FIELDS,
                                                                   error.field)) from None
        given = {k: v for k, v in parsed.items() if v is not None}
        self._transfer_total(given, household)
        # A new record keeps its columns' default (0) for every part the sheet leaves out.
        values = {**({p: Decimal(getattr(record, p)) for p in _INCOME_PARTS} if record else {}), **given}
        size = record.household_size if record else max(size, 1)
        zero = Decimal(0)
        components = IncomeComponents(wage=values.get("wage", zero), business=values.get("business", zero),
                                      property=values.get("property", zero), transfer=values.get("transfer", zero),
                                      business_expense=values.get("business_expense", zero))
        values["net_income"] = net_income(components)
        values["per_capita_income"] = per_capita_net_income(components, size)
        if record is None:
            plan.income = {"year": year, "household_size": size,
                           "assessed_on": min(date(year, 12, 31), self.today), **values}
        else:
            changes = {k: v for k, v in values.items() if Decimal(getattr(record, k)) != v}
            if changes:
                plan.income, plan.income_id = changes, record.id

    def _transfer_total(self, given: dict[str, Any], household: FileHousehold) -> None:
        """Transfer parts without a 转移性收入 column add up to it; parts adding up to more than
        the 转移性收入 written beside them are refused (IncomeService.record_year's rule)."""
        parts = sum((given[p] for p in TRANSFER_ITEM_FIELDS if p in given), Decimal(0))
        if "transfer" not in given:
            if parts:
                given["transfer"] = parts
        elif parts > given["transfer"]:
            named = "、".join(BY_KEY[f"{INCOME}.{p}"].label for p in TRANSFER_ITEM_FIELDS if p in given)
            row = next((r for r in household.rows if "income.transfer" in r.values), household.first)
            raise self._fail(f"{named}合计 {format_yuan(parts)} 元，大于转移性收入 "
                             f"{format_yuan(given['transfer'])} 元，请核对。", row, "income.transfer")

    def _helper(self, plan: HouseholdPlan, household: FileHousehold, existing: Household | None) -> None:
        # A ledger may list past assistance persons too: a row with an end date is history.
        row = next((r for r in household.rows if r.values.get("helper.name")
                    and not r.values.get("helper.end_date")), None)
        if row is None:
            return
        given = dict(row.group(HELPER))
        given.pop("end_date", None)
        start = given.pop("start_date", None) or self.today
        try:
            values = parse_fields(PERSON_FIELDS, {**given, "division_code": self.scope})
            keys = person_keys(values["name"], values.get("phone", ""), values.get("unit", ""))
            person = next((self.lookup.persons[k] for k in keys if k in self.lookup.persons), None)
            if person is not None:
                active = self.lookup.active.get(existing.id, []) if existing else []
                assign = not any(a.person_id == person.id for a in active)
                plan.helper = HelperPlan(keys[0], None, person.id, start, assign)
                return
            known = next((self.new_persons[k] for k in keys if k in self.new_persons), None)
            if known is not None:
                # Same new person as an earlier household: the same values, made once (by key).
                plan.helper = HelperPlan(known.person_key, known.new_person, None, start, True)
                return
            values = parse_fields(PERSON_FIELDS, {**given, "division_code": self.scope}, creating=True)
        except UserFacingError as error:
            raise Refused(f"帮扶责任人：{error.message}", row,
                          *self._field_column(row, HELPER, PERSON_FIELDS, error.field)) from None
        plan.helper = HelperPlan(keys[0], values, None, start, True)
        for key in keys:
            self.new_persons[key] = plan.helper


def _refuse(plan: HouseholdPlan, refusal: Refused) -> None:
    """A refused household writes nothing: forget whatever was planned before the refusal."""
    plan.action, plan.reason = REFUSED, refusal.message
    plan.reason_row, plan.letter, plan.label = refusal.row, refusal.letter, refusal.label
    plan.new_household, plan.changes, plan.new_members = None, {}, []
    plan.member_changes, plan.income, plan.income_id, plan.helper = [], None, None, None
    plan.skipped = []


def _labels(changes: dict[str, Any]) -> list[str]:
    return [MEMBER_FIELDS[k].label if k in MEMBER_FIELDS else k for k in changes
            if k not in ("id_number_reversed", "name_initials", "sex", "birth_date")]


def _field_name(specs: dict[str, Any], label: str | None) -> str:
    return next((name for name, spec in specs.items() if spec.label == label), "")
