"""From sheet rows to households: cleaning each mapped cell and grouping member rows into households.

Rows of one household are recognised by their 户编号, the head's ID number or the head's name,
whether those are repeated on every row, written only on the first row, or merged over the rows.
Without any of these columns a row whose relation is 户主 starts a new household; without a
relation column either, every row is a household of its own (one row per household).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.excel import cleaning
from app.excel.cleaning import CellError
from app.excel.headers import is_numbering_row, looks_like_header
from app.excel.mapping import SheetMapping
from app.excel.reader import SheetGrid
from app.excel.targets import BY_KEY, HELPER, HOUSEHOLD, INCOME, INFO, MEMBER, RAW_HEADER_WORDS
from app.excel.vocab import RELATIONS, standard

HEAD = "户主"
_KEYS = ("household.household_number", "household.head_id", "household.head_name")
_STRONG_KEYS = ("household.household_number", "household.head_id")
_TOTALS = ("合计", "小计", "总计")

_EMPTY: dict[str, Any] = {}
_SPLIT = {key: (target.group, target.field) for key, target in BY_KEY.items()}
_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "text": cleaning.text, "name": cleaning.name, "id": cleaning.id_number, "date": cleaning.day,
    "amount": cleaning.amount, "whole": cleaning.whole, "raw": cleaning.text,
}
# Columns checked more strictly than their kind: telephone numbers.
_KEY_CLEANERS: dict[str, Callable[[Any], Any]] = {"household.phone": cleaning.phone, "helper.phone": cleaning.phone}
# Columns kept only for reading that are checked against the member's ID number.
_AGAINST_ID = {"info.sex": cleaning.sex_conflict, "info.birth": cleaning.birth_conflict}


@dataclass(frozen=True)
class CellIssue:
    letter: str
    label: str
    message: str
    target: str = ""


@dataclass
class RowRecord:
    sheet: str
    row: int  # as Excel numbers it (1-based)
    raw: list[Any]
    values: dict[str, Any]
    issues: list[CellIssue] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)

    def group(self, name: str) -> dict[str, Any]:
        """The cleaned values of one target group, by field name (do not change the dict)."""
        return self.groups.get(name, _EMPTY)

    @property
    def has_member(self) -> bool:
        return "member.name" in self.values or "member.id_number" in self.values or any(
            i.target in ("member.name", "member.id_number") for i in self.issues)

    @property
    def where(self) -> str:
        return f"工作表“{self.sheet}”第 {self.row} 行"


@dataclass
class FileHousehold:
    """One household as the file has it, with the rows it came from (in file order)."""

    number: int
    rows: list[RowRecord] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)
    relation_given: bool = True
    skipped: frozenset[tuple[str, int]] = frozenset()  # (sheet, row) of member rows left out
    _merged: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _member_rows: list[RowRecord] | None = field(default=None, repr=False)

    def add(self, row: RowRecord) -> None:
        self.rows.append(row)
        self._merged.clear()
        self._member_rows = None

    def values(self, group: str) -> dict[str, Any]:
        """The household's values of ``group``: for each field, the first row that has it
        (a shared dict: copy it before changing it)."""
        merged = self._merged.get(group)
        if merged is None:
            merged = {}
            for row in self.rows:
                for name, value in row.group(group).items():
                    merged.setdefault(name, value)
            self._merged[group] = merged
        return merged

    def skip(self, rows: Iterable[RowRecord]) -> None:
        """Leave these member rows out of the household (they stay in ``rows`` for the report)."""
        self.skipped = self.skipped | {(r.sheet, r.row) for r in rows}
        self._member_rows = None

    @property
    def member_rows(self) -> list[RowRecord]:
        if self._member_rows is None:
            self._member_rows = [r for r in self.rows if r.has_member and (r.sheet, r.row) not in self.skipped]
        return self._member_rows

    @property
    def first(self) -> RowRecord:
        return self.rows[0]

    @property
    def head_name(self) -> str:
        for row in self.rows:
            if standard("relation", row.values.get("member.relation")) == HEAD and row.values.get("member.name"):
                return str(row.values["member.name"])
        return str(self.values(HOUSEHOLD).get("head_name") or self.first.values.get("member.name") or "")


def sheet_records(sheet: SheetGrid, mapping: SheetMapping) -> Iterator[RowRecord]:
    """The data rows of a sheet, cleaned; blank, total, numbering and repeated header rows skipped."""
    # Everything a cell needs, worked out once per column rather than once per cell.
    plan = [(c.index, _safe(_KEY_CLEANERS.get(str(c.target)) or _CLEANERS[BY_KEY[str(c.target)].kind]),
             _memo(BY_KEY[str(c.target)].kind), str(c.target), *_SPLIT[str(c.target)], c.letter, c.label)
            for c in mapping.columns if c.target and not c.target.startswith(INFO)]
    # A 性别 right of the assistance person's columns is theirs (帮扶责任人姓名, 性别, 电话 …), not the member's.
    helper_from = min((c.index for c in mapping.columns if c.target and c.target.startswith(HELPER + ".")),
                      default=len(mapping.columns) + 1_000_000)
    against_id = [(c.index, _AGAINST_ID[str(c.target)], str(c.target), c.letter, c.label)
                  for c in mapping.columns if c.target in _AGAINST_ID and c.index < helper_from]
    key_columns = [(c.index, str(c.target)) for c in mapping.columns if c.target in _KEYS]
    name = sheet.name
    for index in range(mapping.layout.data_start, len(sheet.rows)):
        raw = sheet.rows[index]
        if not any(v != "" and v is not None and (type(v) is not str or v.strip()) for v in raw) \
                or _skipped(raw):
            continue
        width = len(raw)
        values: dict[str, Any] = {}
        groups: dict[str, dict[str, Any]] = {}
        issues: list[CellIssue] = []
        for column, clean, memo, key, group, field_name, letter, label in plan:
            value = raw[column] if column < width else None
            if value == "" or value is None:
                continue
            if memo is not None and type(value) is str:  # text cells, by far the most: remembered
                cleaned = memo.get(value, _MISSING)
                if cleaned is _MISSING:
                    cleaned = clean(value)
                    if len(memo) < _MEMO_LIMIT:
                        memo[value] = cleaned
            else:
                cleaned = clean(value)
            if type(cleaned) is CellError:
                issues.append(CellIssue(letter, label, cleaned.message, key))
                continue
            if cleaned is not None:
                values[key] = cleaned
                if group in groups:
                    groups[group][field_name] = cleaned
                else:
                    groups[group] = {field_name: cleaned}
        if not values and not issues:
            continue
        number = values.get("member.id_number") if against_id else None
        if number is not None:  # 性别 and 出生日期 as written must agree with the ID number
            for column, conflict, key, letter, label in against_id:
                problem = conflict(raw[column], number) if column < width else None
                if problem:
                    issues.append(CellIssue(letter, label, problem, key))
            issues.sort(key=lambda issue: (len(issue.letter), issue.letter))  # in the sheet's column order
        record = RowRecord(name, index + 1, raw, values, issues, groups=groups)
        for column, key in key_columns:
            value = values.get(key)
            if value is None and column < width:
                value = cleaning.text(raw[column])  # a cell that failed cleaning still tells rows apart
            if value:
                record.keys[key] = "".join(str(value).split()).upper()
        yield record


def _safe(clean: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The cleaner returning its refusal (a CellError) instead of raising it, so that a
    remembered refusal costs a look-up rather than an exception."""
    def run(value: Any) -> Any:
        try:
            return clean(value)
        except CellError as error:
            return error
    return run


