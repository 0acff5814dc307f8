"""What an import did (or would do), row by row and counted in households: plain data for the
report, the command line and the import wizard."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ADDED, UPDATED, UNCHANGED, REFUSED = "added", "updated", "unchanged", "refused"
SKIPPED = "skipped"  # a member row left out of a household that is imported (no ID number yet)
RESULT_LABELS = {ADDED: "新增", UPDATED: "更新", UNCHANGED: "未变化", REFUSED: "拒绝", SKIPPED: "未导入该成员"}


@dataclass(slots=True)
class RowOutcome:
    sheet: str
    row: int
    result: str  # one of ADDED, UPDATED, UNCHANGED, REFUSED, SKIPPED
    household: str  # the head's name, to find the row again
    detail: str = ""  # the reason when refused, what changes when updated
    letter: str = ""  # the column at fault
    label: str = ""

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]


@dataclass
class ImportCounts:
    """Households added, updated, unchanged and refused, and members added and updated."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    members_added: int = 0
    members_updated: int = 0
    members_skipped: int = 0  # member rows without an ID number, left out of imported households
    incomes: int = 0
    helpers_added: int = 0
    assignments: int = 0
    placed: int = 0  # households put into a grid (or moved to another) by the 网格 column

    def households(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "refused": self.refused}


@dataclass
class FixRow:
    """A row of a refused household, with its original values, for the user to correct."""

    sheet: str
    row: int
    reason: str
    letter: str
    values: list[Any]


@dataclass
class FixSheet:
    """The refused rows of one sheet under canonical headers, so the corrected sheet imports again."""

    sheet: str
    headers: list[str]
    rows: list[FixRow] = field(default_factory=list)
    text_columns: set[int] = field(default_factory=set)  # ID numbers: typed corrections stay text
