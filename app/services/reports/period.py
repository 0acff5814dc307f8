"""The period a report covers: a month (2026-10), a quarter (2026-Q4) or a year (2026)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.errors import UserFacingError


class ReportKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def title(self) -> str:
        return KIND_TITLES[self]

    @property
    def period_format(self) -> str:
        return PERIOD_FORMATS[self]


KIND_TITLES = {ReportKind.MONTHLY: "月分析", ReportKind.QUARTERLY: "季调度", ReportKind.YEARLY: "年考核"}
PERIOD_FORMATS = {ReportKind.MONTHLY: "YYYY-MM", ReportKind.QUARTERLY: "YYYY-Qn", ReportKind.YEARLY: "YYYY"}
EXAMPLES = {ReportKind.MONTHLY: "2026-10", ReportKind.QUARTERLY: "2026-Q3", ReportKind.YEARLY: "2026"}
FIRST_YEAR = 2000

_PATTERNS = {
    ReportKind.MONTHLY: re.compile(r"(\d{4})-(\d{1,2})"),
    ReportKind.QUARTERLY: re.compile(r"(\d{4})-[Qq]([1-4])"),
    ReportKind.YEARLY: re.compile(r"(\d{4})"),
}


@dataclass(frozen=True)
class Period:
    kind: ReportKind
    start: date
    end: date  # the last day, inclusive
    code: str  # as typed back: 2026-10, 2026-Q4, 2026

    @property
    def label(self) -> str:
        if self.kind is ReportKind.MONTHLY:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind is ReportKind.QUARTERLY:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    def months(self) -> list[Period]:
        """The calendar months of the period, in order."""
        return [month_period(self.start.year, month)
                for month in range(self.start.month, self.end.month + 1)]

    def as_of(self, today: date) -> date:
        """The day the report's dated figures are taken on: the period's end, or today while it runs."""
        return min(self.end, today)


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = start.replace(day=calendar.monthrange(year, month)[1])
    return Period(ReportKind.MONTHLY, start, end, f"{year}-{month:02d}")


def parse_period(kind: ReportKind, text: str, today: date) -> Period:
    """Read a period as typed for a report kind; a Chinese message says what is wrong with it."""
    raw = (text or "").strip()
    match = _PATTERNS[kind].fullmatch(raw)
    wanted = f"{kind.title}的期间应写成 {kind.period_format}，例如 {EXAMPLES[kind]}"
    if match is None:
        raise UserFacingError(f"期间“{raw}”格式不对：{wanted}。", field="期间")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= today.year:
        raise UserFacingError(f"期间“{raw}”的年份 {year} 不在 {FIRST_YEAR}—{today.year} 年之间。", field="期间")
    if kind is ReportKind.MONTHLY:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise UserFacingError(f"期间“{raw}”的月份 {month} 不对，应为 1—12。", field="期间")
        period = month_period(year, month)
    elif kind is ReportKind.QUARTERLY:
        quarter = int(match.group(2))
        first = month_period(year, quarter * 3 - 2)
        last = month_period(year, quarter * 3)
        period = Period(kind, first.start, last.end, f"{year}-Q{quarter}")
    else:
        period = Period(kind, date(year, 1, 1), date(year, 12, 31), str(year))
    if period.start > today:
        raise UserFacingError(f"{period.label}还没有开始（今天是 {today.isoformat()}），不能出报表。", field="期间")
    return period