def _memo(kind: str) -> dict[str, Any] | None:
    """A column's memory of the texts it has cleaned: a village column repeats a few dozen
    spellings of relation, health, household type … over 100k rows. ID numbers are all different
    and are not remembered. The result (or the refusal) is the same as cleaning afresh."""
    return None if kind == "id" else {}


_MISSING = object()
_MEMO_LIMIT = 20_000


def _skipped(raw: list[Any]) -> bool:
    """Total rows, the 1 2 3 … numbering row and a header repeated on every printed page.
    Cheap tests first: this runs for every row."""
    if any(type(v) is str and "计" in v and v.replace(" ", "") in _TOTALS for v in raw[:4]):
        return True
    first = next((v for v in raw if v != "" and v is not None), None)
    if first in (1, "1", "1.0"):  # 1 2 3 … under the header, as numbers or as text
        return is_numbering_row(raw)
    if len(RAW_HEADER_WORDS.intersection(raw)) >= 2:
        return looks_like_header(raw)
    return False


def group_households(records: Iterator[RowRecord], mappings: dict[str, SheetMapping]) -> list[FileHousehold]:
    """Group rows into households, across sheets: a household met again (same 户编号 or head ID
    number) on a later row or sheet gets those rows too."""
    households: list[FileHousehold] = []
    by_key: dict[tuple[str, str], FileHousehold] = {}
    current: FileHousehold | None = None
    sheet_name = ""
    has_keys = relation_mapped = False
    for record in records:
        if record.sheet != sheet_name:
            sheet_name, current = record.sheet, None
            targets = mappings[record.sheet].targets()
            has_keys = any(k in targets for k in _KEYS)
            relation_mapped = "member.relation" in targets
        values, keys = record.values, record.keys
        written = values.get("member.relation")  # a text, or None (cleaned values are never None)
        relation = RELATIONS.get(written, written)  # standard("relation", written), without the call
        person = values.get("member.id_number")
        if has_keys:
            starts = current is None or (bool(keys) and any(current.keys.get(k, v) != v for k, v in keys.items()))
        elif relation_mapped:
            starts = current is None or relation == HEAD
        else:
            starts = True
        if starts:
            known = next((by_key[(k, keys[k])] for k in _STRONG_KEYS if (k, keys.get(k)) in by_key), None)
            # A row without a relation is taken for the head's here.
            if known is None and person and (relation is None or relation == HEAD):
                known = by_key.get(("household.head_id", person))  # a head met on an earlier sheet
            if known is None:
                known = FileHousehold(len(households) + 1, relation_given=relation_mapped)
                households.append(known)
            current = known
        assert current is not None
        current.add(record)
        for key, value in keys.items():
            current.keys.setdefault(key, value)
            if key in _STRONG_KEYS:
                by_key.setdefault((key, value), current)
        if person and relation == HEAD:
            # Another sheet (an income or assistance ledger) may name this household by its head.
            by_key.setdefault(("household.head_id", person), current)
        if not relation_mapped:
            current.relation_given = False
    return households


GROUPS = (HOUSEHOLD, MEMBER, INCOME, HELPER)
