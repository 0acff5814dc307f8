"""Reconciliation: the county's monitoring records against a fresh export of the national system.

Counts by village, category and status (风险未消除 / 风险已消除) side by side, and every household
that differs and how: only in one of the two, another category or status, members missing on
either side, another village. Households are matched by their members' ID numbers, so a
household whose national number is not stored here is still found. Reads only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.categories import HEAD_RELATION
from app.excel.rawxlsx import BORDERED, BORDERED_TEXT, HEADER, TITLE, RawSheet, write_xlsx
from app.excel.reader import read_workbook
from app.national.sheets import SheetRow, read_sheets
from app.national.templates import NationalTemplate, load_national_template
from app.services.context import ServiceContext
from app.services.national.export import load_records
from app.services.national.importing import UNRESOLVED, national_id, national_text


@dataclass
class Side:
    """One household as one side has it."""

    village: str
    head: str
    head_id: str
    category: str
    status: str
    members: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Difference:
    village: str
    head: str
    head_id: str
    what: str
    local: str
    national: str


@dataclass
class Reconciliation:
    # (village, category, status) → (local households, national households)
    counts: dict[tuple[str, str, str], tuple[int, int]]
    differences: list[Difference]
    local_households: int
    national_households: int

    @property
    def households_differing(self) -> int:
        return len({d.head_id for d in self.differences})


def national_households(layout: NationalTemplate, rows: list[SheetRow]) -> list[Side]:
    """The file's households: rows together by 户编号, else by the head's name within a village."""
    groups: dict[tuple[str, ...], list[SheetRow]] = defaultdict(list)
    for row in rows:
        number = national_text(layout, row, "household.national_number")
        village = national_text(layout, row, "household.village_code")
        key = ("number", number) if number else ("head", village, national_text(layout, row, "household.head_name"))
        groups[key].append(row)
    sides = []
    for group in groups.values():
        head_row = next((r for r in group if national_text(layout, r, "member.relation") == HEAD_RELATION), group[0])
        filled = next((r for r in group if national_text(layout, r, "case.category")), head_row)
        sides.append(Side(
            village=national_text(layout, head_row, "household.village_code"),
            head=(national_text(layout, head_row, "household.head_name")
                  or national_text(layout, head_row, "member.name")),
            head_id=national_id(head_row) or "",
            category=national_text(layout, filled, "case.category"),
            status=national_text(layout, filled, "case.eliminated") or UNRESOLVED,
            members={n for r in group if (n := national_id(r))}))
    return sides


class ReconcileService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def compare(self, path: Path | str, template: Path | None = None) -> Reconciliation:
        layout = load_national_template(template)
        rows = [r for s in read_sheets(read_workbook(Path(path)), layout.columns, "member.id_number") for r in s.rows]
        national = national_households(layout, rows)
        with self.ctx.db.read() as session:
            records = load_records(session)
        local: list[Side] = []
        for record in records:
            head = next((m for m in record.members if m.relation == HEAD_RELATION), None)
            case = record.case
            local.append(Side(record.household.village_code, record.household.head_name,
                              head.id_number if head else "", case.category if case else "",
                              case.status if case else "", {m.id_number for m in record.members if m.id_number}))
        counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
        for side in local:
            counts[(side.village, side.category, side.status)][0] += 1
        for side in national:
            counts[(side.village, side.category, side.status)][1] += 1
        by_member = {number: side for side in local for number in side.members}
        matched: set[int] = set()
        differences: list[Difference] = []
        for theirs in national:
            candidates = Counter(id(by_member[n]) for n in theirs.members if n in by_member)
            ours = next((s for s in local if candidates and id(s) == candidates.most_common(1)[0][0]), None)
            if ours is None:
                differences.append(Difference(theirs.village, theirs.head, theirs.head_id, "仅全国系统有",
                                              "", f"{theirs.category} {theirs.status}"))
                continue
            matched.add(id(ours))
            differences.extend(_compare(ours, theirs))
        for ours in local:
            if id(ours) not in matched:
                differences.append(Difference(ours.village, ours.head, ours.head_id, "仅本地有",
                                              f"{ours.category} {ours.status}", ""))
        return Reconciliation({k: (v[0], v[1]) for k, v in sorted(counts.items())}, differences,
                              len(local), len(national))

    def write(self, result: Reconciliation, out: Path | str) -> None:
        def summary() -> Iterator[tuple[Any, list[Any]]]:
            yield TITLE, [f"本地与全国系统对比（{self.ctx.today().isoformat()}）：本地 {result.local_households} 户，"
                          f"全国系统 {result.national_households} 户，{result.households_differing} 户有差异"]
            yield HEADER, ["村代码", "监测对象类别", "风险状态", "本地户数", "全国系统户数", "相差"]
            for (village, category, status), (ours, theirs) in result.counts.items():
                yield [BORDERED_TEXT, BORDERED, BORDERED, BORDERED, BORDERED, BORDERED], [
                    village, category, status, ours, theirs, ours - theirs]

        def details() -> Iterator[tuple[Any, list[Any]]]:
            yield HEADER, ["村代码", "户主", "户主身份证号", "差异", "本地", "全国系统"]
            for d in result.differences:
                yield [BORDERED_TEXT, BORDERED, BORDERED_TEXT, BORDERED, BORDERED, BORDERED], [
                    d.village, d.head, d.head_id, d.what, d.local, d.national]

        write_xlsx(Path(out), [RawSheet("对比汇总", summary(), widths=(16, 16, 12, 10, 12, 8), column_count=6,
                                        merges=["A1:F1"]),
                               RawSheet("差异明细", details(), widths=(16, 12, 22, 16, 30, 30), freeze_rows=1,
                                        autofilter_row=1, column_count=6)])


def _compare(ours: Side, theirs: Side) -> list[Difference]:
    found = []

    def differ(what: str, local: str, national: str) -> None:
        found.append(Difference(ours.village, ours.head, ours.head_id, what, local, national))

    if ours.village != theirs.village and theirs.village:
        differ("村不同", ours.village, theirs.village)
    if ours.category != theirs.category:
        differ("类别不同", ours.category, theirs.category)
    if ours.status != theirs.status:
        differ("风险状态不同", ours.status, theirs.status)
    if ours.members - theirs.members:
        differ("全国系统缺少成员", "、".join(sorted(ours.members - theirs.members)), "")
    if theirs.members - ours.members:
        differ("本地缺少成员", "", "、".join(sorted(theirs.members - ours.members)))
    return found
